import ArqlLanguage

extension MetricCatalog {
  /// dispute's own.
  static let disputeMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "disputes_opened", aliases: ["disputes opened", "new disputes"], kind: .window, unit: .count,
      formula: "count of dispute episodes opened in the window", arguments: [], implementation: .builtin(.kernel(.disputesOpened)),
      summary: "Disputes opened in the window."),
    MetricDefinition(
      name: "disputes_resolved", aliases: ["disputes resolved", "resolved disputes"], kind: .window, unit: .count,
      formula: "count of dispute episodes resolved in the window", arguments: [], implementation: .builtin(.kernel(.disputesResolved)),
      summary: "Disputes resolved in the window."),
    MetricDefinition(
      name: "dispute_rate", aliases: ["dispute rate", "taux de litige"], kind: .window, unit: .ratio,
      formula: "invoices issued in the window and disputed by D / invoices issued in the window (kpi-spec §8.1, invoice cohort). "
        + MetricCatalog.shareRule,
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .share(.at(.disputedInvoices), of: .at(.itemCount)) }), summary: "Share of the window's invoices that were disputed."),
    MetricDefinition(
      name: "dispute_resolution_rate", aliases: ["dispute resolution rate", "resolution rate"], kind: .window, unit: .ratio,
      formula: "resolved in W / (open the day before W + opened in W) (kpi-spec §8.1)",
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .binary(.divide, .at(.disputesResolved), .binary(.add, .at(.disputeEpisodesOpen, .beforeWindow), .at(.disputesOpened))) }), summary: "Share of the disputes to handle that were resolved."),
    MetricDefinition(
      name: "dispute_resolution_days", aliases: ["dispute resolution days", "resolution time", "average resolution time"], kind: .window,
      unit: .days,
      formula: "mean(resolved − opened) over the disputes resolved in W; weight: amount weighs by the disputed amount (kpi-spec §8.1)",
      arguments: [ArgumentSpec("weight", .word(["count", "amount"]), default: "count", "count (default) or amount (the disputed amount, else the invoice's)")],
      implementation: .builtin(MetricBuild { a, _ in
        a.word("weight") == "amount"
          ? .weighted(.at(.resolutionDaysAmount), .at(.resolvedAmount)) : .weighted(.at(.resolutionDays), .at(.disputesResolved))
      }), summary: "Average time to resolve a dispute."),
    MetricDefinition(
      name: "dispute_age", aliases: ["dispute age", "age of open disputes"], kind: .pointInTime, unit: .days,
      formula: "mean(D − opened) over the disputes open at D (kpi-spec §8.1)", arguments: [], implementation: .builtin(MetricBuild { _, _ in .weighted(.kernel(.openDisputeDays), .kernel(.disputeEpisodesOpen)) }),
      summary: "How long the open disputes have been open."),
  ]

  /// The argument of the credit-limit metrics.
}
