import ArqlLanguage

extension Binder {
  /// Team, promise, provision and risk-score metrics (kpi-spec §6.5, §8.3–§8.5) with their
  /// arguments; nil for other metrics.
  func teamMetric(_ builtin: BuiltinMetric, _ call: MetricCall, filter: BoolExpr?, depth: Int) throws -> MetricTree? {
    func leaf(_ m: BuiltinMetric, _ anchor: LeafAnchor = .windowEnd, days: Int32 = 0) -> MetricTree {
      var l = MetricLeaf(metric: m, filter: nil, aging: nil, anchor: anchor)
      l.days = days
      return .leaf(l)
    }
    let arguments = try Arguments(call)
    switch builtin {
    case .onTimeRate:
      try arguments.only(["days"])
      let k = try arguments.days("days", default: 0, range: 0...366)
      return Binder.filtered(.binary(.divide, leaf(.settledOnTime, days: k), leaf(.dueInWindow)), filter)
    case .actionSuccessRate:
      try arguments.only(["days"])
      let wait = try arguments.days("days", default: 14, range: 0...366)
      return Binder.filtered(.binary(.divide, leaf(.actionsFollowed, days: wait), leaf(.actions)), filter)
    case .overdueAccounts:
      try arguments.only([])
      return .perCustomer([Binder.perCustomer(Binder.filtered(leaf(.overdue, .asOf), filter))], .countPositive)
    case .actionsPerOverdueAccount:
      try arguments.only([])
      return .perCustomer([Binder.perCustomer(Binder.filtered(leaf(.actions), filter)), Binder.perCustomer(Binder.filtered(leaf(.overdue, .asOf), filter))],
                          .sumPerPositive)
    case .promisesKept, .promisesBroken, .promisesPartial, .promisesPending, .promiseKeptRate:
      try arguments.only(builtin == .promiseKeptRate ? ["grace", "weight"] : ["grace"])
      let grace = try arguments.days("grace", default: 3, range: 0...366)
      guard builtin == .promiseKeptRate else { return Binder.filtered(leaf(builtin, days: grace), filter) }
      let byAmount = try arguments.word("weight", among: ["count", "amount"], default: "count") == "amount"
      let tree: MetricTree = byAmount
        ? .binary(.divide, leaf(.promisesKeptAmount, days: grace), leaf(.promisesDueAmount, days: grace))
        : .binary(.divide, leaf(.promisesKept, days: grace),
                  .binary(.add, .binary(.add, leaf(.promisesKept, days: grace), leaf(.promisesBroken, days: grace)), leaf(.promisesPartial, days: grace)))
      return Binder.filtered(tree, filter)
    case .provision, .provisionRate, .provisionCoverage:
      try arguments.only(["rates", "buckets"])
      var spec = AgingSpec()
      if let edges = arguments.integers("buckets") {
        guard !edges.isEmpty, edges.allSatisfy({ $0 > 0 && $0 < 100_000 }), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
          throw EngineError(.invalidArgument, "buckets are increasing positive day counts, e.g. [30, 60, 90]", at: arguments.range("buckets") ?? call.range)
        }
        spec.edges = edges.map { Int($0) }
      }
      let percents = arguments.integers("rates") ?? (spec.edges == AgingSpec().edges ? provisionRates : [])
      guard percents.count == spec.bucketNames.count, percents.allSatisfy({ $0 >= 0 && $0 <= 100 }) else {
        throw EngineError(.invalidArgument, "rates are \(spec.bucketNames.count) percentages from 0 to 100, one per bucket ("
                            + spec.bucketNames.joined(separator: ", ") + ")", at: arguments.range("rates") ?? call.range)
      }
      var provision = MetricLeaf(metric: .provision, filter: nil, aging: spec, anchor: .asOf)
      provision.rates = percents.map { $0 * 100 }
      let tree: MetricTree
      switch builtin {
      case .provision: tree = .leaf(provision)
      case .provisionRate: tree = .binary(.divide, .leaf(provision), leaf(.htOpen, .asOf))
      default: tree = .binary(.divide, .leaf(provision), leaf(.htOverdue, .asOf))
      }
      return Binder.filtered(tree, filter)
    case .riskScore:
      try arguments.only(["delay", "overdue", "credit", "disputes"])
      var weights = RiskWeights()
      weights.delay = try arguments.number("delay", default: weights.delay)
      weights.overdue = try arguments.number("overdue", default: weights.overdue)
      weights.credit = try arguments.number("credit", default: weights.credit)
      weights.disputes = try arguments.number("disputes", default: weights.disputes)
      guard weights.delay + weights.overdue + weights.credit + weights.disputes <= 100 else {
        throw EngineError(.invalidArgument, "the risk score's weights add up to at most 100 points", at: call.range)
      }
      return try riskScoreTree(weights, .score, filter: filter, depth: depth)
    default:
      return nil
    }
  }

  /// The illustrative policy of kpi-spec §8.4: current 0 %, 1–30 1 %, 31–60 5 %, 61–90 20 %,
  /// 91–120 50 %, over 120 100 %.
  public static let defaultProvisionRates: [Int64] = [0, 1, 5, 20, 50, 100]

  /// The per-customer trees of a risk score (`RiskScore.Part` order) and one of its columns.
  func riskScoreTree(_ weights: RiskWeights, _ component: RiskComponent, filter: BoolExpr?, depth: Int) throws -> MetricTree {
    let trailing = BuiltinMetric.dbt(weight: .amount, signed: false, includeOpen: true).mapLeaves { leaf in
      var l = leaf
      if l.metric.kind == .window { l.trailingDays = 180 }
      return l
    }
    func leaf(_ m: BuiltinMetric) -> MetricTree { .leaf(MetricLeaf(metric: m, filter: nil, aging: nil)) }
    let exposure = try bind(.call(MetricCall(name: "risk_exposure")), filter: nil, depth: depth + 1)
    let parts: [MetricTree] = [trailing, leaf(.overdue), leaf(.grossOpen), exposure, leaf(.creditLimit), leaf(.disputedAmount)]
    return .perCustomer(parts.map { Binder.perCustomer(Binder.filtered($0, filter)) }, .riskScore(weights, component))
  }
}
