import ArqlLedger

/// An SQL engine's dialect: the few places where PostgreSQL, DuckDB and Spark SQL spell the
/// same thing differently. The generator writes standard SQL and asks the dialect for the rest.
///
/// Money is exact on every engine: tables hold amounts as `DECIMAL(18,2)`, the generator turns
/// them into integer cents once (`cents`) and sums integers, never floating point.
public enum SQLDialect: String, CaseIterable, Sendable {
  case postgres, duckdb, spark

  /// The dialect named `name` (`postgresql` and `pg` read as `postgres`).
  public init?(name: String) {
    switch name.lowercased() {
    case "postgres", "postgresql", "pg": self = .postgres
    case "duckdb": self = .duckdb
    case "spark", "sparksql", "spark_sql": self = .spark
    default: return nil
    }
  }

  /// The names `explain sql` accepts.
  public static var names: [String] { allCases.map(\.rawValue) }

  /// An identifier, quoted: `"user"` (standard) or `` `user` `` (Spark).
  public func quote(_ name: String) -> String {
    switch self {
    case .postgres, .duckdb: return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    case .spark: return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }
  }

  /// A string literal (quotes doubled; Spark also escapes backslashes).
  public func string(_ text: String) -> String {
    var body = text.replacingOccurrences(of: "'", with: "''")
    if self == .spark { body = body.replacingOccurrences(of: "\\", with: "\\\\") }
    return "'" + body + "'"
  }

  /// A date literal.
  public func date(_ day: Int32) -> String { "DATE '\(Day.iso(day))'" }

  /// The whole days from `start` to `end` (dates): `end - start` or `datediff(end, start)`.
  public func days(from start: String, to end: String) -> String {
    switch self {
    case .postgres, .duckdb: return "(\(end) - \(start))"
    case .spark: return "datediff(\(end), \(start))"
    }
  }

  /// A date `days` days after `date`.
  public func addDays(_ date: String, _ days: String) -> String {
    switch self {
    case .postgres, .duckdb: return "(\(date) + \(days))"
    case .spark: return "date_add(\(date), \(days))"
    }
  }

  /// An integer expression in a type that holds products of amounts without overflow.
  public func wide(_ expression: String) -> String {
    switch self {
    case .postgres: return "CAST(\(expression) AS NUMERIC)"
    case .duckdb: return "CAST(\(expression) AS HUGEINT)"
    case .spark: return "CAST(\(expression) AS DECIMAL(38,0))"
    }
  }

  /// Integer division truncated toward zero (both integers).
  public func integerDivision(_ numerator: String, _ denominator: String) -> String {
    switch self {
    case .postgres: return "(\(numerator) / \(denominator))"
    case .duckdb: return "(\(numerator) // \(denominator))"
    case .spark: return "(\(numerator) DIV \(denominator))"
    }
  }

  /// `numerator / denominator` rounded half away from zero, in integers (both wide).
  public func roundedDivision(_ numerator: String, _ denominator: String) -> String {
    let quotient: String
    let (n, d) = ("ABS(\(numerator))", "ABS(\(denominator))")
    switch self {
    case .postgres: quotient = "div(2 * \(n) + \(d), 2 * \(d))"
    case .duckdb: quotient = "((2 * \(n) + \(d)) // (2 * \(d)))"
    case .spark: quotient = "((2 * \(n) + \(d)) DIV (2 * \(d)))"
    }
    return "CASE WHEN (\(numerator) >= 0) = (\(denominator) > 0) THEN \(quotient) ELSE -\(quotient) END"
  }

  /// An amount column in `DECIMAL(18,2)` as exact integer cents.
  public func cents(_ column: String) -> String { "CAST(\(column) * 100 AS BIGINT)" }

  /// A sum that cannot overflow before arql reads it: Spark sums `BIGINT` into `BIGINT`, the
  /// others widen (PostgreSQL to NUMERIC, DuckDB to HUGEINT); Spark gets a DECIMAL(38,0) input.
  public func exactSum(_ expression: String) -> String {
    switch self {
    case .postgres, .duckdb: return "SUM(\(expression))"
    case .spark: return "SUM(CAST(\(expression) AS DECIMAL(38,0)))"
    }
  }

  /// Column types of the native schema's tables.
  public var textType: String { self == .spark ? "STRING" : "TEXT" }
  public var moneyType: String { "DECIMAL(18,2)" }
  public var integerType: String { "INTEGER" }
  public var dateType: String { "DATE" }

  /// The `VALUES` list of a table built inline, with its column names:
  /// `(VALUES (...), (...)) AS t(a, b)` everywhere; Spark reads the same spelling.
  public func values(_ rows: [[String]], alias: String, columns: [String]) -> String {
    let body = rows.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: ",\n    ")
    return "(VALUES\n    \(body)) AS \(alias)(\(columns.joined(separator: ", ")))"
  }
}
