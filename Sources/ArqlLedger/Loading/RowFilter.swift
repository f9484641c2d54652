/// A row filter of a mapping (`where CompteNum starts with '411'`, `where Type = 'Invoice'`):
/// the rows of an export that belong to the table. Rows it leaves out are not read at all (their
/// values are not checked) and are counted in the load report.
///
/// Forms: `COLUMN = VALUE`, `COLUMN != VALUE` (or `<>`), `COLUMN starts with VALUE`,
/// `COLUMN in (V1, V2, ...)`, `COLUMN not in (...)`, `COLUMN is empty`, `COLUMN is not empty`.
/// A column name with spaces is written in double quotes or backticks; values in single or
/// double quotes, or bare. Values are compared with the field's text without the spaces around it.
public struct RowFilter: Sendable, Equatable, CustomStringConvertible {
  /// What a field's text must satisfy.
  public enum Test: Sendable, Equatable {
    case oneOf([String])
    case noneOf([String])
    case startsWith([String])
    case empty
    case notEmpty
  }

  /// The file column tested.
  public var column: String
  public var test: Test

  public var description: String {
    func list(_ values: [String]) -> String { values.map { "'\($0)'" }.joined(separator: ", ") }
    switch test {
    case .oneOf(let v): return v.count == 1 ? "\(column) = '\(v[0])'" : "\(column) in (\(list(v)))"
    case .noneOf(let v): return v.count == 1 ? "\(column) != '\(v[0])'" : "\(column) not in (\(list(v)))"
    case .startsWith(let v): return "\(column) starts with \(list(v))"
    case .empty: return "\(column) is empty"
    case .notEmpty: return "\(column) is not empty"
    }
  }

  /// Reads a condition.
  /// - Throws: a message saying the forms a condition takes.
  public static func parse(_ text: String) throws(CSVOptions.SettingError) -> RowFilter {
    var rest = Substring(text.trimmingSpaces)
    // The column: quoted, or the words before the operator.
    var column: String
    if let quote = rest.first, quote == "\"" || quote == "`" {
      guard let close = rest.dropFirst().firstIndex(of: quote) else { throw syntax("the column name's quote is not closed") }
      column = String(rest[rest.index(after: rest.startIndex)..<close])
      rest = rest[rest.index(after: close)...]
    } else {
      let lower = rest.lowercased()
      let operators = ["!=", "<>", "=", " starts with ", " not in ", " in ", " is not empty", " is empty"]
      guard let cut = operators.compactMap({ op in lower.range(of: op).map { lower.distance(from: lower.startIndex, to: $0.lowerBound) } }).min()
      else { throw syntax("no condition in '\(text)'") }
      column = String(rest.prefix(cut)).trimmingSpaces
      rest = rest.dropFirst(cut)
    }
    column = column.trimmingSpaces
    guard !column.isEmpty else { throw syntax("the condition names no column") }
    rest = Substring(String(rest).trimmingSpaces)
    let lower = rest.lowercased()
    func values(_ text: Substring) throws(CSVOptions.SettingError) -> [String] {
      var body = String(text).trimmingSpaces
      if body.hasPrefix("(") {
        guard body.hasSuffix(")") else { throw syntax("the list of values is not closed with ')'") }
        body = String(body.dropFirst().dropLast())
      }
      let items = MappingFile.list(body)
      guard !items.isEmpty else { throw syntax("the condition has no value") }
      return items
    }
    if lower == "is empty" { return RowFilter(column: column, test: .empty) }
    if lower == "is not empty" { return RowFilter(column: column, test: .notEmpty) }
    for (op, make) in [("!=", Test.noneOf), ("<>", Test.noneOf), ("=", Test.oneOf)] as [(String, ([String]) -> Test)] where lower.hasPrefix(op) {
      return RowFilter(column: column, test: make(try values(rest.dropFirst(op.count))))
    }
    for (op, make) in [("starts with", Test.startsWith), ("not in", Test.noneOf), ("in", Test.oneOf)] as [(String, ([String]) -> Test)]
    where lower.hasPrefix(op + " ") || lower.hasPrefix(op + "(") {
      return RowFilter(column: column, test: make(try values(rest.dropFirst(op.count))))
    }
    throw syntax("'\(text)' is not a condition")
  }

  private static func syntax(_ message: String) -> CSVOptions.SettingError {
    .badValue(message, notes: ["conditions: COLUMN = VALUE, COLUMN != VALUE, COLUMN starts with VALUE, COLUMN in (V1, V2), COLUMN is empty, COLUMN is not empty"])
  }

  /// Whether a field's text (spaces around it ignored) passes.
  func passes(_ field: String) -> Bool {
    let value = field.trimmingSpaces
    switch test {
    case .oneOf(let v): return v.contains(value)
    case .noneOf(let v): return !v.contains(value)
    case .startsWith(let v): return v.contains { value.hasPrefix($0) }
    case .empty: return value.isEmpty
    case .notEmpty: return !value.isEmpty
    }
  }
}
