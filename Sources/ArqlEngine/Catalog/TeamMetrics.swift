import ArqlLanguage

extension MetricCatalog {
  static let graceArgument = ArgumentSpec.grace
  static let provisionArguments: [ArgumentSpec] = [
    ArgumentSpec("rates", .percentages, default: "", "percent per bucket, current first (default [0, 1, 5, 20, 50, 100])"),
    ArgumentSpec("buckets", .dayEdges, default: "[30, 60, 90, 120]", "upper edges of the days-past-due buckets (default [30, 60, 90, 120])"),
  ]

  /// Collection team, promises, provisions and the risk score (kpi-spec §6.5, §8.3–§8.5).
  static let teamMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "variances", aliases: ["payment differences", "ecarts"], kind: .window, unit: .count,
      formula: "count of adjustment documents (ADJ) posted in W: bank fees, discounts taken, short payments, FX (kpi-spec §8.3); "
        + "by user when invoices.csv has a user column",
      arguments: [], implementation: .builtin(.kernel(.variances)), summary: "Payment differences booked."),
    MetricDefinition(
      name: "variance_amount", aliases: ["variance amount", "montant des ecarts"], kind: .window, unit: .money,
      formula: "Σ |amount| of the adjustment documents posted in W", arguments: [], implementation: .builtin(.kernel(.varianceAmount)),
      summary: "Amount of the payment differences booked."),
    MetricDefinition(
      name: "collection_rate", aliases: ["collection rate", "taux de recouvrement"], kind: .window, unit: .ratio,
      formula: "cash received in W and applied to items due ≤ end(W) / (open the day before W of items due ≤ end(W) + items invoiced "
        + "in W and due ≤ end(W)); unapplied cash is left out until applied (kpi-spec §8.3)",
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .binary(.divide, .at(.collectedDue), .binary(.add, .at(.openDue, .beforeWindow), .at(.invoicedDue))) }), summary: "Share of what fell due that was collected."),
    MetricDefinition(
      name: "on_time_rate", aliases: ["on time rate", "on time collection rate", "taux d'encaissement a echeance"], kind: .window,
      unit: .ratio,
      formula: "cash applied by due + k to the items due in W / amount due in W (kpi-spec §8.3)",
      arguments: [ArgumentSpec("days", .days(0...366), default: "0", "k, the days after the due date that still count (default 0)")],
      implementation: .builtin(MetricBuild { a, _ in .binary(.divide, .at(.settledOnTime, days: a.days("days")), .at(.dueInWindow)) }), summary: "Share of the amounts due that were settled on time."),
    MetricDefinition(
      name: "actions", aliases: ["collection actions", "relances"], kind: .window, unit: .count,
      formula: "count of the actions of actions.csv dated in W (by agent, action_type, customer, ...)", arguments: [],
      implementation: .builtin(.kernel(.actions)), summary: "Collection actions: calls, emails, letters, visits."),
    MetricDefinition(
      name: "action_success_rate", aliases: ["action success rate", "taux de reussite"], kind: .window, unit: .ratio,
      formula: "actions of W followed by a payment of the customer within 14 days (and by D) / actions of W (kpi-spec §8.3)",
      arguments: [ArgumentSpec("days", .days(0...366), default: "14", "how long a payment may follow the action (default 14)")],
      implementation: .builtin(MetricBuild { a, _ in .binary(.divide, .at(.actionsFollowed, days: a.days("days")), .at(.actions)) }), summary: "Share of actions a payment followed."),
    MetricDefinition(
      name: "overdue_accounts", aliases: ["overdue accounts", "accounts overdue"], kind: .pointInTime, unit: .count,
      formula: "count of customers with overdue > 0 at D", arguments: [], implementation: .builtin(MetricBuild { _, _ in .perCustomer([MetricTree.kernel(.overdue).perCustomer], .countPositive) }),
      summary: "Customers with something past due."),
    MetricDefinition(
      name: "actions_per_overdue_account", aliases: ["actions per overdue account"], kind: .window, unit: .number,
      formula: "actions of W / customers with overdue > 0 at D (kpi-spec §8.3; group by collector to see each one's accounts)",
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .perCustomer([MetricTree.at(.actions).perCustomer, MetricTree.kernel(.overdue).perCustomer], .sumPerPositive) }), summary: "Collection effort per overdue account."),
    MetricDefinition(
      name: "satisfaction_rate", aliases: ["satisfaction rate", "customer satisfaction"], kind: .window, unit: .ratio,
      formula: "answers scored 4 or 5 (of 1–5) / answers, surveys dated in W (kpi-spec §8.3); unavailable without surveys.csv",
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .binary(.divide, .at(.satisfiedAnswers), .at(.surveyAnswers)) }), summary: "Satisfied customers, from surveys."),
    MetricDefinition(
      name: "promises_kept", aliases: ["promises kept"], kind: .window, unit: .count,
      formula: "promises kept on a day of W (by D): the day the cash applied to the promised item (the customer's cash for a promise "
        + "on the account) since the promise's creation reaches the amount less max(1.00, 1 %), on or before promised date + grace "
        + "(kpi-spec §8.5); a promise paid before its date is kept the day it is paid",
      arguments: [graceArgument], implementation: .builtin(MetricBuild { a, _ in .at(.promisesKept, days: a.days("grace")) }), summary: "Promises to pay kept."),
    MetricDefinition(
      name: "promises_broken", aliases: ["promises broken", "broken promises"], kind: .window, unit: .count,
      formula: "promises whose deadline (promised date + grace) falls in W and has passed at D, with no cash toward them",
      arguments: [graceArgument], implementation: .builtin(MetricBuild { a, _ in .at(.promisesBroken, days: a.days("grace")) }), summary: "Promises to pay broken."),
    MetricDefinition(
      name: "promises_partial", aliases: ["promises partial", "partly kept promises"], kind: .window, unit: .count,
      formula: "promises whose deadline (promised date + grace) falls in W and has passed at D, with some cash but not enough "
        + "(broken in the rate)",
      arguments: [graceArgument], implementation: .builtin(MetricBuild { a, _ in .at(.promisesPartial, days: a.days("grace")) }), summary: "Promises to pay partly kept."),
    MetricDefinition(
      name: "promises_pending", aliases: ["promises pending", "pending promises"], kind: .pointInTime, unit: .count,
      formula: "promises made by D, not cancelled, not yet kept and not past promised date + grace",
      arguments: [graceArgument], implementation: .builtin(MetricBuild { a, _ in .at(.promisesPending, days: a.days("grace")) }), summary: "Promises to pay still running."),
    MetricDefinition(
      name: "promise_kept_rate", aliases: ["promise kept rate", "promise to pay rate", "ptp rate"], kind: .window, unit: .ratio,
      formula: "kept / (kept + broken + partial) over the promises decided in W (kept: the day kept; broken, partial: the deadline); "
        + "weight: amount uses the promised amounts "
        + "(kpi-spec §8.5); per agent: by collector (the customer's), per customer: by customer",
      arguments: [graceArgument, ArgumentSpec("weight", .word(["count", "amount"]), default: "count", "count (default) or amount")],
      implementation: .builtin(MetricBuild { a, _ in
        let grace = a.days("grace")
        if a.word("weight") == "amount" {
          return .binary(.divide, .at(.promisesKeptAmount, days: grace), .at(.promisesDueAmount, days: grace))
        }
        let decided = MetricTree.binary(.add, .binary(.add, .at(.promisesKept, days: grace), .at(.promisesBroken, days: grace)),
                                        .at(.promisesPartial, days: grace))
        return .binary(.divide, .at(.promisesKept, days: grace), decided)
      }), summary: "Share of the promises to pay that were kept."),
    MetricDefinition(
      name: "ht_open", aliases: ["open excluding vat", "encours ht"], kind: .pointInTime, unit: .money,
      formula: "Σ open amount × net_amount / amount of the open debit items at D (amount / 1.2 without net_amount, flagged HT_ESTIMATED)",
      arguments: [], implementation: .builtin(.kernel(.htOpen)), summary: "Gross open receivables excluding VAT."),
    MetricDefinition(
      name: "ht_overdue", aliases: ["overdue excluding vat"], kind: .pointInTime, unit: .money,
      formula: "ht_open of the items past due at D", arguments: [], implementation: .builtin(.kernel(.htOverdue)),
      summary: "Overdue receivables excluding VAT."),
    MetricDefinition(
      name: "provision", aliases: ["provisions", "required provision", "depreciation"], kind: .pointInTime, unit: .money,
      formula: "Σ_b rate_b × HT open of the items in days-past-due bucket b (kpi-spec §8.4; policy by argument, rounded once per row)",
      arguments: provisionArguments, implementation: .builtin(MetricBuild { a, b in try .provision(a, sessionRates: b.provisionRates) }), summary: "Provision the aging policy requires."),
    MetricDefinition(
      name: "provision_rate", aliases: ["provision rate", "taux de provision"], kind: .pointInTime, unit: .ratio,
      formula: "provision / ht_open (kpi-spec §8.4 global rate; by bucket with a where on days_past_due)",
      arguments: provisionArguments, implementation: .builtin(MetricBuild { a, b in .binary(.divide, try .provision(a, sessionRates: b.provisionRates), .kernel(.htOpen)) }), summary: "Provision as a share of the HT receivables."),
    MetricDefinition(
      name: "provision_coverage", aliases: ["provision coverage", "coverage of overdue"], kind: .pointInTime, unit: .ratio,
      formula: "provision / ht_overdue (kpi-spec §8.4)", arguments: provisionArguments, implementation: .builtin(MetricBuild { a, b in .binary(.divide, try .provision(a, sessionRates: b.provisionRates), .kernel(.htOverdue)) }),
      summary: "How much of the overdue HT the provision covers."),
    MetricDefinition(
      name: "booked_provision", aliases: ["booked provision", "provision booked"], kind: .pointInTime, unit: .money,
      formula: "Σ the provision column of invoices.csv (booked on each document, account 491) over the open debit items at D",
      arguments: [], implementation: .builtin(.kernel(.bookedProvision)), summary: "Provisions booked on the open items."),
    MetricDefinition(
      name: "observed_provision_rate", aliases: ["observed provision rate"], kind: .pointInTime, unit: .ratio,
      formula: "booked_provision / ht_open (kpi-spec §8.4; per bucket with a where on days_past_due)",
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .binary(.divide, .kernel(.bookedProvision), .kernel(.htOpen)) }), summary: "Provision booked as a share of the HT receivables."),
    MetricDefinition(
      name: "risk_score", aliases: ["risk score", "customer risk score"], kind: .pointInTime, unit: .number,
      formula: "per customer 100 − (30·min(1, payment_delay/60) + 25·overdue/gross_open + 15·min(1, utilisation − 1)⁺ + "
        + "15·disputed/gross_open), each part its own column; groups: mean weighted by gross open (kpi-spec §6.5)",
      arguments: [
        ArgumentSpec("delay", .number(0...100, unit: "points"), default: "30", "points for the payment delay (default 30)"),
        ArgumentSpec("overdue", .number(0...100, unit: "points"), default: "25", "points for the overdue share (default 25)"),
        ArgumentSpec("credit", .number(0...100, unit: "points"), default: "15", "points for the credit-limit overrun (default 15)"),
        ArgumentSpec("disputes", .number(0...100, unit: "points"), default: "15", "points for the disputed share (default 15)"),
      ], implementation: .builtin(MetricBuild { a, b in
        var weights = RiskWeights()
        weights.delay = a.number("delay")
        weights.overdue = a.number("overdue")
        weights.credit = a.number("credit")
        weights.disputes = a.number("disputes")
        guard weights.delay + weights.overdue + weights.credit + weights.disputes <= 100 else {
          throw EngineError(.invalidArgument, "the risk score's weights add up to at most 100 points", at: a.call.range)
        }
        return try b.riskScoreTree(weights, .score)
      }), summary: "Explainable customer risk score, 100 = no risk sign."),
  ]

  /// Cash application ("lettrage", kpi-spec §8.2) over the cash lines of payments.csv; "auto"
}
