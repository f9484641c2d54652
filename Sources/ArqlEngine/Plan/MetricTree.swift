import ArqlLanguage

/// A metric expression with every name resolved to a built-in kernel: user metrics are
/// expanded, their filters pushed into the leaves.
indirect enum MetricTree: Sendable {
  case leaf(MetricLeaf)
  case number(Double)
  case negate(MetricTree)
  case binary(ArithmeticOperator, MetricTree, MetricTree)
  /// A days ratio of the DSO family: `a / b × N` (N = the window's days); `a < 0` gives 0
  /// (a credit balance), otherwise `b ≤ 0` gives n/a (no sales).
  case ratioDays(MetricTree, MetricTree)
  /// CEI: `(B + S − E) / (B + S − Ec)`; n/a when the denominator is not positive.
  case cei(MetricTree, MetricTree, MetricTree, MetricTree, CeiVariant)
  /// A weighted mean `Σ w·x / Σ w` from two sums; n/a when `Σ w = 0`.
  case weighted(MetricTree, MetricTree)
  /// Countback DSO (kpi-spec §3.2): the balance walked back through the net sales of the
  /// periods (month to date, then whole months) until it is exhausted.
  case countback(MetricTree, [MetricTree], CountbackZeroMonth)
  /// Values computed per customer of the group (each tree's leaves grouped by group ×
  /// customer), then rolled up into the group's one value: counts of customers over their
  /// limit, Σ overruns, the share of the top N (kpi-spec §6.4, §6.5).
  case perCustomer([MetricTree], CustomerRollup)
  /// The first tree's value, flagged LOW_SAMPLE when the second (a count) is under `minimum`.
  case sampled(MetricTree, MetricTree, minimum: Int64)
  /// The colour class of a payment delay (kpi-spec §6.2): green ≤ `green` days, amber ≤
  /// `amber`, red above; n/a without payments or overdue items.
  case classified(MetricTree, PaymentClasses)

  /// Every leaf, left to right.
  var leaves: [MetricLeaf] {
    switch self {
    case .leaf(let l): return [l]
    case .number: return []
    case .negate(let t): return t.leaves
    case .binary(_, let a, let b), .ratioDays(let a, let b), .weighted(let a, let b): return a.leaves + b.leaves
    case .cei(let a, let b, let c, let d, let variant): return a.leaves + b.leaves + c.leaves + d.leaves + (variant.cash?.leaves ?? [])
    case .countback(let a, let periods, _): return a.leaves + periods.flatMap(\.leaves)
    case .perCustomer(let trees, _): return trees.flatMap(\.leaves)
    case .sampled(let a, let b, _): return a.leaves + b.leaves
    case .classified(let a, _): return a.leaves
    }
  }

  /// The same tree with `transform` applied to every leaf.
  func mapLeaves(_ transform: (MetricLeaf) -> MetricLeaf) -> MetricTree {
    switch self {
    case .leaf(let l): return .leaf(transform(l))
    case .number: return self
    case .negate(let t): return .negate(t.mapLeaves(transform))
    case .binary(let op, let a, let b): return .binary(op, a.mapLeaves(transform), b.mapLeaves(transform))
    case .ratioDays(let a, let b): return .ratioDays(a.mapLeaves(transform), b.mapLeaves(transform))
    case .weighted(let a, let b): return .weighted(a.mapLeaves(transform), b.mapLeaves(transform))
    case .cei(let a, let b, let c, let d, var variant):
      variant.cash = variant.cash?.mapLeaves(transform)
      return .cei(a.mapLeaves(transform), b.mapLeaves(transform), c.mapLeaves(transform), d.mapLeaves(transform), variant)
    case .countback(let a, let periods, let policy): return .countback(a.mapLeaves(transform), periods.map { $0.mapLeaves(transform) }, policy)
    case .perCustomer(let trees, let rollup): return .perCustomer(trees.map { $0.mapLeaves(transform) }, rollup)
    case .sampled(let a, let b, let minimum): return .sampled(a.mapLeaves(transform), b.mapLeaves(transform), minimum: minimum)
    case .classified(let a, let classes): return .classified(a.mapLeaves(transform), classes)
    }
  }

  /// Whether a per-customer rollup is part of the tree.
  var hasPerCustomer: Bool { leaves.contains { $0.perCustomer } }

  /// Whether every leaf is a point-in-time metric (no window needed).
  var isPointInTime: Bool { leaves.allSatisfy { $0.metric.kind == .pointInTime } }
}

/// One built-in kernel with its arguments and row filter.
struct MetricLeaf: Sendable, Hashable {
  let metric: KernelID
  var filter: BoolExpr?
  var aging: AgingSpec?
  /// The day a point-in-time kernel is taken at.
  var anchor: LeafAnchor = .asOf
  /// For `period_sales`: which period back from the as-of date (0 = month to date).
  var period = 0
  /// A number of days some kernels take: k of the on-time rate, the days an action waits for
  /// a payment, the grace of a promise.
  var days: Int32 = 0
  /// Provision rates per aging bucket, in basis points.
  var rates: [Int64] = []
  /// Summed per group × customer, under a `perCustomer` node.
  var perCustomer = false
  /// Window kernels over the last N days ending at the window's end instead of the window
  /// (a payment delay's trailing 180 days).
  var trailingDays: Int32? = nil
  /// The whole of a share: grouped by a dimension of a linked universe (a dispute's reason,
  /// owner or outcome, an action's agent or type, a promise's status), this leaf is summed
  /// over every value of that dimension, so that the parts of the share add up to its
  /// ungrouped value (`Executor.wholeOverLinked`).
  var whole = false
  /// How a forecast kernel dates the open items.
  var forecast: ForecastSpec? = nil
}

/// CEI's variants (kpi-spec §3.6).
struct CeiVariant: Sendable {
  /// CRF/Oracle: the window's sales divided by its months.
  var monthlyAverageSales = false
  /// Cash-only: the numerator is the cash collected in the window (this tree) instead of B + S − E.
  var cash: MetricTree? = nil
}

/// How DBT weighs each payment.
enum DbtWeight: String, Sendable {
  case amount, count
}

/// What a countback does at a month with no or negative net sales (kpi-spec §3.2).
enum CountbackZeroMonth: String, Sendable {
  /// Count the month's days and go on (default: economically the receivable is older).
  case cross
  /// End the walk there, as Oracle HFM does.
  case stop
}

/// The day a point-in-time kernel is evaluated at.
enum LeafAnchor: String, Sendable, Hashable {
  /// The as-of date (or each bucket end of a grain).
  case asOf
  /// The last day of the window: a DSO's `AR(end)`.
  case windowEnd
  /// The day before the window starts: CEI's beginning AR.
  case beforeWindow
}

/// The options of `aged_balance(...)`.
struct AgingSpec: Sendable, Hashable {
  enum Basis: String, Sendable { case dueDate = "due_date", docDate = "doc_date" }
  enum Measure: String, Sendable { case amount, count, percent }
  var edges: [Int] = [30, 60, 90, 120]
  var basis: Basis = .dueDate
  var measure: Measure = .amount

  /// The bucket names: current, 1_30, ... (due basis) or 0_30, ... (document-date basis), then over_N.
  var bucketNames: [String] {
    var names: [String] = basis == .dueDate ? ["current"] : []
    var low = basis == .dueDate ? 1 : 0
    for edge in edges {
      names.append("\(low)_\(edge)")
      low = edge + 1
    }
    names.append("over_\(edges.last ?? 0)")
    return names
  }

  /// The bucket of an age in days (days past due, or days since the document).
  @inline(__always)
  func bucket(_ days: Int32) -> Int {
    if basis == .dueDate && days <= 0 { return 0 }
    let offset = basis == .dueDate ? 1 : 0
    for (i, edge) in edges.enumerated() where Int(days) <= edge { return i + offset }
    return edges.count + offset
  }
}
