import ArqlLedger

extension Executor {
  /// The collection forecast at the context's as-of date (kpi-spec §7.1): the open amount of
  /// the items expected in the window (after D), expected on or before D (late vs forecast),
  /// excluded (legal); and for a backtest the cash applied in the window to the items open at D.
  func forecastSum(_ kernel: ForecastKernel, _ leaf: MetricLeaf, _ context: EvaluationContext, _ masks: [[Bool]?],
                   _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int) -> [Int64]
  {
    let d = context.asOf
    let (first, last) = (context.window.first, context.window.last)
    let spec = leaf.forecast ?? ForecastSpec()
    let docMask = masks[Universe.documents.rawValue]
    let docGroups = rowGroups[Universe.documents.rawValue]
    // The cohort and buckets methods forecast amounts, not a date per item: nothing is "late".
    switch (spec.method, kernel) {
    case (.cohort, .expected): return cohortForecast(asOf: d, window: context.window, mask: docMask, groups: docGroups, groupCount: groupCount)
    case (.buckets, .expected):
      return bucketForecast(spec, asOf: d, window: context.window, mask: docMask, groups: docGroups, groupCount: groupCount)
    case (.cohort, .late), (.buckets, .late): return [Int64](repeating: 0, count: groupCount)
    default: break
    }
    // The methods that forecast amounts still exclude legal items and date the actual cash by
    // the items' plan: the due-date plan serves them.
    let dated = spec.method.datesItems ? spec : ForecastSpec(method: .due)
    let plan = forecastPlan(dated, asOf: d)
    let open = snapshot(d).open
    let rule = plan.rule
    let n = ledger.invoices.count
    switch kernel {
    case .expected:
      // The items of the window are one run of the plan's order by expected day.
      let order = cache.value(.forecastOrder(ForecastKey(spec: dated, asOf: d)), bytes: \.bytes) {
        ForecastOrder(plan, open: open, days: Binder.longestForecastDays + 1)
      }
      var sums = [Int64](repeating: 0, count: groupCount)
      for i in order.rows(in: context.window) {
        let r = Int(order.rows[i])
        if docMask?[r] ?? true { sums[Int(docGroups[r])] &+= order.amounts[i] }
      }
      return sums
    case .late:
      return groupedSum(n, docGroups, docMask, groupCount) { r in
        guard rule[r] != .none, rule[r] != .legal else { return 0 }
        var late: Int64 = 0
        plan.forEachPart(r, open: open[r]) { day, amount in if day <= d { late &+= amount } }
        return late
      }
    case .excluded:
      return groupedSum(n, docGroups, docMask, groupCount) { r in rule[r] == .legal ? open[r] : 0 }
    case .actual:
      // Cash (not credit notes) applied after D, in the window, to the items the forecast
      // dated (open at D, not legal).
      let index = ledger.applications
      return groupedSum(n, docGroups, docMask, groupCount) { r in
        guard rule[r] != .none, rule[r] != .legal else { return 0 }
        var cash: Int64 = 0
        for a in Int(index.offsets[r])..<Int(index.offsets[r + 1]) {
          let day = index.date[a]
          if index.source[a] >= 0 && day > d && day >= first && day <= last { cash &+= index.amount[a] }
        }
        return cash
      }
    }
  }
}
