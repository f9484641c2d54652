import ArqlLanguage
import ArqlLedger

extension Binder {
  /// The longest forecast horizon: three years after the as-of date.
  static let longestForecastDays = 1_096

  /// A forecast looks ahead: its window starts after the as-of date (`next 13 weeks`) and is
  /// at most three years long.
  func checkForecastHorizon(_ items: [BoundQuery.Item], window: DateRange, asOf: Int32, range: SourceRange) throws {
    guard items.contains(where: { $0.tree.leaves.contains { $0.metric == .forecastCash } }) else { return }
    if window.days == 0 {
      throw EngineError(.invalidWindow, "a forecast needs a horizon of at least one day", at: range,
                        notes: ["write for example: forecast by week next 13 weeks"])
    }
    if window.first <= asOf {
      throw EngineError(.invalidWindow, "a forecast looks ahead: its window \(window) starts on or before the as-of date \(Day.iso(asOf))",
                        at: range, notes: ["write next N days|weeks|months: forecast by week next 13 weeks",
                                           "to judge a past forecast, backtest it: backtest forecast by week next 13 weeks as of 2025-09-30"])
    }
    if window.last - asOf > Int32(Binder.longestForecastDays) {
      throw EngineError(.invalidWindow, "a forecast horizon is at most 3 years (\(window.days) days asked)", at: range,
                        notes: ["open items are dated from their due dates and payer habits; years ahead there is nothing left to date"])
    }
  }
}
