import ArqlLanguage

extension MetricCatalog {
  static let forecastArguments = [
    ArgumentSpec(
      "method", .word(["behaviour", "due", "cohort", "buckets"],
                      synonyms: ["behavior": "behaviour", "naive": "due", "due_date": "due", "curve": "cohort", "roll_rate": "buckets"]),
      default: "behaviour",
      "behaviour (default: promises, disputes, each customer's delay, kpi-spec §7.1), due (the naive baseline: every item at its "
        + "due date), cohort (issue-month collection curves, §7.2, by month) or buckets (aging buckets × roll rates measured after past month ends, §7.3)"),
    ArgumentSpec(
      "roll_forward", .word(["no", "yes"]), default: "no",
      "no (default: items expected on or before the as-of date are 'late vs forecast') or yes (into the first future days, plus what is left of the customer's delay)"),
    ArgumentSpec("horizon", .days(1...366), default: "30", "buckets method without a time grain: the days after the as-of date it forecasts (default 30); with one, each bucket is its own horizon"),
    ArgumentSpec(
      "rates", .percentages, default: "",
      "buckets method, without a time grain: percent of each aging bucket collected within the horizon (current, 1–30, 31–60, 61–90, over 90); "
        + "default: measured over the last 12 month ends"),
  ]

  /// The forecast spec an argument list asks for.
  static func forecastSpec(_ a: MetricArguments) throws -> ForecastSpec {
    let method = ForecastSpec.Method(rawValue: a.word("method")) ?? .behaviour
    let spec = ForecastSpec(method: method, rollForward: a.word("roll_forward") == "yes", horizon: a.days("horizon"), rates: a.list("rates") ?? [])
    if method != .buckets, let option = ["horizon", "rates"].first(where: a.given) {
      throw EngineError(.invalidArgument, "\(option) is an argument of the buckets method (method: buckets)", at: a.range(option))
    }
    if method.datesItems == false && a.given("roll_forward") {
      throw EngineError(.invalidArgument, "roll_forward dates items: the \(method.rawValue) method forecasts amounts", at: a.range("roll_forward"))
    }
    if !spec.rates.isEmpty && spec.rates.count != 5 {
      throw EngineError(.invalidArgument, "rates are 5 percentages: current, 1–30, 31–60, 61–90, over 90", at: a.range("rates"))
    }
    return spec
  }

  /// The collection forecast (kpi-spec §7): when the open receivables are expected to be paid.
  static let forecastMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "forecast", aliases: ["collection forecast", "cash forecast", "expected collections", "forecast collections", "prevision d'encaissements",
                                  "previsions d'encaissements"],
      kind: .window, unit: .money,
      formula: "Σ open amount at D of the debit items expected in the window (after D), by priority (kpi-spec §7.1): status legal → "
        + "excluded (forecast_excluded); an active promise to pay → its promised date; an open dispute → due + the average resolution "
        + "days of its reason (disputes resolved by D) + the customer's delay; otherwise due + the customer's delay: its signed, "
        + "amount-weighted days late of the cash of the 180 days to D, rounded (without a payment: its category's, then everyone's); "
        + "expected on or before D → forecast_late (or roll_forward: yes). Only what was known at D is used. Σ forecast over the "
        + "horizon + beyond it + forecast_late + forecast_excluded = gross_open; unapplied cash and credits may reduce receipts",
      arguments: forecastArguments,
      implementation: .builtin(MetricBuild { a, _ in
        .leaf(MetricLeaf(metric: .forecastCash, filter: nil, aging: nil, forecast: try forecastSpec(a)))
      }),
      summary: "Cash expected from the open receivables in each bucket of a future window (next 13 weeks)."),
    MetricDefinition(
      name: "forecast_late", aliases: ["late vs forecast", "off forecast"], kind: .pointInTime, unit: .money,
      formula: "Σ open amount at D of the debit items the forecast expected on or before D: overdue beyond the customer's usual delay "
        + "(kpi-spec §7.1 rule 5); 0 with roll_forward: yes",
      arguments: forecastArguments,
      implementation: .builtin(MetricBuild { a, _ in
        .leaf(MetricLeaf(metric: .forecastLate, filter: nil, aging: nil, forecast: try forecastSpec(a)))
      }),
      summary: "Open items already late against their forecast date."),
    MetricDefinition(
      name: "forecast_excluded", aliases: ["excluded from forecast", "legal items"], kind: .pointInTime, unit: .money,
      formula: "Σ open amount at D of the debit items with status legal (litigation, contentieux): not forecast as cash (kpi-spec §7.1 rule 1)",
      arguments: [],
      implementation: .builtin(MetricBuild { _, _ in .leaf(MetricLeaf(metric: .forecastExcluded, filter: nil, aging: nil)) }),
      summary: "Open items in litigation, left out of the forecast."),
    MetricDefinition(
      name: "forecast_actual", aliases: ["actual collections"], kind: .window, unit: .money,
      formula: "cash applied in the window (after D) to the debit items open at D, legal ones apart: what the forecast is judged "
        + "against (backtest, kpi-spec §7.4)",
      arguments: [],
      implementation: .builtin(MetricBuild { _, _ in .leaf(MetricLeaf(metric: .forecastActual, filter: nil, aging: nil)) }),
      summary: "Cash actually received on the items open at the as-of date."),
  ]
}
