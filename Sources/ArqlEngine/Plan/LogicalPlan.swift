import ArqlLanguage
import ArqlLedger

/// How a query runs, as plain values made by the `Planner` from a bound query: the contexts
/// to evaluate, the rows read, filtered and grouped, the kernels computed in each context,
/// whether the contexts fuse into one pass, a top N pushed into the evaluation, the customer
/// pairs, then the steps over the result rows. `explain plan` prints this value, the executor
/// runs it, and its parts key the engine's caches; the SQL generator can read it without the
/// executor.
struct LogicalPlan: Hashable {
  /// How the contexts are evaluated.
  enum Strategy: Hashable {
    /// Each context on its own: one snapshot of open amounts per as-of date.
    case perContext
    /// Every bucket end in one pass over the documents (each walks its applications through
    /// the sorted dates) and the window sums per bucket; only when nothing but the metrics
    /// depends on the date.
    case fused
  }

  /// A top N ranked inside each evaluation, so only the candidate groups become rows.
  struct TopNPushdown: Hashable {
    var count: Int
    var descending: Bool
  }

  /// The comparison's contexts (`vs ...`), joined to the current ones by group and position.
  struct Comparison: Hashable {
    var label: String
    var contexts: [EvaluationContext]
    var strategy: Strategy
  }

  /// What the rows are filtered and grouped by; equal keys share one grouping (when static).
  struct GroupingKey: Hashable {
    var groups: [BoundQuery.Group]
    var filter: BoolExpr?
    /// The universes whose rows are filtered and grouped.
    var universes: Set<Universe>
  }

  /// One context per bucket of the grain, or one.
  var contexts: [EvaluationContext]
  var strategy: Strategy
  var comparison: Comparison?
  var grouping: GroupingKey
  /// Whether the filter and the groups read nothing that depends on the evaluation date (then
  /// the grouping is computed once and reused by every context).
  var staticGrouping: Bool
  /// The distinct kernels (with their arguments and filters) computed in each context.
  var leaves: [MetricLeaf]
  /// Whether (group, customer) pairs are built for per-customer metrics.
  var customerPairs: Bool
  /// The group specs that are dimensions of a linked universe: the whole of a share is
  /// summed over them (`MetricLeaf.whole`).
  var linkedGroupSpecs: [Int]
  var topN: TopNPushdown?
  /// Steps over the result rows, in order.
  var having: Bool
  var ranks: Bool
  var pivot: Bool

  /// The plan as `explain plan` prints it.
  func lines(documents: Int) -> [String] {
    var plan = ["plan:"]
    let fusedText = strategy == .fused ? " fused into one pass over the bucket ends" : ""
    plan.append("  evaluate \(contexts.count) context\(contexts.count == 1 ? "" : "s")\(fusedText)"
      + (comparison.map { " and \($0.contexts.count) for vs \($0.label)" } ?? ""))
    if let first = contexts.first, let last = contexts.last {
      plan.append(contexts.count == 1 ? "    as of \(Day.iso(first.asOf)), window \(first.window)"
        : "    as of \(Day.iso(first.asOf)) to \(Day.iso(last.asOf)), windows \(first.window) to \(last.window)")
    }
    plan.append("    snapshot: open amount of \(documents) documents at each as-of date (application index, one pass)")
    let universes = Universe.allCases.filter { grouping.universes.contains($0) }.map { "\($0)" }.joined(separator: ", ")
    plan.append("    scan: " + universes)
    if let f = grouping.filter { plan.append("    filter: " + Formatter.format(f) + " → row masks") }
    plan.append("    group: " + (grouping.groups.isEmpty ? "one group" : grouping.groups.map(\.name).joined(separator: " × "))
      + " as dense codes" + (staticGrouping ? ", computed once" : ", per context (reads the evaluation date)"))
    if customerPairs { plan.append("    pairs: (group, customer) for the per-customer metrics") }
    if !linkedGroupSpecs.isEmpty && leaves.contains(where: \.whole) {
      plan.append("    shares: their wholes summed over " + linkedGroupSpecs.map { grouping.groups[$0].name }.joined(separator: ", "))
    }
    for leaf in leaves { plan.append("    kernel: " + leaf.planText) }
    if let topN { plan.append("    top \(topN.count) \(topN.descending ? "largest" : "smallest") pushed into the evaluation") }
    if having { plan.append("  having") }
    if ranks { plan.append("  rank / order / limit") }
    if pivot { plan.append("  pivot") }
    return plan
  }
}

extension MetricLeaf {
  /// One line of `explain plan`: the kernel, its pass, and what sets it apart.
  var planText: String {
    var text = metric.rawValue
    var details: [String] = []
    switch anchor {
    case .asOf: break
    case .windowEnd: if metric.kind == .pointInTime { details.append("at the window's end") }
    case .beforeWindow: details.append("the day before the window")
    }
    if metric == .periodSales { details.append("period \(period)") }
    if let aging { details.append("buckets \(aging.edges.map(String.init).joined(separator: ",")), \(aging.basis.rawValue), \(aging.measure.rawValue)") }
    if days != 0 { details.append("\(days) days") }
    if !rates.isEmpty { details.append("rates \(rates.map(String.init).joined(separator: ","))") }
    if let trailingDays { details.append("trailing \(trailingDays) days") }
    if perCustomer { details.append("per customer") }
    if whole { details.append("whole of a share") }
    if let filter { details.append("where " + Formatter.format(filter)) }
    if !details.isEmpty { text += " (" + details.joined(separator: "; ") + ")" }
    return text
  }
}
