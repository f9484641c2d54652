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
  ]

  private static func call(_ name: String) -> MetricExpr { .call(MetricCall(name: name)) }
}
