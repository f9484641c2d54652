import ArqlLanguage
import ArqlLedger

extension Executor {
  /// Evaluates one context: the grouping, every kernel of the plan, then the rows.
  func evaluate(_ q: BoundQuery, _ plan: LogicalPlan, _ context: EvaluationContext, topN: LogicalPlan.TopNPushdown? = nil) throws -> Partial {
    try cancellation.check()
    // A forecast's plan first: it computes the open amounts at D on one core while it reads
    // the payer behaviour on the other.
    for leaf in plan.leaves {
      guard case .forecast = leaf.metric.kernel.evaluator, case let spec = leaf.forecast ?? ForecastSpec(), spec.method.datesItems else { continue }
      _ = forecastPlan(spec, asOf: context.asOf)
    }
    // The state at D only when a kernel or attribute reads it (a payment delay does not); the
    // session cache keeps it for the rest of the query.
    let asOf = context.asOf
    let contextAttributes = ContextAttributes(ledger: ledger, asOf: asOf, state: { self.snapshot(asOf) }, customersWithoutRows: attributes.customersWithoutRows.count)
    let counts = rowCounts
    func lookup(_ universe: Universe) -> (String) -> AttributeColumn? {
      { name in contextAttributes.attribute(name, universe) ?? self.attributes.attribute(name, universe) }
    }
    var pairs: CustomerPairs? = nil
    let grouping: Grouping
    if let (byCustomer, customerPairs) = try customerGrouping(plan) {
      (grouping, pairs) = (byCustomer, customerPairs)
    } else {
      grouping = try self.grouping(plan, lookup, counts: counts)
    }
    let whereMasks = grouping.whereMasks
    let rowGroups = grouping.rowGroups
    let groupCount = grouping.groupCodes.count
    // Leaf values per group (per group × customer under a per-customer node).
    var leafValues: [MetricLeaf: [Int64]] = [:]
    var agingValues: [MetricLeaf: [[Int64]]] = [:]
    for leaf in plan.leaves {
      do {
        let key = leaf
        if leafValues[key] != nil || agingValues[key] != nil { continue }
        var rowGroups = rowGroups
        var groupCount = groupCount
        if leaf.perCustomer {
          let p = pairs ?? CustomerPairs.make(ledger: ledger, customersOfRows: Universe.allCases.map(attributes.customerRows), rowGroups: rowGroups,
                                             whereMasks: whereMasks, groupCount: groupCount, universes: grouping.used,
                                             spareRows: attributes.constantRows)
          pairs = p
          if leaf.metric == .creditLimit {
            leafValues[key] = p.creditLimits(ledger.customers)
            continue
          }
          rowGroups = p.rowPairs
          groupCount = p.slots
        }
        var masks: [[Bool]?] = whereMasks
        if let filter = leaf.filter {
          for u in Universe.allCases where grouping.used.contains(u) {
            let m = try FilterEvaluator(count: counts[u.rawValue], parameters: parameters, lookup: lookup(u), defined: dimensions).mask(filter)
            masks[u.rawValue] = masks[u.rawValue].map { zip($0, m).map { $0 && $1 } } ?? m
          }
        }
        if leaf.metric == .bookedProvision { _ = try bookedProvisions() }  // a bad value is an error here, not a 0
        if leaf.metric == .agedBalance {
          agingValues[key] = aging(leaf.aging ?? AgingSpec(), snapshot(asOf), masks, rowGroups, groupCount)
        } else if leaf.metric == .periodSales {
          // Every period of the countback in one pass.
          let periods = calendar.countbackPeriods(asOf: context.asOf, count: KernelID.countbackPeriods)
          for (p, values) in periodSales(periods, masks, rowGroups, groupCount).enumerated() {
            var other = leaf
            other.period = p
            leafValues[other] = leaf.whole && !leaf.perCustomer ? wholeOverLinked(values, grouping, linkedSpecs: plan.linkedGroupSpecs) : values
          }
        } else {
          var window = context.window
          if let trailing = leaf.trailingDays {
            let end = min(context.window.last, context.asOf)
            window = DateRange(first: end - trailing + 1, last: end)
          }
          let day = anchorDay(leaf, context) ?? context.asOf
          let shifted = EvaluationContext(asOf: day, window: window, bucket: context.bucket)
          func keep(_ leaf: MetricLeaf, _ values: [Int64]) {
            leafValues[leaf] = leaf.whole && !leaf.perCustomer ? wholeOverLinked(values, grouping, linkedSpecs: plan.linkedGroupSpecs) : values
          }
          if case .cash = leaf.metric.kernel.evaluator {
            // The plan's cash leaves over the same rows and window, in one pass.
            let siblings = fusedCashLeaves(leaf, plan.leaves, done: leafValues)
            let kernels = siblings.compactMap { if case .cash(let k) = $0.metric.kernel.evaluator { k } else { nil } }
            for (sibling, values) in zip(siblings, cashSums(kernels, shifted, masks, rowGroups, groupCount)) { keep(sibling, values) }
          } else if leaf.metric == .balance, leaf.perCustomer, pairs?.isByCustomer == true, masks.allSatisfy({ $0 == nil }),
                    attributes.applicationsWithinCustomers {
            // Each customer's balance from its amounts, without the open amount of every item.
            keep(leaf, balanceFromAmounts(shifted, rowGroups, groupCount))
          } else {
            let state = leaf.metric.kernel.readsState ? snapshot(day) : nil
            keep(leaf, try sum(leaf, shifted, state, masks, rowGroups, groupCount))
          }
        }
        try cancellation.check()
      }
    }
    return makePartial(q, grouping, leafValues, agingValues, topN: topN, context: context, pairs: pairs)
  }

  /// The cash leaves of a plan summed over the same rows and window as `leaf` (itself first),
  /// not computed yet: one pass over the cash lines gives them all.
  func fusedCashLeaves(_ leaf: MetricLeaf, _ leaves: [MetricLeaf], done: [MetricLeaf: [Int64]]) -> [MetricLeaf] {
    var seen: Set<MetricLeaf> = [leaf]
    var result = [leaf]
    for other in leaves where done[other] == nil && !seen.contains(other) {
      guard case .cash = other.metric.kernel.evaluator, other.perCustomer == leaf.perCustomer, other.filter == leaf.filter,
            other.trailingDays == leaf.trailingDays
      else { continue }
      seen.insert(other)
      result.append(other)
    }
    return result
  }

  /// The day a leaf anchored away from the as-of date is evaluated at; nil for window kernels
  /// and as-of leaves.
  func anchorDay(_ leaf: MetricLeaf, _ context: EvaluationContext) -> Int32? {
    guard leaf.metric.kind == .pointInTime else { return nil }
    switch leaf.anchor {
    case .asOf: return nil
    case .windowEnd: return min(context.window.last, context.asOf)
    case .beforeWindow: return context.window.first - 1
    }
  }

  /// Every pair's values of an item's trees, and their flags when any pair raised one.
  struct PairColumns {
    var values: [[ResultValue]]
    var flags: [[Set<ResultFlag>]]?
  }

  /// Each pair's exact delay of one tree, filled as groups ask for their pairs.
  struct ExactDelays {
    var done: [Bool]
    var ratios: [ExactRatio?]
    /// The flags a pair raised, for the few that raise one.
    var flags: [Int: Set<ResultFlag>] = [:]

    init(count: Int) {
      done = [Bool](repeating: false, count: count)
      ratios = [ExactRatio?](repeating: nil, count: count)
    }
  }

  /// A per-customer tree's value for one (group, customer) pair, with the flags it raised.
  struct PairValue {
    var value: ResultValue
    var flags: Set<ResultFlag>
  }

  /// The output rows of one evaluation from the leaf values of every group.
  func makePartial(_ q: BoundQuery, _ grouping: Grouping, _ leafValues: [MetricLeaf: [Int64]], _ agingValues: [MetricLeaf: [[Int64]]],
                   topN: LogicalPlan.TopNPushdown?, context: EvaluationContext, pairs: CustomerPairs? = nil) -> Partial
  {
    let groupCount = grouping.groupCodes.count
    let days = TreeDays(window: context.window.days, months: calendar.monthsTouched(by: context.window),
      periods: calendar.countbackPeriods(asOf: context.asOf, count: KernelID.countbackPeriods).map(\.days))
    // Leaf arrays looked up once, not per group.
    var leafArrays: [MetricLeaf: [Int64]] = [:]
    for item in q.items {
      for leaf in item.tree.leaves {
        let key = leaf
        if let values = leafValues[key] { leafArrays[key] = values }
      }
    }
    let itemAging: [(AgingSpec, [[Int64]])?] = q.items.map { item in
      guard let spec = item.aging, case .leaf(let leaf) = item.tree, let buckets = agingValues[leaf] else { return nil }
      return (spec, buckets)
    }
    // Each item's leaf arrays in leaf order: no key hashing per group.
    let itemLeafArrays: [[[Int64]?]] = q.items.map { $0.tree.leaves.map { leafArrays[$0] } }
    // A per-customer item: each tree's leaf arrays (indexed by pair) in leaf order.
    let itemPairArrays: [[[[Int64]?]]?] = q.items.map { item in
      guard case .perCustomer(let trees, _) = item.tree else { return nil }
      return trees.map { $0.leaves.map { leafArrays[$0] } }
    }
    let evaluator = TreeEvaluator(days: days)
    // Per tree, per pair: its value and the flags it raised.
    func pairValues(_ trees: [MetricTree], _ arrays: [[[Int64]?]], _ members: [Int32]) -> [[PairValue]] {
      trees.enumerated().map { t, tree in
        members.map { pair in
          var next = 0
          let (value, flags) = evaluator.evaluate(tree) { _ in
            defer { next += 1 }
            return arrays[t][next]?[Int(pair)] ?? 0
          }
          return PairValue(value: value, flags: flags)
        }
      }
    }
    // The values of the members' pairs, and the union of their flags.
    func reduced(_ columns: [[PairValue]]) -> (values: [[ResultValue]], flags: Set<ResultFlag>) {
      var flags: Set<ResultFlag> = []
      for column in columns { for cell in column { flags.formUnion(cell.flags) } }
      return (columns.map { $0.map(\.value) }, flags)
    }
    var fallbacks: [Int: DelayFallback] = [:]  // per item, from every pair, built on first use
    // Every pair's values of an item's trees, computed once and shared by the items with the
    // same trees (the risk score's columns).
    var allPairValues: [[[MetricLeaf]]: PairColumns] = [:]
    var exactDelays: [[MetricLeaf]: ExactDelays] = [:]
    func valuesOfPairs(_ i: Int, _ trees: [MetricTree], _ arrays: [[[Int64]?]], _ pairs: CustomerPairs) -> PairColumns {
      let key = trees.map(\.leaves)
      if let cached = allPairValues[key] { return cached }
      let columns = pairValues(trees, arrays, (0..<Int32(pairs.customerOfPair.count)).map { $0 })
      // Values apart from flags: a group copies only the values of its members, and looks at
      // flags only when some pair raised one.
      let flagged = columns.contains { $0.contains { !$0.flags.isEmpty } }
      let values = PairColumns(values: columns.map { $0.map(\.value) }, flags: flagged ? columns.map { $0.map(\.flags) } : nil)
      allPairValues[key] = values
      return values
    }
    // A delay tree `weighted(a, b)` whose two sides are sums of kernels of one kind: every
    // pair's numerator and denominator as columns, the ones `TreeEvaluator.exact` divides
    // (same kind on both sides, so no scaling), once per tree; nil for any other tree.
    // A tree's leaf arrays handed one at a time in leaf order, as `TreeEvaluator`'s column
    // builders read them; nil past the last.
    func leafSupply(_ arrays: [[Int64]?]) -> () -> [Int64]? {
      var next = 0
      return {
        defer { next += 1 }
        return next < arrays.count ? arrays[next] : nil
      }
    }
    typealias DelayColumns = (numerator: [Int64], denominator: [Int64], counts: Bool)
    var delayColumnsOfTree: [[MetricLeaf]: DelayColumns?] = [:]
    func delayColumns(_ tree: MetricTree, _ arrays: [[Int64]?], _ pairs: CustomerPairs) -> DelayColumns? {
      let key = tree.leaves
      if let cached = delayColumnsOfTree[key] { return cached }
      var columns: DelayColumns? = nil
      if case .weighted(let a, let b) = tree {
        let supply = leafSupply(arrays)
        if let x = TreeEvaluator.linearSums(a, slots: pairs.slots, supply), let y = TreeEvaluator.linearSums(b, slots: pairs.slots, supply),
          x.counts == y.counts
        {
          columns = (x.sums, y.sums, x.counts)
        }
      }
      delayColumnsOfTree[key] = .some(columns)
      return columns
    }
    // The risk score's points of every pair, once per trees and weights, shared by its five
    // columns; with the flags the pairs raised, when some did.
    struct RiskKey: Hashable {
      var leaves: [[MetricLeaf]]
      var weights: RiskWeights
    }
    var riskOfPairs: [RiskKey: (columns: RiskScore.Columns, flags: [[Set<ResultFlag>]]?)] = [:]
    func riskColumns(_ i: Int, _ trees: [MetricTree], _ arrays: [[[Int64]?]], _ pairs: CustomerPairs, _ weights: RiskWeights)
      -> (columns: RiskScore.Columns, flags: [[Set<ResultFlag>]]?)
    {
      let key = RiskKey(leaves: trees.map(\.leaves), weights: weights)
      if let cached = riskOfPairs[key] { return cached }
      var result: (columns: RiskScore.Columns, flags: [[Set<ResultFlag>]]?)
      // The usual trees: a delay of two sums of kernels, and parts that are sums of kernels.
      // Each pair's values come straight from the columns, as `TreeEvaluator` gives them.
      var sums: [(sums: [Int64], counts: Bool)]? = trees.count == RiskScore.Part.allCases.count ? [] : nil
      for t in trees.indices.dropFirst() where sums != nil {
        if let column = TreeEvaluator.linearSums(trees[t], slots: pairs.slots, leafSupply(arrays[t])) { sums?.append(column) } else { sums = nil }
      }
      if let sums, let delay = delayColumns(trees[0], arrays[0], pairs) {
        func number(_ sum: Int64, _ counts: Bool) -> ResultValue { counts ? .integer(sum) : .money(sum) }
        let columns = RiskScore.columns(customers: pairs.customerOfPair.count, weights: weights) { part, c in
          guard part != .delay else {
            return TreeEvaluator.weighted(number(delay.numerator[c], delay.counts), number(delay.denominator[c], delay.counts)).value.doubleValue
          }
          let column = sums[part.rawValue - 1]
          return number(column.sums[c], column.counts).doubleValue
        }
        result = (columns, nil)
      } else {
        let all = valuesOfPairs(i, trees, arrays, pairs)
        result = (RiskScore.columns(all.values, weights: weights), all.flags)
      }
      riskOfPairs[key] = result
      return result
    }
    // Sums of amounts (exposure, limit) as whole columns over every pair, once per item.
    var centsOfPairs: [Int: [[Int64]]?] = [:]
    func linearCents(_ i: Int, _ trees: [MetricTree], _ arrays: [[[Int64]?]], _ pairs: CustomerPairs) -> [[Int64]]? {
      if let cached = centsOfPairs[i] { return cached }
      let slots = pairs.slots
      let columns: [[Int64]]? = {
        var result: [[Int64]] = []
        for (t, tree) in trees.enumerated() {
          guard let column = TreeEvaluator.linearCents(tree, slots: slots, leafSupply(arrays[t])) else { return nil }
          result.append(column)
        }
        return result
      }()
      centsOfPairs[i] = .some(columns)
      return columns
    }
    // An item's value for a group, and the flags its computation raised.
    func itemValue(_ i: Int, _ g: Int) -> (value: ResultValue, flags: Set<ResultFlag>) {
      if case .perCustomer(let trees, let rollup) = q.items[i].tree {
        guard let pairs, let arrays = itemPairArrays[i] else { return (.null, []) }
        let members = pairs.pairsOfGroup[g]
        if rollup.readsCents, let columns = linearCents(i, trees, arrays, pairs) {
          return (rollup.reduce(cents: columns, members: members), [])
        }
        if case .robustDelay(let classes) = rollup {
          let fallback = fallbacks[i] ?? DelayFallback(
            values: reduced(pairValues(trees, arrays, (0..<Int32(pairs.customerOfPair.count)).map { $0 })).values,
            category: pairs.customerOfPair.map { ledger.customers.category.codes[Int($0)] })
          fallbacks[i] = fallback
          let (result, low) = fallback.value(members, classes: classes)
          return (result, low ? [.lowSample] : [])
        }
        if case .countClass(let wanted, let classes) = rollup, let tree = trees.first,
          let (numerator, denominator, _) = delayColumns(tree, arrays[0], pairs)
        {
          // The usual delay, a ratio of two sums of kernels: each customer's exact delay from
          // two columns, no tree evaluated per customer.
          var count: Int64 = 0
          for pair in members {
            let p = Int(pair)
            if let delay = ExactRatio(numerator[p], denominator[p]), classes.classify(delay) == wanted { count += 1 }
          }
          return (.integer(count), [])
        }
        if case .countClass = rollup, let tree = trees.first {
          // Classes are decided on each customer's exact delay, worked out once per pair and
          // shared by the items with the same tree (green, amber and red payers).
          var flags: Set<ResultFlag> = []
          let key = tree.leaves
          var known = exactDelays.removeValue(forKey: key) ?? ExactDelays(count: pairs.customerOfPair.count)  // no copy on write
          let delays: [ExactRatio?] = members.map { pair in
            let p = Int(pair)
            if p < known.done.count, known.done[p] {
              flags.formUnion(known.flags[p] ?? [])
              return known.ratios[p]
            }
            var next = 0
            let (ratio, raised) = evaluator.exactRatio(tree) { _ in
              defer { next += 1 }
              return arrays[0][next]?[p] ?? 0
            }
            flags.formUnion(raised)
            if p < known.done.count {
              (known.done[p], known.ratios[p]) = (true, ratio)
              if !raised.isEmpty { known.flags[p] = raised }
            }
            return ratio
          }
          exactDelays[key] = known
          return (rollup.reduce(classes: delays), flags)
        }
        if case .riskScore(let weights, let component) = rollup {
          let risk = riskColumns(i, trees, arrays, pairs, weights)
          var flags: Set<ResultFlag> = []
          if let pairFlags = risk.flags {
            for column in pairFlags { for member in members { flags.formUnion(column[Int(member)]) } }
          }
          return (RiskScore.rollup(risk.columns, members: members, component: component), flags)
        }
        // Few pairs in the group (by customer): compute them; many: take them from every pair's values.
        if members.count * 8 < pairs.customerOfPair.count {
          let (values, flags) = reduced(pairValues(trees, arrays, members))
          return (rollup.reduce(values), flags)
        }
        let all = valuesOfPairs(i, trees, arrays, pairs)
        var flags: Set<ResultFlag> = []
        if let pairFlags = all.flags {
          for column in pairFlags { for member in members { flags.formUnion(column[Int(member)]) } }
        }
        return (rollup.reduce(all.values.map { column in members.map { column[Int($0)] } }), flags)
      }
      var next = 0
      let arrays = itemLeafArrays[i]
      return evaluator.evaluate(q.items[i].tree) { _ in
        defer { next += 1 }
        return arrays[next]?[g] ?? 0
      }
    }
    // Each cell's own flags: what its computation raised, kept apart for footnote markers.
    func cells(_ g: Int) -> (values: [ResultValue], flags: [Set<ResultFlag>]) {
      var row: [ResultValue] = []
      var flags: [Set<ResultFlag>] = []
      for i in q.items.indices {
        if let (spec, buckets) = itemAging[i] {
          let cells = agingRow(spec, buckets.map { $0[g] })
          row += cells
          flags += Array(repeating: [], count: cells.count)
        } else {
          let (value, raised) = itemValue(i, g)
          row.append(value)
          flags.append(raised)
        }
      }
      return (row, flags)
    }
    // Which groups to output: all, or only the candidates of a top N (ties at the boundary kept).
    var selected = grouping.present.map { present in (0..<groupCount).filter { present[$0] } } ?? Array(0..<groupCount)
    if let topN, groupCount > 4 * topN.count, !q.items.isEmpty {
      // Ranking values every group; only the output's flags count, so ranking keeps none.
      let rank: [Double] = {
        var values = [Double](repeating: -.infinity, count: groupCount)
        for g in selected {
          if let (spec, buckets) = itemAging[0] {
            // The total column, without building the row.
            var total: Int64 = 0
            for column in buckets { total &+= column[g] }
            values[g] = spec.measure == .percent ? Double(total) : topN.descending ? Double(total) : -Double(total)
          } else {
            values[g] = itemValue(0, g).value.doubleValue.map { topN.descending ? $0 : -$0 } ?? -.infinity
          }
        }
        return values
      }()
      selected = TopN.select(selected, count: topN.count, keepingTies: true) { rank[$0] > rank[$1] }
    }
    var partial = Partial()
    for g in selected {
      partial.keys.append(grouping.groupCodes[g].enumerated().map { spec, code in
        code >= 0 ? grouping.labels[spec][Int(code)] : "(unallocated)"
      })
      let (values, flags) = cells(g)
      partial.values.append(values)
      partial.flags.append(flags)
      for cell in flags { raised.formUnion(cell) }
    }
    return partial
  }
}
