import ArqlLanguage

/// Makes the `LogicalPlan` of a bound query: the contexts (one per bucket of a grain), the
/// comparison's, the rows scanned, whether the grouping is static, the kernels, fusion of the
/// contexts into one pass, a top N pushed into the evaluation, and the customer pairs.
struct Planner {
  let calendar: Calendar
  /// `define dimension` expressions, which may read the evaluation date.
  let dimensions: [String: ValueExpr]

  func plan(_ q: BoundQuery) -> LogicalPlan {
    let leaves = distinctLeaves(q)
    let universes = groupingUniverses(leaves)
    let staticGrouping = !(q.filter.map(dependsOnDate) ?? false) && !q.groups.contains(where: dependsOnDate)
    let current = contexts(q, window: q.window, asOf: q.asOf)
    // A plain top N ranks inside the evaluation, so only the candidates become rows.
    var topN: LogicalPlan.TopNPushdown? = nil
    if let r = q.ranking, r.per == nil, q.grain == nil, q.comparison == nil, q.having == nil, q.order == nil, q.pivot == nil {
      topN = LogicalPlan.TopNPushdown(count: r.count, descending: r.top)
    }
    let comparison = q.comparison.map { c in
      let shifted = contexts(q, window: c.window, asOf: c.asOf)
      return LogicalPlan.Comparison(label: c.label, contexts: shifted, strategy: strategy(q, leaves, shifted, staticGrouping))
    }
    return LogicalPlan(
      contexts: current, strategy: strategy(q, leaves, current, staticGrouping), comparison: comparison,
      grouping: LogicalPlan.GroupingKey(groups: q.groups, filter: q.filter, universes: universes), staticGrouping: staticGrouping,
      leaves: leaves, customerPairs: leaves.contains(where: \.perCustomer), linkedGroupSpecs: linkedGroupSpecs(q), topN: topN, having: q.having != nil,
      ranks: q.ranking != nil || q.order != nil || q.limit != nil, pivot: q.pivot != nil)
  }

  /// The dimensions of the linked universes: the own columns of disputes, actions, promises and
  /// surveys (a dispute's owner, an action's agent or type, a promise's status...), and a
  /// dispute's reason (on documents, the reason of their open dispute).
  static let linkedDimensions: Set<String> = Set(LedgerAttributes.ownColumns.values.joined()).union(["reason"])

  /// The group specs that are linked dimensions.
  func linkedGroupSpecs(_ q: BoundQuery) -> [Int] {
    q.groups.indices.filter { g in
      if case .attribute(let name, _) = q.groups[g] { return Planner.linkedDimensions.contains(name) }
      return false
    }
  }

  /// One context per bucket of the grain, or one.
  func contexts(_ q: BoundQuery, window: DateRange, asOf: Int32) -> [EvaluationContext] {
    guard let grain = q.grain else { return [EvaluationContext(asOf: asOf, window: window, bucket: nil)] }
    return calendar.buckets(grain, covering: window).map {
      EvaluationContext(asOf: min($0.last, asOf), window: $0, bucket: calendar.label(grain, calendar.start(of: grain, containing: $0.first)))
    }
  }

  /// The leaves of every item, each once, in order.
  func distinctLeaves(_ q: BoundQuery) -> [MetricLeaf] {
    var seen: Set<MetricLeaf> = []
    return q.items.flatMap { $0.tree.leaves }.filter { seen.insert($0).inserted }
  }

  /// Fused when the buckets' ends ascend, no item is an aged balance, every kernel fuses and is
  /// taken at its context's own dates, and nothing but the metrics reads the date.
  func strategy(_ q: BoundQuery, _ leaves: [MetricLeaf], _ contexts: [EvaluationContext], _ staticGrouping: Bool) -> LogicalPlan.Strategy {
    let dates = contexts.map(\.asOf)
    guard contexts.count > 1, q.items.allSatisfy({ $0.aging == nil }), staticGrouping,
      leaves.allSatisfy({ $0.metric.kernel.fuses && $0.anchor != .beforeWindow && !$0.perCustomer && $0.trailingDays == nil }),
      !leaves.contains(where: { $0.filter.map(dependsOnDate) ?? false }),
      zip(dates, dates.dropFirst()).allSatisfy({ $0 < $1 })
    else { return .perContext }
    return .fused
  }

  /// The universes whose rows make the groups: the ledger's (documents, cash, exposures) when a
  /// kernel reads them, dispute episodes when a kernel reads those, so that `disputes_opened
  /// by owner` has no group made of invoices alone.
  /// Per-customer rollups also group the customers without any row, so that a customer with
  /// a credit limit and no document counts (exposure 0) in its group.
  func groupingUniverses(_ leaves: [MetricLeaf]) -> Set<Universe> {
    var used = Set(leaves.compactMap { $0.metric.linkedUniverse })
    if leaves.isEmpty || leaves.contains(where: { $0.metric.linkedUniverse == nil }) { used.formUnion(Universe.ledger) }
    if leaves.contains(where: \.perCustomer) { used.insert(.customers) }
    return used
  }

  // MARK: - What depends on the evaluation date

  /// Whether a condition reads something that depends on the evaluation date.
  func dependsOnDate(_ e: BoolExpr) -> Bool {
    switch e {
    case .and(let parts), .or(let parts): return parts.contains(where: dependsOnDate)
    case .not(let inner): return dependsOnDate(inner)
    case .compare(let a, _, let b): return dependsOnDate(a) || dependsOnDate(b)
    case .inList(let v, let items, _): return dependsOnDate(v) || items.contains(where: dependsOnDate)
    case .between(let a, let b, let c, _): return dependsOnDate(a) || dependsOnDate(b) || dependsOnDate(c)
    case .like(let v, _, _), .isNull(let v, _), .truth(let v): return dependsOnDate(v)
    }
  }

  func dependsOnDate(_ e: ValueExpr) -> Bool {
    switch e {
    case .literal, .parameter: return false
    case .column(let id):
      if let definition = dimensions[id.name] { return dependsOnDate(definition) }
      return ContextAttributes.names.contains(id.name)
    case .call(_, let args): return args.contains(where: dependsOnDate)
    case .caseWhen(let branches, let otherwise):
      return branches.contains { dependsOnDate($0.condition) || dependsOnDate($0.value) } || (otherwise.map(dependsOnDate) ?? false)
    case .negate(let inner): return dependsOnDate(inner)
    case .binary(_, let a, let b): return dependsOnDate(a) || dependsOnDate(b)
    }
  }

  func dependsOnDate(_ g: BoundQuery.Group) -> Bool {
    switch g {
    case .attribute(let name, _), .bucket(let name, _): return ContextAttributes.names.contains(name)
    case .defined(_, let e): return dependsOnDate(e)
    }
  }
}
