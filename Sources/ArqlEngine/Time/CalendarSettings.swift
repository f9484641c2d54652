import ArqlLanguage

/// The calendar conventions of a session (`set fiscal_year_start = 4`).
public struct CalendarSettings: Sendable, Equatable {
  /// The month (1–12) a fiscal year starts in; `FY2025` is the fiscal year that ends in 2025.
  public var fiscalYearStartMonth: Int

  public init(fiscalYearStartMonth: Int = 1) {
    self.fiscalYearStartMonth = min(12, max(1, fiscalYearStartMonth))
  }
}
