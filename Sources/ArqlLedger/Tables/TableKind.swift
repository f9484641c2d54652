/// The tables of the native ledger schema (DESIGN.md §3).
public enum TableKind: String, Sendable, CaseIterable, Comparable, CustomStringConvertible, Codable {
  case customers, invoices, payments, disputes, actions, promises, exposures, surveys

  /// The native file name, `invoices.csv`.
  public var fileName: String { rawValue + ".csv" }

  public var description: String { rawValue }

  /// Load order: referenced tables before the tables that reference them.
  public static func < (a: TableKind, b: TableKind) -> Bool {
    (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
  }

  /// Reads a table name, singular or plural.
  public init?(name: String) {
    let lower = name.trimmingSpaces.lowercased()
    if let kind = TableKind(rawValue: lower) ?? TableKind(rawValue: lower + "s") {
      self = kind
    } else {
      return nil
    }
  }

  /// The native columns of the table.
  public var schema: TableSchema { TableSchema.native(self) }
}
