import ArqlLanguage

/// Built-in and user-defined metrics in one list: the parser's vocabulary, `.describe`,
/// did-you-mean and the planner all read it.
public struct MetricCatalog: Sendable {
  public private(set) var metrics: [MetricDefinition]

  public init() {
    metrics = MetricCatalog.builtins
  }

  /// The metric named `name` (canonical name).
  public func metric(_ name: String) -> MetricDefinition? { metrics.first { $0.name == name } }

  /// The vocabulary the parser resolves metric names with.
  public var vocabulary: MetricVocabulary {
    MetricVocabulary(metrics.map { ($0.name, $0.aliases) })
  }

  /// Adds or replaces a user-defined metric.
  public mutating func define(_ definition: MetricDefinition) {
    metrics.removeAll { $0.name == definition.name }
    metrics.append(definition)
  }

  static let agingArguments = [
    MetricDefinition.Argument(name: "buckets", description: "upper edges of the day buckets, default [30, 60, 90, 120]"),
    MetricDefinition.Argument(name: "basis", description: "due_date (days past due, default) or doc_date (age since the document date)"),
    MetricDefinition.Argument(name: "measure", description: "amount (default), count (open items) or percent (of the gross open amount)"),
  ]

  static let zeroMonthArgument = MetricDefinition.Argument(
    name: "zero_month", description: "countback at a month without net sales: cross (count its days, default) or stop (Oracle HFM)")
  static let dsoArguments = [
    MetricDefinition.Argument(name: "method", description: "standard (ratio over the window, default) or countback (walk back from the as-of date)"),
    zeroMonthArgument,
  ]

  static let builtins: [MetricDefinition] = [
    MetricDefinition(
      name: "balance", aliases: ["ar", "open balance", "total ar", "net ar", "encours net"], kind: .pointInTime, unit: .money,
      formula: "AR(D) = Σ open amount at D of every document posted ≤ D + unapplied cash at D (net receivables)",
      arguments: [], implementation: .builtin(.balance), summary: "Net receivables: what the customer accounts owe at the as-of date."),
    MetricDefinition(
      name: "gross_open", aliases: ["gross open", "open invoices", "encours brut"], kind: .pointInTime, unit: .money,
      formula: "OpenInv(D) = Σ open amount at D of invoices, debit notes and refunds posted ≤ D",
      arguments: [], implementation: .builtin(.grossOpen), summary: "Open debit items, before unapplied credits and cash."),
    MetricDefinition(
      name: "overdue", aliases: ["past due", "encours echu"], kind: .pointInTime, unit: .money,
      formula: "Ovd(D) = Σ open amount at D of debit items with D − due_date ≥ 1",
      arguments: [], implementation: .builtin(.overdue), summary: "Open debit items past their due date."),
    MetricDefinition(
      name: "not_due", aliases: ["current", "not due", "encours non echu"], kind: .pointInTime, unit: .money,
      formula: "Cur(D) = Σ open amount at D of debit items with D − due_date ≤ 0",
      arguments: [], implementation: .builtin(.notDue), summary: "Open debit items not yet due (due today counts as not due)."),
    MetricDefinition(
      name: "unapplied", aliases: ["unapplied cash", "unapplied credits"], kind: .pointInTime, unit: .money,
      formula: "Unapp(D) = Σ open credit items at D (credit notes, write-offs) + cash received ≤ D not applied at D (negative)",
      arguments: [], implementation: .builtin(.unapplied), summary: "Unapplied cash and credits, so that gross_open + unapplied = balance."),
    MetricDefinition(
      name: "open_count", aliases: ["open count", "open items"], kind: .pointInTime, unit: .count,
      formula: "number of debit items posted ≤ D with a non-zero open amount at D",
      arguments: [], implementation: .builtin(.openCount), summary: "Open debit items."),
    MetricDefinition(
      name: "aged_balance", aliases: ["aged balance", "aging", "balance agee"], kind: .pointInTime, unit: .money,
      formula: "open amount at D per bucket of D − due_date: current (≤ 0), 1–30, 31–60, 61–90, 91–120, >120; "
        + "plus an unapplied column, so that the buckets + unapplied = balance",
      arguments: agingArguments, implementation: .builtin(.agedBalance), summary: "The aged balance (balance âgée)."),
    MetricDefinition(
      name: "credit_sales", aliases: ["sales", "billed", "credit sales", "net sales"], kind: .window, unit: .money,
      formula: "Sales(W) = Σ amount of invoices and debit notes − credit notes posted in W",
      arguments: [], implementation: .builtin(.creditSales), summary: "Net credit sales, VAT included, in the window."),
    MetricDefinition(
      name: "collected", aliases: ["cash collected", "receipts", "cash"], kind: .window, unit: .money,
      formula: "Cash(W) = Σ cash receipts (applied or not) with a cash date in W",
      arguments: [], implementation: .builtin(.collected), summary: "Cash received in the window."),
    MetricDefinition(
      name: "item_count", aliases: ["items", "invoices", "invoice count"], kind: .window, unit: .count,
      formula: "number of invoices and debit notes posted in W",
      arguments: [], implementation: .builtin(.itemCount), summary: "Documents issued in the window."),
    MetricDefinition(
      name: "dso", aliases: ["days sales outstanding", "standard dso"], kind: .window, unit: .days,
      formula: "DSO = AR(end) / Sales(W) × days(W), AR at the window's last day; 0 when AR < 0 (credit balance), otherwise n/a when Sales ≤ 0 (no sales) (kpi-spec §3.1)",
      arguments: dsoArguments, implementation: .builtin(.dso), summary: "Days sales outstanding, standard (ratio) method over the query's window (default: last 90 days)."),
    MetricDefinition(
      name: "countback_dso", aliases: ["countback dso", "dso countback", "countback", "dso par epuisement"], kind: .pointInTime, unit: .days,
      formula: "walk back from D: take the month to date's net sales from AR(D), then each whole month's, counting their days, "
        + "until AR runs out; the last month counts the covered fraction; months with no net sales are crossed; "
        + "0 on a credit balance; at most 24 periods (kpi-spec §3.2)",
      arguments: [zeroMonthArgument], implementation: .builtin(.countbackDso), summary: "Countback DSO (exhaustion method) at the as-of date; robust to seasonal sales."),
    MetricDefinition(
      name: "countback_bpdso", aliases: ["countback bpdso", "bpdso countback"], kind: .pointInTime, unit: .days,
      formula: "the countback walk of countback_dso on Cur(D), the not-yet-due receivables (kpi-spec §3.3)",
      arguments: [zeroMonthArgument], implementation: .builtin(.countbackBpdso), summary: "Best possible DSO by the countback method."),
    MetricDefinition(
      name: "countback_delinquent_dso", aliases: ["countback delinquent dso", "delinquent dso countback"], kind: .pointInTime, unit: .days,
      formula: "countback_dso − countback_bpdso (kpi-spec §3.4)",
      arguments: [zeroMonthArgument], implementation: .builtin(.countbackDelinquentDso), summary: "Delinquent DSO by the countback method."),
    MetricDefinition(
      name: "bpdso", aliases: ["best possible dso", "bp dso"], kind: .window, unit: .days,
      formula: "BPDSO = Cur(end) / Sales(W) × days(W): not-yet-due receivables only (kpi-spec §3.3)",
      arguments: dsoArguments, implementation: .builtin(.bpdso), summary: "Best possible DSO: the DSO if every customer paid on its due date."),
    MetricDefinition(
      name: "delinquent_dso", aliases: ["delinquent dso", "average days delinquent", "add", "dso delinquant"], kind: .window, unit: .days,
      formula: "ADD = DSO − BPDSO = (Ovd(end) + Unapp(end)) / Sales(W) × days(W); negative when unapplied credits exceed overdue (kpi-spec §3.4)",
      arguments: dsoArguments, implementation: .builtin(.delinquentDso), summary: "Delinquent DSO (average days delinquent): the part of DSO due to late payment."),
    MetricDefinition(
      name: "cei", aliases: ["collection effectiveness", "collection effectiveness index"], kind: .window, unit: .percent,
      formula: "CEI = (B + S − E) / (B + S − Ec), B = AR(first − 1), S = Sales(W), E = AR(end), Ec = Cur(end); "
        + "n/a when the denominator ≤ 0; over 100 % when unapplied credits exceed current (kpi-spec §3.6)",
      arguments: [
        MetricDefinition.Argument(name: "sales", description: "window (the window's sales, default) or monthly_average (CRF/Oracle: sales / months of the window)"),
        MetricDefinition.Argument(name: "numerator", description: "ledger (B + S − E: everything that left the ledger, default) or cash (cash collected in the window)"),
      ], implementation: .builtin(.cei), summary: "Collection effectiveness index over the window, on the window's sums."),
    MetricDefinition(
      name: "dbt", aliases: ["days beyond terms", "average payment delay"], kind: .window, unit: .days,
      formula: "DBT = Σ a × max(0, cash_date − due_date) / Σ a over cash applications a in W to invoices and debit notes "
        + "(payment-based; credit notes, write-offs and unapplied cash excluded; n/a without payments) (kpi-spec §3.5). "
        + "The balance-based DBT (dso − bpdso) is delinquent_dso.",
      arguments: [
        MetricDefinition.Argument(name: "method", description: "payments (days late of the cash received, default) or dso (dso − bpdso, the balance-based reading)"),
        MetricDefinition.Argument(name: "weight", description: "amount (default) or count (each payment counts once)"),
        MetricDefinition.Argument(name: "days", description: "late (early payments count 0, default) or signed (early payments negative)"),
        MetricDefinition.Argument(name: "open", description: "exclude (default) or include: open overdue items weigh their open amount at their days past due"),
      ], implementation: .builtin(.dbt), summary: "Days beyond terms: amount-weighted lateness of the cash received in the window."),
    MetricDefinition(
      name: "avg_days_to_pay", aliases: ["days to pay", "average days to pay", "adp"], kind: .window, unit: .days,
      formula: "ADP = Σ a × (cash_date − doc_date) / Σ a over cash applications a in W to invoices and debit notes (kpi-spec §6.1)",
      arguments: [], implementation: .builtin(.avgDaysToPay), summary: "Amount-weighted days from document date to payment."),
    MetricDefinition(
      name: "avg_terms", aliases: ["average terms", "weighted terms"], kind: .window, unit: .days,
      formula: "Σ a × (due_date − doc_date) / Σ a over cash applications a in W to invoices and debit notes (kpi-spec §6.1)",
      arguments: [], implementation: .builtin(.avgTerms), summary: "Amount-weighted payment terms of what was paid; avg_days_to_pay − avg_terms = dbt when nobody pays early."),
    MetricDefinition(
      name: "disputed_amount", aliases: ["disputed", "disputed amount", "in dispute", "encours litigieux"], kind: .pointInTime, unit: .money,
      formula: "Σ over documents with a dispute open at D (opened ≤ D, not resolved by D) of max(0, min(open amount at D, disputed amount when given)) (kpi-spec §1.9)",
      arguments: [], implementation: .builtin(.disputedAmount), summary: "Open amount in dispute (disputes.csv)."),
    MetricDefinition(
      name: "open_disputes", aliases: ["open disputes", "dispute count", "litiges ouverts"], kind: .pointInTime, unit: .count,
      formula: "number of documents posted ≤ D with a dispute open at D (kpi-spec §8.1)",
      arguments: [], implementation: .builtin(.openDisputes), summary: "Documents in dispute at the as-of date."),
    MetricDefinition(
      name: "disputed_share", aliases: ["disputed share", "share in dispute", "percent disputed"], kind: .pointInTime, unit: .ratio,
      formula: "disputed_amount / gross_open (kpi-spec §8.1)",
      arguments: [], implementation: .expression(.binary(.divide, call("disputed_amount"), call("gross_open")), filter: nil),
      summary: "Share of the open debit items in dispute."),
    MetricDefinition(
      name: "overdue_share", aliases: ["overdue share", "share overdue", "percent overdue", "taux d'echu"], kind: .pointInTime, unit: .ratio,
      formula: "overdue / gross_open (kpi-spec §5)",
      arguments: [], implementation: .expression(.binary(.divide, call("overdue"), call("gross_open")), filter: nil),
      summary: "Share of the open debit items past due."),
    MetricDefinition(
      name: "dispute_dso", aliases: ["dispute dso", "dso linked to disputes", "dso litiges"], kind: .window, unit: .days,
      formula: "disputed_amount(end) / Sales(W) × days(W) (kpi-spec §8.1, standard method); method: countback gives "
        + "countback_dso × disputed_amount / balance at D",
      arguments: dsoArguments, implementation: .builtin(.disputeDso), summary: "The days of DSO tied up in disputes."),
    MetricDefinition(
      name: "discounted_bills", aliases: ["discounted bills", "eene", "effets escomptes non echus"], kind: .pointInTime, unit: .money,
      formula: "Σ exposures of kind EENE dated ≤ D: bills of exchange discounted with recourse and not yet matured",
      arguments: [], implementation: .builtin(.discountedBills), summary: "Discounted bills not yet matured (exposures.csv)."),
    MetricDefinition(
      name: "open_orders", aliases: ["open orders", "orders"], kind: .pointInTime, unit: .money,
      formula: "Σ exposures of kind ORDERS dated ≤ D: orders taken, not yet delivered",
      arguments: [], implementation: .builtin(.openOrders), summary: "Open orders (exposures.csv)."),
    MetricDefinition(
      name: "delivered_not_invoiced", aliases: ["delivered not invoiced", "dni"], kind: .pointInTime, unit: .money,
      formula: "Σ exposures of kind DNI dated ≤ D: delivered, not yet invoiced (account 418)",
      arguments: [], implementation: .builtin(.deliveredNotInvoiced), summary: "Delivered, not invoiced (exposures.csv)."),
    MetricDefinition(
      name: "real_exposure", aliases: ["real exposure", "encours reel"], kind: .pointInTime, unit: .money,
      formula: "balance + discounted_bills (kpi-spec §5: what accounting no longer shows in 411 but the company still risks)",
      arguments: [], implementation: .expression(.binary(.add, call("balance"), call("discounted_bills")), filter: nil),
      summary: "Encours réel. Define your own composition with 'define metric'."),
    MetricDefinition(
      name: "risk_exposure", aliases: ["risk exposure", "encours de risque"], kind: .pointInTime, unit: .money,
      formula: "real_exposure + open_orders + delivered_not_invoiced (kpi-spec §5, compared with credit limits)",
      arguments: [], implementation: .expression(
        .binary(.add, .binary(.add, call("real_exposure"), call("open_orders")), call("delivered_not_invoiced")), filter: nil),
      summary: "Encours de risque. Define your own composition with 'define metric'."),
    MetricDefinition(
      name: "overdue_60_share", aliases: ["share over 60 days", "percent over 60 dpd"], kind: .pointInTime, unit: .ratio,
      formula: "(overdue where days_past_due > 60) / gross_open (kpi-spec §6.5)",
      arguments: [], implementation: .expression(.binary(.divide, pastDue(60), call("gross_open")), filter: nil),
      summary: "Share of the open debit items more than 60 days past due."),
    MetricDefinition(
      name: "overdue_90_share", aliases: ["share over 90 days", "percent over 90 dpd"], kind: .pointInTime, unit: .ratio,
      formula: "(overdue where days_past_due > 90) / gross_open (kpi-spec §6.5; CRF's \"% over 91 days past due\")",
      arguments: [], implementation: .expression(.binary(.divide, pastDue(90), call("gross_open")), filter: nil),
      summary: "Share of the open debit items more than 90 days past due."),
  ] + customerMetrics + disputeMetrics + matchingMetrics + teamMetrics

  static let graceArgument = MetricDefinition.Argument(
    name: "grace", description: "days after the promised date that cash still keeps the promise (default 3: bank value dates)")
  static let provisionArguments = [
    MetricDefinition.Argument(name: "rates", description: "percent per bucket, current first (default [0, 1, 5, 20, 50, 100])"),
    MetricDefinition.Argument(name: "buckets", description: "upper edges of the days-past-due buckets (default [30, 60, 90, 120])"),
  ]

  /// Collection team, promises, provisions and the risk score (kpi-spec §6.5, §8.3–§8.5).
  static let teamMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "variances", aliases: ["payment differences", "ecarts"], kind: .window, unit: .count,
      formula: "count of adjustment documents (ADJ) posted in W: bank fees, discounts taken, short payments, FX (kpi-spec §8.3); "
        + "by user when invoices.csv has a user column",
      arguments: [], implementation: .builtin(.variances), summary: "Payment differences booked."),
    MetricDefinition(
      name: "variance_amount", aliases: ["variance amount", "montant des ecarts"], kind: .window, unit: .money,
      formula: "Σ |amount| of the adjustment documents posted in W", arguments: [], implementation: .builtin(.varianceAmount),
      summary: "Amount of the payment differences booked."),
    MetricDefinition(
      name: "collection_rate", aliases: ["collection rate", "taux de recouvrement"], kind: .window, unit: .ratio,
      formula: "cash received in W and applied to items due ≤ end(W) / (open the day before W of items due ≤ end(W) + items invoiced "
        + "in W and due ≤ end(W)); unapplied cash is left out until applied (kpi-spec §8.3)",
      arguments: [], implementation: .builtin(.collectionRate), summary: "Share of what fell due that was collected."),
    MetricDefinition(
      name: "on_time_rate", aliases: ["on time rate", "on-time collection rate", "taux d'encaissement a echeance"], kind: .window,
      unit: .ratio,
      formula: "cash applied by due + k to the items due in W / amount due in W (kpi-spec §8.3)",
      arguments: [MetricDefinition.Argument(name: "days", description: "k, the days after the due date that still count (default 0)")],
      implementation: .builtin(.onTimeRate), summary: "Share of the amounts due that were settled on time."),
    MetricDefinition(
      name: "actions", aliases: ["collection actions", "relances"], kind: .window, unit: .count,
      formula: "count of the actions of actions.csv dated in W (by agent, action_type, customer, ...)", arguments: [],
      implementation: .builtin(.actions), summary: "Collection actions: calls, emails, letters, visits."),
    MetricDefinition(
      name: "action_success_rate", aliases: ["action success rate", "taux de reussite"], kind: .window, unit: .ratio,
      formula: "actions of W followed by a payment of the customer within 14 days (and by D) / actions of W (kpi-spec §8.3)",
      arguments: [MetricDefinition.Argument(name: "days", description: "how long a payment may follow the action (default 14)")],
      implementation: .builtin(.actionSuccessRate), summary: "Share of actions a payment followed."),
    MetricDefinition(
      name: "overdue_accounts", aliases: ["overdue accounts", "accounts overdue"], kind: .pointInTime, unit: .count,
      formula: "count of customers with overdue > 0 at D", arguments: [], implementation: .builtin(.overdueAccounts),
      summary: "Customers with something past due."),
    MetricDefinition(
      name: "actions_per_overdue_account", aliases: ["actions per overdue account"], kind: .window, unit: .number,
      formula: "actions of W / customers with overdue > 0 at D (kpi-spec §8.3; group by collector to see each one's accounts)",
      arguments: [], implementation: .builtin(.actionsPerOverdueAccount), summary: "Collection effort per overdue account."),
    MetricDefinition(
      name: "satisfaction_rate", aliases: ["satisfaction rate", "customer satisfaction"], kind: .window, unit: .ratio,
      formula: "answers scored 4 or 5 (of 1–5) / answers, surveys dated in W (kpi-spec §8.3); unavailable without surveys.csv",
      arguments: [], implementation: .builtin(.satisfactionRate), summary: "Satisfied customers, from surveys."),
    MetricDefinition(
      name: "promises_kept", aliases: ["promises kept"], kind: .window, unit: .count,
      formula: "promises with a promised date in W kept at D: cash applied to the promised item from the promise's creation to the "
        + "promised date + grace reaches the amount less max(1.00, 1 %) (kpi-spec §8.5)",
      arguments: [graceArgument], implementation: .builtin(.promisesKept), summary: "Promises to pay kept."),
    MetricDefinition(
      name: "promises_broken", aliases: ["promises broken", "broken promises"], kind: .window, unit: .count,
      formula: "promises with a promised date in W, past promised date + grace at D, with no cash toward them",
      arguments: [graceArgument], implementation: .builtin(.promisesBroken), summary: "Promises to pay broken."),
    MetricDefinition(
      name: "promises_partial", aliases: ["promises partial", "partly kept promises"], kind: .window, unit: .count,
      formula: "promises with a promised date in W, past promised date + grace at D, with some cash but not enough (broken in the rate)",
      arguments: [graceArgument], implementation: .builtin(.promisesPartial), summary: "Promises to pay partly kept."),
    MetricDefinition(
      name: "promises_pending", aliases: ["promises pending", "pending promises"], kind: .pointInTime, unit: .count,
      formula: "promises made by D, not cancelled, not yet kept and not past promised date + grace",
      arguments: [graceArgument], implementation: .builtin(.promisesPending), summary: "Promises to pay still running."),
    MetricDefinition(
      name: "promise_kept_rate", aliases: ["promise kept rate", "promise to pay rate", "ptp rate"], kind: .window, unit: .ratio,
      formula: "kept / (kept + broken + partial) over the promises with a promised date in W; weight: amount uses the promised amounts "
        + "(kpi-spec §8.5); per agent: by collector (the customer's), per customer: by customer",
      arguments: [graceArgument, MetricDefinition.Argument(name: "weight", description: "count (default) or amount")],
      implementation: .builtin(.promiseKeptRate), summary: "Share of the promises to pay that were kept."),
    MetricDefinition(
      name: "ht_open", aliases: ["open excluding vat", "encours ht"], kind: .pointInTime, unit: .money,
      formula: "Σ open amount × net_amount / amount of the open debit items at D (amount / 1.2 without net_amount, flagged HT_ESTIMATED)",
      arguments: [], implementation: .builtin(.htOpen), summary: "Gross open receivables excluding VAT."),
    MetricDefinition(
      name: "ht_overdue", aliases: ["overdue excluding vat"], kind: .pointInTime, unit: .money,
      formula: "ht_open of the items past due at D", arguments: [], implementation: .builtin(.htOverdue),
      summary: "Overdue receivables excluding VAT."),
    MetricDefinition(
      name: "provision", aliases: ["provisions", "required provision", "depreciation"], kind: .pointInTime, unit: .money,
      formula: "Σ_b rate_b × HT open of the items in days-past-due bucket b (kpi-spec §8.4; policy by argument, rounded once per row)",
      arguments: provisionArguments, implementation: .builtin(.provision), summary: "Provision the aging policy requires."),
    MetricDefinition(
      name: "provision_rate", aliases: ["provision rate", "taux de provision"], kind: .pointInTime, unit: .ratio,
      formula: "provision / ht_open (kpi-spec §8.4 global rate; by bucket with a where on days_past_due)",
      arguments: provisionArguments, implementation: .builtin(.provisionRate), summary: "Provision as a share of the HT receivables."),
    MetricDefinition(
      name: "provision_coverage", aliases: ["provision coverage", "coverage of overdue"], kind: .pointInTime, unit: .ratio,
      formula: "provision / ht_overdue (kpi-spec §8.4)", arguments: provisionArguments, implementation: .builtin(.provisionCoverage),
      summary: "How much of the overdue HT the provision covers."),
    MetricDefinition(
      name: "booked_provision", aliases: ["booked provision", "provision booked"], kind: .pointInTime, unit: .money,
      formula: "Σ the provision column of invoices.csv (booked on each document, account 491) over the open debit items at D",
      arguments: [], implementation: .builtin(.bookedProvision), summary: "Provisions booked on the open items."),
    MetricDefinition(
      name: "observed_provision_rate", aliases: ["observed provision rate"], kind: .pointInTime, unit: .ratio,
      formula: "booked_provision / ht_open (kpi-spec §8.4; per bucket with a where on days_past_due)",
      arguments: [], implementation: .builtin(.observedProvisionRate), summary: "Provision booked as a share of the HT receivables."),
    MetricDefinition(
      name: "risk_score", aliases: ["risk score", "customer risk score"], kind: .pointInTime, unit: .number,
      formula: "per customer 100 − (30·min(1, payment_delay/60) + 25·overdue/gross_open + 15·min(1, utilisation − 1)⁺ + "
        + "15·disputed/gross_open), each part its own column; groups: mean weighted by gross open (kpi-spec §6.5)",
      arguments: [
        MetricDefinition.Argument(name: "delay", description: "points for the payment delay (default 30)"),
        MetricDefinition.Argument(name: "overdue", description: "points for the overdue share (default 25)"),
        MetricDefinition.Argument(name: "credit", description: "points for the credit-limit overrun (default 15)"),
        MetricDefinition.Argument(name: "disputes", description: "points for the disputed share (default 15)"),
      ], implementation: .builtin(.riskScore), summary: "Explainable customer risk score, 100 = no risk sign."),
  ]

  /// Cash application ("lettrage", kpi-spec §8.2) over the cash lines of payments.csv; "auto"
  /// comes from its match_method column (auto or manual), which a FEC lacks.
  static let matchingMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "receipt_count", aliases: ["receipt lines", "cash lines"], kind: .window, unit: .count,
      formula: "count of cash lines received in the window", arguments: [], implementation: .builtin(.receipts),
      summary: "Receipts in the window."),
    MetricDefinition(
      name: "auto_match_rate", aliases: ["auto match rate", "auto-match rate", "stp rate", "taux de lettrage automatique"], kind: .window,
      unit: .ratio,
      formula: "receipts of W matched automatically / receipts of W; weight: amount uses their amounts (kpi-spec §8.2)",
      arguments: [MetricDefinition.Argument(name: "weight", description: "count (default) or amount")],
      implementation: .builtin(.autoMatchRate), summary: "Share of the receipts the matching tool lettered on its own."),
    MetricDefinition(
      name: "lettering_rate", aliases: ["lettering rate", "match rate", "taux de lettrage"], kind: .window, unit: .ratio,
      formula: "Σ receipts of W matched to an invoice by D / Σ receipts of W (kpi-spec §8.2, any method)",
      arguments: [], implementation: .builtin(.letteringRate), summary: "Share of the cash received that is lettered."),
    MetricDefinition(
      name: "unmatched_cash", aliases: ["unmatched cash", "cash not lettered"], kind: .pointInTime, unit: .money,
      formula: "Σ cash lines received ≤ D and not applied at D (positive; unapplied credit notes are not cash)",
      arguments: [], implementation: .builtin(.unmatchedCash), summary: "Cash received and not yet lettered."),
    MetricDefinition(
      name: "unmatched_count", aliases: ["unmatched count", "unmatched lines"], kind: .pointInTime, unit: .count,
      formula: "count of the cash lines unmatched at D", arguments: [], implementation: .builtin(.unmatchedCount),
      summary: "Cash lines not yet lettered."),
    MetricDefinition(
      name: "unmatched_age", aliases: ["unmatched age", "age of unmatched cash"], kind: .pointInTime, unit: .days,
      formula: "Σ amount × (D − payment_date) / Σ amount over the cash unmatched at D", arguments: [],
      implementation: .builtin(.unmatchedAge), summary: "How long unmatched cash has waited, amount-weighted."),
    MetricDefinition(
      name: "matching_lag", aliases: ["matching lag", "days to match"], kind: .window, unit: .days,
      formula: "mean(match_date − payment_date) over the receipts of W matched by D with a match date (kpi-spec §8.2)",
      arguments: [], implementation: .builtin(.matchingLag), summary: "Days from receipt to lettering (needs match dates)."),
    MetricDefinition(
      name: "partial_matches", aliases: ["partial matches", "partial lettering"], kind: .window, unit: .count,
      formula: "receipts of W matched by D to an invoice still partly open at D (kpi-spec §8.2)", arguments: [],
      implementation: .builtin(.partialMatches), summary: "Receipts that left their invoice partly open."),
    MetricDefinition(
      name: "partial_match_share", aliases: ["partial match share"], kind: .window, unit: .ratio,
      formula: "partial_matches / receipt_count (kpi-spec §8.2)", arguments: [],
      implementation: .expression(.binary(.divide, call("partial_matches"), call("receipt_count")), filter: nil),
      summary: "Share of the receipts that left their invoice partly open."),
  ]

  /// Dispute flows and stock over the episodes of disputes.csv (kpi-spec §8.1); every document
  /// dimension applies through the disputed invoice, and reason, owner and outcome are the
  /// dispute's own.
  static let disputeMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "disputes_opened", aliases: ["disputes opened", "new disputes"], kind: .window, unit: .count,
      formula: "count of dispute episodes opened in the window", arguments: [], implementation: .builtin(.disputesOpened),
      summary: "Disputes opened in the window."),
    MetricDefinition(
      name: "disputes_resolved", aliases: ["disputes resolved", "resolved disputes"], kind: .window, unit: .count,
      formula: "count of dispute episodes resolved in the window", arguments: [], implementation: .builtin(.disputesResolved),
      summary: "Disputes resolved in the window."),
    MetricDefinition(
      name: "dispute_rate", aliases: ["dispute rate", "taux de litige"], kind: .window, unit: .ratio,
      formula: "invoices issued in the window and disputed by D / invoices issued in the window (kpi-spec §8.1, invoice cohort)",
      arguments: [], implementation: .builtin(.disputeRate), summary: "Share of the window's invoices that were disputed."),
    MetricDefinition(
      name: "dispute_resolution_rate", aliases: ["dispute resolution rate", "resolution rate"], kind: .window, unit: .ratio,
      formula: "resolved in W / (open the day before W + opened in W) (kpi-spec §8.1)",
      arguments: [], implementation: .builtin(.disputeResolutionRate), summary: "Share of the disputes to handle that were resolved."),
    MetricDefinition(
      name: "dispute_resolution_days", aliases: ["dispute resolution days", "resolution time", "average resolution time"], kind: .window,
      unit: .days,
      formula: "mean(resolved − opened) over the disputes resolved in W; weight: amount weighs by the disputed amount (kpi-spec §8.1)",
      arguments: [MetricDefinition.Argument(name: "weight", description: "count (default) or amount (the disputed amount, else the invoice's)")],
      implementation: .builtin(.disputeResolutionDays), summary: "Average time to resolve a dispute."),
    MetricDefinition(
      name: "dispute_age", aliases: ["dispute age", "age of open disputes"], kind: .pointInTime, unit: .days,
      formula: "mean(D − opened) over the disputes open at D (kpi-spec §8.1)", arguments: [], implementation: .builtin(.disputeAge),
      summary: "How long the open disputes have been open."),
  ]

  /// The argument of the credit-limit metrics.
  static let exposureArgument = MetricDefinition.Argument(
    name: "exposure", description: "what is compared with the limit: risk (risk_exposure, default), real, net (balance) or a money metric")
  static let delayArguments = [
    MetricDefinition.Argument(name: "days", description: "the trailing window, in days, ending at the window's end (default 180)"),
    MetricDefinition.Argument(name: "open", description: "include (default: open overdue items count at their days past due) or exclude (paid items only)"),
    MetricDefinition.Argument(name: "fallback", description: "none (default) or category: under 3 payments, the category's delay, then everyone's"),
  ]
  static let classArguments = delayArguments + [
    MetricDefinition.Argument(name: "green", description: "green up to this many days of delay (default 10)"),
    MetricDefinition.Argument(name: "amber", description: "amber up to this many days (default 30); red above"),
  ]

  /// Metrics computed per customer, then rolled up per group (kpi-spec §6.2–§6.5).
  static let customerMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "credit_limits", aliases: ["credit limits", "limits granted"], kind: .pointInTime, unit: .money,
      formula: "Σ credit_limit of the group's customers that have one (a limit missing or ≤ 0 is 'no limit')",
      arguments: [], implementation: .builtin(.creditLimits), summary: "Credit limits granted (customers.csv)."),
    MetricDefinition(
      name: "credit_utilisation", aliases: ["credit utilisation", "credit utilization", "limit utilisation"], kind: .pointInTime, unit: .percent,
      formula: "Σ exposure_c / Σ limit_c over the customers with a limit (kpi-spec §6.4; by customer: exposure / limit)",
      arguments: [exposureArgument], implementation: .builtin(.creditUtilisation), summary: "Exposure as a share of the credit limits."),
    MetricDefinition(
      name: "credit_overrun", aliases: ["credit overrun", "limit overrun", "depassement d'encours"], kind: .pointInTime, unit: .money,
      formula: "Σ max(0, exposure_c − limit_c) over the customers with a limit (kpi-spec §6.4)",
      arguments: [exposureArgument], implementation: .builtin(.creditOverrun), summary: "Amount of exposure above the credit limits."),
    MetricDefinition(
      name: "customers_over_limit", aliases: ["overruns"], kind: .pointInTime, unit: .count,
      formula: "count of customers with a limit and exposure_c > limit_c (kpi-spec §6.4)",
      arguments: [exposureArgument], implementation: .builtin(.customersOverLimit), summary: "Customers over their credit limit."),
    MetricDefinition(
      name: "customers_over_90pct", aliases: ["customers over 90 percent"], kind: .pointInTime, unit: .count,
      formula: "count of customers with a limit and exposure_c > 90 % of limit_c (kpi-spec §6.4)",
      arguments: [exposureArgument], implementation: .builtin(.customersOver90), summary: "Customers using more than 90 % of their limit."),
    MetricDefinition(
      name: "customers_with_limit", aliases: ["limits loaded"], kind: .pointInTime, unit: .count,
      formula: "count of the group's customers with a credit limit > 0",
      arguments: [], implementation: .builtin(.customersWithLimit), summary: "Customers with a credit limit."),
    MetricDefinition(
      name: "customers_without_limit", aliases: ["customers without limits"], kind: .pointInTime, unit: .count,
      formula: "count of the group's customers whose credit limit is missing or ≤ 0",
      arguments: [], implementation: .builtin(.customersWithoutLimit), summary: "Customers without a credit limit."),
    MetricDefinition(
      name: "payment_delay", aliases: ["payment delay", "weighted delay", "retard moyen"], kind: .window, unit: .days,
      formula: "(Σ a_j·max(0, cash_date_j − due_j) + Σ open overdue × days past due) / (Σ a_j + overdue), "
        + "cash applied in the trailing 180 days to the window's end, open items at its end (kpi-spec §6.2); LOW_SAMPLE under 3 payments",
      arguments: delayArguments, implementation: .builtin(.paymentDelay),
      summary: "Weighted payment delay (payer behaviour); by customer, by category (kpi-spec §6.3)."),
    MetricDefinition(
      name: "payment_class", aliases: ["payment class", "payer class", "payment habit"], kind: .window, unit: .text,
      formula: "payment_delay ≤ 10 days: green; ≤ 30: amber; above: red (kpi-spec §6.2; thresholds settable)",
      arguments: classArguments, implementation: .builtin(.paymentClass), summary: "Colour class of the payment delay."),
    MetricDefinition(
      name: "green_payers", aliases: ["green payers"], kind: .window, unit: .count,
      formula: "count of the group's customers whose own payment_delay is green (≤ 10 days)",
      arguments: classArguments, implementation: .builtin(.greenPayers), summary: "Customers paying on time or nearly."),
    MetricDefinition(
      name: "amber_payers", aliases: ["amber payers"], kind: .window, unit: .count,
      formula: "count of the group's customers whose own payment_delay is amber (11–30 days)",
      arguments: classArguments, implementation: .builtin(.amberPayers), summary: "Customers paying somewhat late."),
    MetricDefinition(
      name: "red_payers", aliases: ["red payers", "bad payers"], kind: .window, unit: .count,
      formula: "count of the group's customers whose own payment_delay is red (> 30 days)",
      arguments: classArguments, implementation: .builtin(.redPayers), summary: "Customers paying late."),
    MetricDefinition(
      name: "concentration", aliases: ["top customers share"], kind: .pointInTime, unit: .percent,
      formula: "Σ balance of the N largest customers / Σ balance of all (kpi-spec §6.5; customers: N, default 10)",
      arguments: [
        MetricDefinition.Argument(name: "customers", description: "how many of the largest customers (default 10)"),
        MetricDefinition.Argument(name: "exposure", description: "net (balance, default), risk, real or a money metric"),
      ], implementation: .builtin(.concentration), summary: "Share of the receivables held by the largest customers."),
  ]

  private static func call(_ name: String) -> MetricExpr { .call(MetricCall(name: name)) }

  /// `(overdue where days_past_due > days)`.
  private static func pastDue(_ days: Int64) -> MetricExpr {
    .filtered(call("overdue"), .compare(.column(Identifier("days_past_due")), .greater, .literal(.number(ExactNumber(mantissa: days, scale: 0)), .none)))
  }
}
