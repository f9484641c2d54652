/// What `arql gen` produces.
public struct GeneratorConfig: Sendable {
  /// The seed: the same seed gives byte-identical files.
  public var seed: UInt64
  /// Invoices to generate (credit notes and write-offs come on top).
  public var invoices: Int
  /// Customers (default: one per ten invoices).
  public var customers: Int
  /// First day of the period.
  public var start: Int32
  /// Length of the period in months.
  public var months: Int
  /// Number of divisions (at most 8).
  public var divisions: Int

  public init(seed: UInt64 = 42, invoices: Int = 2_000, customers: Int? = nil, start: Int32 = Day.number(year: 2024, month: 1, day: 1),
              months: Int = 24, divisions: Int = 3) {
    self.seed = seed
    self.invoices = max(1, invoices)
    self.customers = max(1, min(customers ?? max(1, invoices / 10), self.invoices))
    self.start = start
    self.months = max(1, months)
    self.divisions = min(8, max(1, divisions))
  }

  /// The last day of the period.
  public var end: Int32 {
    let (y, m, _) = Day.civil(start)
    let total = (y * 12 + (m - 1)) + months
    return Day.number(year: total / 12, month: total % 12 + 1, day: 1) - 1
  }
}
