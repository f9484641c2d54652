/// The values of the session's settings (`set NAME = VALUE`); `Setting.all` says what each is.
public struct SessionSettings: Sendable, Equatable {
  /// `set as_of = ...`: overrides the latest posting date; nil follows the ledger.
  public var asOfOverride: Int32?
  /// `set fiscal_year_start = 4`.
  public var calendar = CalendarSettings()
  /// `set locale = fr`: how tables for people write numbers and dates; machine formats never change.
  public var locale = "en"
  /// `set provision_rates = '...'`: percent per days-past-due bucket (kpi-spec §8.4).
  public var provisionRates: [Int64] = Binder.defaultProvisionRates
  /// `set cache = off`: every query computes open amounts and forecast plans again.
  public var cache = true

  public init() {}
}
