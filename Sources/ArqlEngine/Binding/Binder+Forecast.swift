import ArqlLanguage
import ArqlLedger

extension Binder {
  /// The longest forecast horizon: three years after the as-of date.
  static let longestForecastDays = 1_096

  /// A forecast looks ahead: its window starts after the as-of date (`next 13 weeks`) and is
  /// at most three years long.
  func checkForecastHorizon(_ items: [BoundQuery.Item], window: DateRange, asOf: Int32, grain: TimeUnit?, range: SourceRange) throws {
    let specs = items.forecastSpecs
    guard !specs.isEmpty else { return }
    if specs.contains(where: { $0.method == .cohort }), let grain, grain != .month {
      throw EngineError(.invalidArgument, "the cohort method forecasts by month (issue-month curves): write by month", at: range)
    }
    if let buckets = specs.first(where: { $0.method == .buckets }) {
      // With a grain, each bucket of the window is its own pair of horizons; rates given hold
      // for the horizon alone.
      if grain != nil && !buckets.rates.isEmpty {
        throw EngineError(.invalidArgument, "rates hold for one horizon: drop the time grain, or the rates to measure them per bucket",
                          at: range, notes: ["forecast(method: buckets, horizon: 30, rates: [85, 60, 45, 30, 10])"])
      }
      if grain == nil && window.days != Int(buckets.horizon) {
        throw EngineError(.invalidWindow, "the buckets method forecasts the \(buckets.horizon) days of its horizon, not \(window.days): "
                            + "drop the window or set horizon: \(window.days)", at: range)
      }
    }
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
