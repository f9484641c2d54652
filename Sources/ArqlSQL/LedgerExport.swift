import ArqlEngine
import ArqlLanguage
import ArqlLedger
import Foundation

/// Writes a ledger's native tables for an SQL engine (`arql export-sql`): one CSV file per
/// table and `load.sql`, which creates the tables (amounts `DECIMAL(18,2)`, dates `DATE`) and
/// loads the files with the engine's own bulk loader. Run on an engine, it loads them there.
public struct LedgerExport {
  public let dialect: SQLDialect
  public let tables: [EngineTable]

  /// - Throws: `EngineFailure` when a booked provision of the invoices file is not an amount.
  public init(ledger: Ledger, dialect: SQLDialect) throws(EngineFailure) {
    self.dialect = dialect
    do {
      tables = try EngineTable.tables(of: ledger)
    } catch {
      throw EngineFailure("invoices.csv column '\(error.column)': '\(error.value)' is not an amount",
                          notes: ["booked provisions are amounts such as 125.50, one per document"])
    }
  }

  private func sqlType(_ type: EngineTable.ColumnType) -> String {
    switch type {
    case .text: return dialect.textType
    case .money: return dialect.moneyType
    case .date: return dialect.dateType
    case .integer: return dialect.integerType
    case .boolean: return "BOOLEAN"
    }
  }

  /// The script that creates and loads the tables from the CSV files in `folder` (absolute).
  public func loadScript(folder: String) -> String {
    var lines = ["-- arql export-sql: the native tables of a ledger for \(dialect.rawValue)"]
    for table in tables {
      let path = (folder as NSString).appendingPathComponent(table.name + ".csv")
      let columns = table.columns.map { "\(dialect.quote($0.name)) \(sqlType($0.type))" }.joined(separator: ", ")
      switch dialect {
      case .postgres:
        lines.append("DROP TABLE IF EXISTS \(table.name);")
        lines.append("CREATE TABLE \(table.name) (\(columns));")
        // psql's \copy reads the file on the client: the server needs no access to it.
        lines.append("\\copy \(table.name) FROM \(dialect.string(path)) WITH (FORMAT csv, HEADER true)")
      case .duckdb:
        lines.append("CREATE OR REPLACE TABLE \(table.name) (\(columns));")
        lines.append("COPY \(table.name) FROM \(dialect.string(path)) (FORMAT csv, HEADER true);")
      case .spark:
        // Views over the files, created by each session (spark-sql -i load.sql): no metastore needed.
        lines.append("CREATE OR REPLACE TEMPORARY VIEW \(table.name) (\(columns)) USING csv OPTIONS (path \(dialect.string(path)), header 'true', dateFormat 'yyyy-MM-dd');")
      }
    }
    // The joins the generated statements make: by invoice id and customer id.
    switch dialect {
    case .postgres, .duckdb:
      lines.append("CREATE INDEX IF NOT EXISTS invoices_id ON invoices (invoice_id);")
      lines.append("CREATE INDEX IF NOT EXISTS payments_invoice ON payments (invoice_id);")
      lines.append("CREATE INDEX IF NOT EXISTS customers_id ON customers (customer_id);")
      if dialect == .postgres { lines.append("ANALYZE;") }
    case .spark:
      break
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the CSV files and `load.sql` into `folder` (created if needed); the script's path.
  public func write(to folder: String) throws(EngineFailure) -> String {
    let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
    do {
      try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
      for table in tables {
        try Data(table.csv).write(to: URL(fileURLWithPath: (absolute as NSString).appendingPathComponent(table.name + ".csv")), options: .atomic)
      }
      let script = (absolute as NSString).appendingPathComponent("load.sql")
      try Data(loadScript(folder: absolute).utf8).write(to: URL(fileURLWithPath: script), options: .atomic)
      return script
    } catch {
      throw EngineFailure("cannot write the tables to \(folder): \(error.localizedDescription)")
    }
  }

  /// Loads the tables into the engine at `address` (through a temporary folder).
  public func load(into address: EngineAddress) throws -> String {
    let folder = NSTemporaryDirectory() + "arql-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let script = try write(to: folder)
    guard let connection = try address.connect() as? ToolConnection else { return "" }
    let text = (try? String(contentsOfFile: script, encoding: .utf8)) ?? ""
    _ = try connection.execute(text)
    let rows = tables.map { "\($0.name) \($0.rowCount)" }.joined(separator: ", ")
    return "loaded into \(address.safeText): \(rows)"
  }
}

/// What the engine holds: its latest document or cash date (the default as-of date), and its
/// customers table, which arql keeps for completion, filter checks and per-customer rollups.
public enum EngineFacts {
  /// A ledger holding the engine's customers and no document: what arql opens with
  /// `--engine` and no ledger of its own.
  public static func customerLedger(_ connection: any SQLConnection) throws -> Ledger {
    let columns = ["customer_id", "name", "division", "sales_rep", "collector", "category", "country", "credit_limit", "payment_terms_days"]
    let rows = try connection.rows("SELECT " + columns.joined(separator: ", ") + " FROM customers ORDER BY customer_id")
    func field(_ value: String?) -> String {
      guard let value else { return "" }
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    let text = ([columns.joined(separator: ",")] + rows.map { $0.map(field).joined(separator: ",") }).joined(separator: "\n") + "\n"
    let folder = NSTemporaryDirectory() + "arql-engine-customers-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/customers.csv"))
    try Data("invoice_id,customer_id,doc_date,amount\n".utf8).write(to: URL(fileURLWithPath: folder + "/invoices.csv"))
    return try LedgerLoader.load(directory: folder).0
  }

  /// The engine's ledger facts, in one statement.
  public static func facts(_ connection: any SQLConnection) throws -> EngineLedgerFacts {
    let counts: [(TableKind, String)] = [(.invoices, "invoices"), (.payments, "payments"), (.customers, "customers"), (.exposures, "exposures"),
                                         (.disputes, "disputes"), (.actions, "actions"), (.surveys, "surveys"),
                                         (.promises, "promises")]
    let sql = "SELECT (SELECT MAX(d) FROM (SELECT MAX(posting_date) AS d FROM invoices UNION ALL SELECT MAX(payment_date) FROM payments) m) AS latest, "
      + "(SELECT COUNT(*) FROM invoices WHERE due_date_defaulted) AS defaulted, "
      + "(SELECT COUNT(*) FROM invoices WHERE status = 'opening_aggregated') AS aggregated, "
      + "(SELECT COUNT(*) FROM payments WHERE match_method IS NOT NULL) AS methods, "
      + "(SELECT COUNT(*) FROM invoices WHERE booked_provision IS NOT NULL) AS provisions"
      + counts.map { ", (SELECT COUNT(*) FROM \($0.1)) AS \($0.1)" }.joined()
    guard let row = try connection.rows(sql).first, row.count == 5 + counts.count else {
      throw EngineError(.engineFailure, "\(connection.displayName) did not describe its ledger tables")
    }
    func count(_ i: Int) -> Int { row[i].flatMap { Int($0) } ?? 0 }
    return EngineLedgerFacts(
      latestDate: row[0].flatMap { Day.parseISO(String($0.prefix(10))) }, defaultedDueDates: count(1), aggregatedOpenings: count(2) > 0,
      tablesWithRows: Set(counts.enumerated().filter { count(5 + $0.offset) > 0 }.map(\.element.0)), matchMethods: count(3) > 0,
      bookedProvisions: count(4) > 0)
  }
}
