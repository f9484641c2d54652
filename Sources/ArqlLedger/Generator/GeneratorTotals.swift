/// The generator's own count of what it wrote, to check a load against (row counts and money
/// sums to the cent, as the loader stores them: credit notes and write-offs negative).
public struct GeneratorTotals: Sendable, Equatable {
  /// Rows per table.
  public var rows: [TableKind: Int] = [:]
  /// Sum of the `amount` column per table, in cents (as stored by the loader).
  public var amounts: [TableKind: Int64] = [:]

  public init() {}

  mutating func add(_ other: GeneratorTotals) {
    for (k, v) in other.rows { rows[k, default: 0] += v }
    for (k, v) in other.amounts { amounts[k, default: 0] += v }
  }

  mutating func row(_ table: TableKind, amount: Int64 = 0) {
    rows[table, default: 0] += 1
    amounts[table, default: 0] += amount
  }
}
