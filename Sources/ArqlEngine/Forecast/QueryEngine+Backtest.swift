import ArqlLanguage
import ArqlLedger

extension QueryEngine {
  /// `backtest forecast ... as of PAST`: each forecast made at that date, from what was known
  /// then, beside the cash that came on its items in each bucket (kpi-spec §7.4); the naive
  /// due-date forecast is always shown, so the gain of a method is visible. Per bucket:
  /// actual, each forecast and its error (forecast − actual); in the notes, per method,
  /// accuracy = 1 − Σ|actual − forecast| / Σ forecast and MAPE over the buckets with cash.
  func backtest(_ q: Query) throws -> ResultTable {
    var bound = try binder.bind(q)
    let forecasts = bound.items.filter { item in
      if case .leaf(let leaf) = item.tree { return leaf.metric == .forecastCash }
      return false
    }
    guard !forecasts.isEmpty, forecasts.count == bound.items.count else {
      throw EngineError(.invalidArgument, "backtest compares forecasts with the cash that came: its metrics are forecast(...)", at: q.range,
                        notes: ["backtest forecast(method: behaviour), forecast(method: due) by month next 6 months as of 2025-06-30"])
    }
    guard let latest = latestPostingDate, bound.asOf < latest else {
      throw EngineError(.invalidWindow, "a backtest needs a past as-of date: the ledger runs to "
                          + (latestPostingDate.map(Day.iso) ?? "nothing"), at: q.range,
                        notes: ["add as of DATE: backtest forecast by week next 13 weeks as of 2025-09-30"])
    }
    func leaf(_ item: BoundQuery.Item) -> MetricLeaf? {
      if case .leaf(let l) = item.tree { return l }
      return nil
    }
    var methods = forecasts
    if !forecasts.contains(where: { leaf($0)?.forecast?.method == .due }) {
      // The naive baseline: every open item at its due date.
      let naive = MetricLeaf(metric: .forecastCash, filter: forecasts.first.flatMap(leaf)?.filter, aging: nil,
                             forecast: ForecastSpec(method: .due, rollForward: false))
      methods.append(BoundQuery.Item(name: "naive_due_dates", tree: .leaf(naive), unit: .money, aging: nil,
                                     formula: "every open item at its due date"))
    }
    let actual = MetricTree.leaf(MetricLeaf(metric: .forecastActual, filter: nil, aging: nil))
    var items = [BoundQuery.Item(name: "actual", tree: actual, unit: .money, aging: nil,
                                 formula: "cash applied in the bucket to the items open at the as-of date")]
    for method in methods {
      items.append(method)
      items.append(BoundQuery.Item(name: method.name + "_error", tree: .binary(.subtract, method.tree, actual), unit: .money, aging: nil,
                                   formula: "forecast − actual"))
    }
    bound.items = items
    let executor = Executor(ledger: ledger, attributes: attributes, calendar: Calendar(settings: calendarSettings),
                            parameters: parameters, dimensions: dimensions, cache: sessionCache, cancellation: cancellation)
    var table = try Assembler(executor: executor, query: bound).table()
    let actuals = table.column("actual")?.values.map(\.cents) ?? []
    for method in methods {
      let values = table.column(method.name)?.values.map(\.cents) ?? []
      table.notes.append("\(method.name): " + BacktestScore(actual: actuals, forecast: values).text)
    }
    if bound.window.last > latest {
      table.notes.append("the ledger runs to \(Day.iso(latest)): buckets after it have no actual cash yet")
    }
    return table
  }
}

/// How close a forecast came (kpi-spec §7.4), from the cents of each bucket.
struct BacktestScore: Equatable {
  let actual: [Int64]
  let forecast: [Int64]

  /// 1 − Σ|actual − forecast| / Σ forecast; nil without forecast cash.
  var accuracy: Double? {
    let errors = zip(actual, forecast).reduce(Int64(0)) { $0 &+ abs($1.0 &- $1.1) }
    let total = forecast.reduce(Int64(0), &+)
    return total > 0 ? 1 - Double(errors) / Double(total) : nil
  }

  /// Mean of |actual − forecast| / actual over the buckets where cash came.
  var mape: Double? {
    let ratios = zip(actual, forecast).filter { $0.0 > 0 }.map { Double(abs($0.0 &- $0.1)) / Double($0.0) }
    return ratios.isEmpty ? nil : ratios.reduce(0, +) / Double(ratios.count)
  }

  var text: String {
    func percent(_ v: Double?) -> String { v.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a" }
    return "accuracy \(percent(accuracy)), MAPE \(percent(mape)) (forecast \(Money.format(forecast.reduce(0, &+))), "
      + "actual \(Money.format(actual.reduce(0, &+))))"
  }
}

extension ResultValue {
  /// Money in cents (0 for anything else).
  var cents: Int64 {
    if case .money(let c) = self { return c }
    return 0
  }
}
