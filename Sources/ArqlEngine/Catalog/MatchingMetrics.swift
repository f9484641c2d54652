import ArqlLanguage

extension MetricCatalog {
  /// comes from its match_method column (auto or manual), which a FEC lacks.
  static let matchingMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "receipt_count", aliases: ["receipt lines", "cash lines"], kind: .window, unit: .count,
      formula: "count of cash lines received in the window", arguments: [], implementation: .builtin(.kernel(.receipts)),
      summary: "Receipts in the window."),
    MetricDefinition(
      name: "auto_match_rate", aliases: ["auto match rate", "stp rate", "taux de lettrage automatique"], kind: .window,
      unit: .ratio,
      formula: "receipts of W matched automatically / receipts of W; weight: amount uses their amounts (kpi-spec §8.2)",
      arguments: [ArgumentSpec("weight", .word(["count", "amount"]), default: "count", "count (default) or amount")],
      implementation: .builtin(MetricBuild { a, _ in
        a.word("weight") == "amount"
          ? .binary(.divide, .at(.autoMatchedAmount), .at(.collected)) : .binary(.divide, .at(.autoMatched), .at(.receipts))
      }), summary: "Share of the receipts the matching tool lettered on its own."),
    MetricDefinition(
      name: "lettering_rate", aliases: ["lettering rate", "match rate", "taux de lettrage"], kind: .window, unit: .ratio,
      formula: "Σ receipts of W matched to an invoice by D / Σ receipts of W (kpi-spec §8.2, any method)",
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .binary(.divide, .at(.matchedAmount), .at(.collected)) }), summary: "Share of the cash received that is lettered."),
    MetricDefinition(
      name: "unmatched_cash", aliases: ["unmatched cash", "cash not lettered"], kind: .pointInTime, unit: .money,
      formula: "Σ cash lines received ≤ D and not applied at D (positive; unapplied credit notes are not cash)",
      arguments: [], implementation: .builtin(.kernel(.unmatchedCash)), summary: "Cash received and not yet lettered."),
    MetricDefinition(
      name: "unmatched_count", aliases: ["unmatched count", "unmatched lines"], kind: .pointInTime, unit: .count,
      formula: "count of the cash lines unmatched at D", arguments: [], implementation: .builtin(.kernel(.unmatchedCount)),
      summary: "Cash lines not yet lettered."),
    MetricDefinition(
      name: "unmatched_age", aliases: ["unmatched age", "age of unmatched cash"], kind: .pointInTime, unit: .days,
      formula: "Σ amount × (D − payment_date) / Σ amount over the cash unmatched at D", arguments: [],
      implementation: .builtin(MetricBuild { _, _ in .weighted(.kernel(.unmatchedDays), .kernel(.unmatchedCash)) }), summary: "How long unmatched cash has waited, amount-weighted."),
    MetricDefinition(
      name: "matching_lag", aliases: ["matching lag", "days to match"], kind: .window, unit: .days,
      formula: "mean(match_date − payment_date) over the receipts of W matched by D with a match date (kpi-spec §8.2)",
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .weighted(.at(.matchLagDays), .at(.matchesDated)) }), summary: "Days from receipt to lettering (needs match dates)."),
    MetricDefinition(
      name: "partial_matches", aliases: ["partial matches", "partial lettering"], kind: .window, unit: .count,
      formula: "receipts of W matched by D to an invoice still partly open at D (kpi-spec §8.2)", arguments: [],
      implementation: .builtin(.kernel(.partialMatches)), summary: "Receipts that left their invoice partly open."),
    MetricDefinition(
      name: "partial_match_share", aliases: ["partial match share"], kind: .window, unit: .ratio,
      formula: "partial_matches / receipt_count (kpi-spec §8.2). " + MetricCatalog.shareRule, arguments: [],
      implementation: .builtin(MetricBuild { _, _ in .share(.at(.partialMatches), of: .at(.receipts)) }),
      summary: "Share of the receipts that left their invoice partly open."),
  ]

  /// Dispute flows and stock over the episodes of disputes.csv (kpi-spec §8.1); every document
  /// dimension applies through the disputed invoice, and reason, owner and outcome are the
}
