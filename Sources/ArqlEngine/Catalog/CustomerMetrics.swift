import ArqlLanguage

extension MetricCatalog {
  static let exposureArgument = ArgumentSpec.exposure
  static let delayArguments: [ArgumentSpec] = [
    ArgumentSpec("days", .days(1...3660), default: "180", "the trailing window, in days, ending at the window's end (default 180)"),
    ArgumentSpec("open", .word(["include", "exclude"]), default: "include", "include (default: open overdue items count at their days past due) or exclude (paid items only)"),
    ArgumentSpec("fallback", .word(["none", "category"]), default: "none", "none (default) or category: under 3 payments, the category's delay, then everyone's"),
  ]
  static let classArguments = delayArguments + [
    ArgumentSpec("green", .number(0...3660, unit: "days"), default: "10", "green up to this many days of delay (default 10)"),
    ArgumentSpec("amber", .number(0...3660, unit: "days"), default: "30", "amber up to this many days (default 30); red above"),
  ]
  /// The colour counts take no fallback: a customer's class is its own delay's.
  static let payerCountArguments = classArguments.filter { $0.name != "fallback" }

  /// Metrics computed per customer, then rolled up per group (kpi-spec §6.2–§6.5).
  static let customerMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "credit_limits", aliases: ["credit limits", "limits granted"], kind: .pointInTime, unit: .money,
      formula: "Σ credit_limit of the group's customers that have one (a limit missing or ≤ 0 is 'no limit')",
      arguments: [], implementation: .builtin(MetricBuild { a, b in try b.creditTree(a, .limitSum) }), summary: "Credit limits granted (customers.csv)."),
    MetricDefinition(
      name: "credit_utilisation", aliases: ["credit utilisation", "credit utilization", "limit utilisation"], kind: .pointInTime, unit: .percent,
      formula: "Σ exposure_c / Σ limit_c over the customers with a limit (kpi-spec §6.4; by customer: exposure / limit)",
      arguments: [exposureArgument], implementation: .builtin(MetricBuild { a, b in try b.creditTree(a, .utilisation) }), summary: "Exposure as a share of the credit limits."),
    MetricDefinition(
      name: "credit_overrun", aliases: ["credit overrun", "limit overrun", "depassement d'encours"], kind: .pointInTime, unit: .money,
      formula: "Σ max(0, exposure_c − limit_c) over the customers with a limit (kpi-spec §6.4)",
      arguments: [exposureArgument], implementation: .builtin(MetricBuild { a, b in try b.creditTree(a, .overrun) }), summary: "Amount of exposure above the credit limits."),
    MetricDefinition(
      name: "customers_over_limit", aliases: ["overruns"], kind: .pointInTime, unit: .count,
      formula: "count of customers with a limit and exposure_c > limit_c (kpi-spec §6.4)",
      arguments: [exposureArgument], implementation: .builtin(MetricBuild { a, b in try b.creditTree(a, .countAbove(percent: 100)) }), summary: "Customers over their credit limit."),
    MetricDefinition(
      name: "customers_over_90pct", aliases: ["customers over 90 percent"], kind: .pointInTime, unit: .count,
      formula: "count of customers with a limit and exposure_c > 90 % of limit_c (kpi-spec §6.4)",
      arguments: [exposureArgument], implementation: .builtin(MetricBuild { a, b in try b.creditTree(a, .countAbove(percent: 90)) }), summary: "Customers using more than 90 % of their limit."),
    MetricDefinition(
      name: "customers_with_limit", aliases: ["limits loaded"], kind: .pointInTime, unit: .count,
      formula: "count of the group's customers with a credit limit > 0",
      arguments: [], implementation: .builtin(MetricBuild { a, b in try b.creditTree(a, .countWithLimit(true)) }), summary: "Customers with a credit limit."),
    MetricDefinition(
      name: "customers_without_limit", aliases: ["customers without limits"], kind: .pointInTime, unit: .count,
      formula: "count of the group's customers whose credit limit is missing or ≤ 0",
      arguments: [], implementation: .builtin(MetricBuild { a, b in try b.creditTree(a, .countWithLimit(false)) }), summary: "Customers without a credit limit."),
    MetricDefinition(
      name: "payment_delay", aliases: ["payment delay", "weighted delay", "retard moyen"], kind: .window, unit: .days,
      formula: "(Σ a_j·max(0, cash_date_j − due_j) + Σ open overdue × days past due) / (Σ a_j + overdue), "
        + "cash applied in the trailing 180 days to the window's end, open items at its end (kpi-spec §6.2); LOW_SAMPLE under 3 payments",
      arguments: delayArguments, implementation: .builtin(MetricBuild { a, _ in try .payerBehaviour(a, .delay) }),
      summary: "Weighted payment delay (payer behaviour); by customer, by category (kpi-spec §6.3)."),
    MetricDefinition(
      name: "payment_class", aliases: ["payment class", "payer class", "payment habit"], kind: .window, unit: .text,
      formula: "payment_delay ≤ 10 days: green; ≤ 30: amber; above: red (kpi-spec §6.2; thresholds settable)",
      arguments: classArguments, implementation: .builtin(MetricBuild { a, _ in try .payerBehaviour(a, .paymentClass) }), summary: "Colour class of the payment delay."),
    MetricDefinition(
      name: "green_payers", aliases: ["green payers"], kind: .window, unit: .count,
      formula: "count of the group's customers whose own payment_delay is green (≤ 10 days)",
      arguments: payerCountArguments, implementation: .builtin(MetricBuild { a, _ in try .payerBehaviour(a, .count(.green)) }), summary: "Customers paying on time or nearly."),
    MetricDefinition(
      name: "amber_payers", aliases: ["amber payers"], kind: .window, unit: .count,
      formula: "count of the group's customers whose own payment_delay is amber (11–30 days)",
      arguments: payerCountArguments, implementation: .builtin(MetricBuild { a, _ in try .payerBehaviour(a, .count(.amber)) }), summary: "Customers paying somewhat late."),
    MetricDefinition(
      name: "red_payers", aliases: ["red payers", "bad payers"], kind: .window, unit: .count,
      formula: "count of the group's customers whose own payment_delay is red (> 30 days)",
      arguments: payerCountArguments, implementation: .builtin(MetricBuild { a, _ in try .payerBehaviour(a, .count(.red)) }), summary: "Customers paying late."),
    MetricDefinition(
      name: "concentration", aliases: ["top customers share"], kind: .pointInTime, unit: .percent,
      formula: "Σ balance of the N largest customers / Σ balance of all (kpi-spec §6.5; customers: N, default 10)",
      arguments: [
        ArgumentSpec("customers", .count, default: "10", "how many of the largest customers (default 10)"),
        ArgumentSpec("exposure", .exposure, default: "net", "net (balance, default), risk, real or a money metric"),
      ], implementation: .builtin(MetricBuild { a, b in
        .perCustomer([try b.exposureTree(a.word("exposure")).perCustomer], .topShare(a.count("customers")))
      }), summary: "Share of the receivables held by the largest customers."),
  ]
}
