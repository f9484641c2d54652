/// A calendar unit of windows, grains and comparisons.
public enum TimeUnit: String, Sendable, Hashable, CaseIterable {
  case day, week, month, quarter, year
  case fiscalQuarter = "fiscal_quarter"
  case fiscalYear = "fiscal_year"

  /// The singular word.
  public var word: String { rawValue }

  /// The plural word used after a count.
  public var plural: String { rawValue + "s" }
}
