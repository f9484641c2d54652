import ArqlLanguage
import ArqlLedger
import Dispatch

/// Runs bound queries over a ledger: one pass per evaluation date over contiguous columns,
/// group keys as dense integer codes, exact Int64 sums.
final class Executor {
  let ledger: Ledger
  let attributes: LedgerAttributes
  let calendar: Calendar
  let parameters: Parameters
  let dimensions: [String: ValueExpr]
  let cancellation: CancellationFlag
  private var snapshots: [Int32: Snapshot] = [:]
  /// The provision booked on each document (invoices.csv's `provision` column, account 491),
  /// nil when the file has none; built on first use by `bookedProvisions()`.
  private(set) var bookedProvisionColumn: [Int64]?? = nil

  /// Parses the `provision` column once; a value that is not an amount is an error naming it.
  func bookedProvisions() throws -> [Int64]? {
    if let parsed = bookedProvisionColumn { return parsed }
    guard let extra = ledger.invoices.extras.first(where: { ["provision", "booked_provision"].contains($0.name.lowercased()) }) else {
      bookedProvisionColumn = .some(nil)
      return nil
    }
    let decimalPoint = NumberFormat()
    let decimalComma = NumberFormat(decimalSeparator: 44)
    var amounts: [Int64?] = []
    for label in extra.column.dictionary {
      var bytes = Array(label.trimmingCharacters(in: .whitespaces).utf8)
      let cents = bytes.withUnsafeMutableBufferPointer { p -> Int64? in
        guard let base = p.baseAddress, p.count > 0 else { return 0 }
        if case .success(let c) = decimalPoint.parseCents(base, p.count) { return c }
        if case .success(let c) = decimalComma.parseCents(base, p.count) { return c }
        return nil
      }
      guard let cents else {
        throw EngineError(.typeMismatch, "invoices.csv column '\(extra.name)': '\(label)' is not an amount",
                          notes: ["booked provisions are amounts such as 125.50, one per document"])
      }
      amounts.append(cents)
    }
    let column = extra.column.codes.map { $0 >= 0 ? (amounts[Int($0)] ?? 0) : 0 }
    bookedProvisionColumn = .some(column)
    return column
  }

  /// Per cash line, whether the cash-application tool matched it automatically.
  lazy var autoMatchedFlags: [Bool] = {
    let method = ledger.payments.matchMethod
    let automatic = method.dictionary.map { $0.lowercased() == "auto" }  // the loader admits auto and manual
    return method.codes.map { $0 >= 0 && automatic[Int($0)] }
  }()
  /// Per customer, its cash lines in date order.
  lazy var paymentLinesByCustomer: [[Int32]] = {
    var lines = [[Int32]](repeating: [], count: ledger.customers.count)
    let pay = ledger.payments
    for line in 0..<pay.count where pay.customer[line] >= 0 && Int(pay.customer[line]) < lines.count {
      lines[Int(pay.customer[line])].append(Int32(line))
    }
    return lines.map { $0.sorted { pay.paymentDate[Int($0)] < pay.paymentDate[Int($1)] } }
  }()
  /// Per customer, the days of its cash lines, sorted.
  lazy var paymentDaysByCustomer: [[Int32]] = paymentLinesByCustomer.map { $0.map { ledger.payments.paymentDate[Int($0)] } }
  /// Where every promise stands, per grace and as-of date (several kernels read them).
  var promiseStates: [String: [PromiseState]] = [:]
  /// Per document, the day its first dispute was opened (Int32.max: never).
  lazy var firstDisputeOpened: [Int32] = {
    var first = [Int32](repeating: .max, count: ledger.invoices.count)
    let d = ledger.disputes
    for k in 0..<d.count where d.invoice[k] >= 0 { first[Int(d.invoice[k])] = min(first[Int(d.invoice[k])], d.opened[k]) }
    return first
  }()
  /// The flags raised while computing values (kpi-spec §1.8).
  var raised: Set<ResultFlag> = []

  init(ledger: Ledger, attributes: LedgerAttributes, calendar: Calendar, parameters: Parameters, dimensions: [String: ValueExpr],
       cancellation: CancellationFlag = CancellationFlag())
  {
    self.ledger = ledger
    self.attributes = attributes
    self.calendar = calendar
    self.parameters = parameters
    self.dimensions = dimensions
    self.cancellation = cancellation
  }

  /// The number of rows of each universe.
  var rowCounts: [Int] { Universe.allCases.map(attributes.rowCount) }

  func snapshot(_ day: Int32) -> Snapshot {
    if let s = snapshots[day] { return s }
    let s = Snapshot(ledger: ledger, asOf: day)
    snapshots[day] = s
    return s
  }

  /// The rows of one evaluation: group labels and the value of every output column.
  struct Partial {
    var keys: [[String]] = []
    var values: [[ResultValue]] = []  // per group, per output column
    /// The flags each cell raised, per group, per output column.
    var flags: [[Set<ResultFlag>]] = []
  }

  // MARK: - Evaluation of one context

  /// Rows grouped: the group of every row of each universe, the codes of every group, and the
  /// where-clause masks. Computed once and reused across contexts when nothing in it depends
  /// on the evaluation date.
  struct Grouping {
    var whereMasks: [[Bool]?]
    var rowGroups: [[Int32]]
    /// Per group, the label code of each group spec (-1: unallocated).
    var groupCodes: [[Int32]]
    /// Per group spec, its labels.
    var labels: [[String]]
    /// Which groups have rows (nil: all); groups without rows are not output.
    var present: [Bool]?
    /// The universes whose rows made the groups.
    var used: Set<Universe> = []
  }
  private var groupingCache: [String: Grouping] = [:]

  /// Whether an expression reads something that depends on the evaluation date.
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

  /// The universes whose rows make the groups of a query: the ledger's (documents, cash,
  /// exposures) when a metric reads them, dispute episodes when a metric reads those, so that
  /// `disputes_opened by owner` has no group made of invoices alone.
  func groupingUniverses(_ q: BoundQuery) -> Set<Universe> {
    let leaves = q.items.flatMap { $0.tree.leaves }
    var used = Set(leaves.compactMap { $0.metric.linkedUniverse })
    if leaves.isEmpty || leaves.contains(where: { $0.metric.linkedUniverse == nil }) { used.formUnion(Universe.ledger) }
    return used
  }

  func grouping(_ q: BoundQuery, _ lookup: (Universe) -> (String) -> AttributeColumn?, counts: [Int]) throws -> Grouping {
    let isStatic = !(q.filter.map(dependsOnDate) ?? false) && !q.groups.contains(where: dependsOnDate)
    let used = groupingUniverses(q)
    let cacheKey = q.groups.map(\.name).joined(separator: ",") + "|" + (q.filter.map { Formatter.format($0) } ?? "") + "|"
      + used.map { String($0.rawValue) }.sorted().joined()
    if isStatic, let cached = groupingCache[cacheKey] { return cached }
    var whereMasks = [[Bool]?](repeating: nil, count: Universe.allCases.count)
    // Only the universes the metrics read: the others are neither filtered nor grouped.
    if let filter = q.filter {
      for u in Universe.allCases where used.contains(u) {
        whereMasks[u.rawValue] = try FilterEvaluator(count: counts[u.rawValue], parameters: parameters, lookup: lookup(u),
                                                     defined: dimensions).mask(filter)
      }
    }
    // Per group spec, global label codes for both universes.
    var labelIndex: [[String: Int32]] = Array(repeating: [:], count: q.groups.count)
    var labelList: [[String]] = Array(repeating: [], count: q.groups.count)
    var specCodes: [[[Int32]]] = Array(repeating: Universe.allCases.map { _ in [] }, count: q.groups.count)
    for (g, group) in q.groups.enumerated() {
      for u in Universe.allCases where used.contains(u) {
        let (codes, labels) = try groupColumn(group, u, counts[u.rawValue], lookup(u))
        // Labels are distinct; the first universe's are taken as they are, and a universe with
        // the same labels (the usual case) keeps its codes.
        if labelList[g].isEmpty || labels == labelList[g] {
          if labelList[g].isEmpty { labelList[g] = labels }
          specCodes[g][u.rawValue] = codes
          continue
        }
        if labelIndex[g].isEmpty {
          labelIndex[g] = Dictionary(labelList[g].enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        }
        let remap: [Int32] = labels.map { label in
          if let code = labelIndex[g][label] { return code }
          let code = Int32(labelList[g].count)
          labelList[g].append(label)
          labelIndex[g][label] = code
          return code
        }
        specCodes[g][u.rawValue] = codes.map { $0 >= 0 ? remap[Int($0)] : -1 }
      }
    }
    // One dimension whose two universes share their labels: the label code is the group.
    if q.groups.count == 1, labelList[0].count > 1024 {
      let labelsCount = labelList[0].count
      var present = [Bool](repeating: false, count: labelsCount + 1)
      var rowGroups: [[Int32]] = Universe.allCases.map { _ in [] }
      for u in Universe.allCases {
        let isUsed = used.contains(u)
        let codes = specCodes[0][u.rawValue]
        let mask = whereMasks[u.rawValue]
        var groupsOfRows = [Int32](repeating: 0, count: codes.count)
        codes.withUnsafeBufferPointer { codes in
          groupsOfRows.withUnsafeMutableBufferPointer { out in
            for row in 0..<codes.count {
              let g = codes[row] >= 0 ? codes[row] : Int32(labelsCount)
              out[row] = g
              if isUsed && mask?[row] ?? true { present[Int(g)] = true }
            }
          }
        }
        rowGroups[u.rawValue] = groupsOfRows
      }
      // Groups are the label codes (the last one: unallocated); absent groups are dropped at output.
      let groupCodes: [[Int32]] = (0...labelsCount).map { [$0 < labelsCount ? Int32($0) : -1] }
      let result = Grouping(whereMasks: whereMasks, rowGroups: rowGroups, groupCodes: groupCodes, labels: labelList, present: present, used: used)
      if isStatic { groupingCache[cacheKey] = result }
      return result
    }
    // Composite group id per row: a dense table when the key space is small, a hash map otherwise.
    var groupCodes: [[Int32]] = []
    var rowGroups: [[Int32]] = Universe.allCases.map { _ in [] }
    let radix = labelList.map { Int64($0.count + 1) }
    let keySpace = radix.reduce(Int64(1)) { $0 > (1 << 40) ? $0 : $0 &* $1 }
    let dense = keySpace <= (1 << 24)
    var denseIds = [Int32](repeating: -1, count: dense && !q.groups.isEmpty ? Int(keySpace) : 0)
    var sparseIds: [Int64: Int32] = [:]
    if q.groups.isEmpty { groupCodes.append([]) }
    for u in Universe.allCases {
      let n = counts[u.rawValue]
      var groupsOfRows = [Int32](repeating: 0, count: n)
      if !q.groups.isEmpty {
        let mask = whereMasks[u.rawValue]
        let codes = (0..<q.groups.count).map { specCodes[$0][u.rawValue] }
        // As in SQL, rows the where clause drops make no group; nor do rows no metric reads.
        let isUsed = used.contains(u)  // once per universe: a Set lookup per row costs a hash
        for row in 0..<n where isUsed && mask?[row] ?? true {
          var key: Int64 = 0
          for g in 0..<codes.count { key = key &* radix[g] &+ Int64(codes[g][row] + 1) }
          var id = dense ? denseIds[Int(key)] : (sparseIds[key] ?? -1)
          if id < 0 {
            id = Int32(groupCodes.count)
            if dense { denseIds[Int(key)] = id } else { sparseIds[key] = id }
            groupCodes.append((0..<codes.count).map { codes[$0][row] })
          }
          groupsOfRows[row] = id
        }
      }
      rowGroups[u.rawValue] = groupsOfRows
    }
    let result = Grouping(whereMasks: whereMasks, rowGroups: rowGroups, groupCodes: groupCodes, labels: labelList, present: nil, used: used)
    if isStatic { groupingCache[cacheKey] = result }
    return result
  }

  func evaluate(_ q: BoundQuery, _ context: EvaluationContext, topN: (count: Int, descending: Bool)? = nil) throws -> Partial {
    try cancellation.check()
    let snap = snapshot(context.asOf)
    let contextAttributes = ContextAttributes(ledger: ledger, snapshot: snap)
    let counts = rowCounts
    func lookup(_ universe: Universe) -> (String) -> AttributeColumn? {
      { name in contextAttributes.attribute(name, universe) ?? self.attributes.attribute(name, universe) }
    }
    let grouping = try self.grouping(q, lookup, counts: counts)
    let whereMasks = grouping.whereMasks
    let rowGroups = grouping.rowGroups
    let groupCount = grouping.groupCodes.count
    // Leaf values per group (per group × customer under a per-customer node).
    var leafValues: [String: [Int64]] = [:]
    var agingValues: [String: [[Int64]]] = [:]
    var pairs: CustomerPairs? = nil
    for item in q.items {
      for leaf in item.tree.leaves {
        let key = leafKey(leaf)
        if leafValues[key] != nil || agingValues[key] != nil { continue }
        var rowGroups = rowGroups
        var groupCount = groupCount
        if leaf.perCustomer {
          let p = pairs ?? CustomerPairs(ledger: ledger, customersOfRows: Universe.allCases.map(attributes.customerRows), rowGroups: rowGroups,
                                             whereMasks: whereMasks, groupCount: groupCount, universes: grouping.used)
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
          agingValues[key] = aging(leaf.aging ?? AgingSpec(), snap, masks, rowGroups, groupCount)
        } else if leaf.metric == .periodSales {
          // Every period of the countback in one pass.
          let periods = calendar.countbackPeriods(asOf: context.asOf, count: BuiltinMetric.countbackPeriods)
          for (p, values) in periodSales(periods, masks, rowGroups, groupCount).enumerated() {
            var other = leaf
            other.period = p
            leafValues[leafKey(other)] = values
          }
        } else {
          var window = context.window
          if let trailing = leaf.trailingDays {
            let end = min(context.window.last, context.asOf)
            window = DateRange(first: end - trailing + 1, last: end)
          }
          let day = anchorDay(leaf, context) ?? context.asOf
          let shifted = EvaluationContext(asOf: day, window: window, bucket: context.bucket)
          leafValues[key] = sum(leaf.metric, shifted, day == context.asOf ? snap : snapshot(day), masks, rowGroups, groupCount, leaf: leaf)
        }
        try cancellation.check()
      }
    }
    return makePartial(q, grouping, leafValues, agingValues, topN: topN, context: context, pairs: pairs)
  }

  /// Evaluates a query at many dates (the buckets of a grain) at once when nothing but the
  /// metrics depends on the date: one pass over the documents walks each one's applications
  /// through the sorted bucket ends, instead of one full snapshot per bucket.
  /// - Returns: nil when the query needs the general path.
  func evaluateSeries(_ q: BoundQuery, _ contexts: [EvaluationContext]) throws -> [Partial]? {
    guard contexts.count > 1, q.items.allSatisfy({ $0.aging == nil }) else { return nil }
    let leaves = q.items.flatMap { $0.tree.leaves }
    let fusable: Set<BuiltinMetric> = [.balance, .grossOpen, .overdue, .notDue, .unapplied, .openCount, .creditSales, .collected, .itemCount]
    try cancellation.check()
    guard leaves.allSatisfy({ fusable.contains($0.metric) && $0.anchor != .beforeWindow && !$0.perCustomer && $0.trailingDays == nil }),
      !(q.filter.map(dependsOnDate) ?? false),
      !q.groups.contains(where: dependsOnDate), !leaves.contains(where: { $0.filter.map(dependsOnDate) ?? false })
    else { return nil }
    let dates = contexts.map(\.asOf)
    guard zip(dates, dates.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
    let counts = rowCounts
    func lookup(_ universe: Universe) -> (String) -> AttributeColumn? { { name in self.attributes.attribute(name, universe) } }
    let grouping = try self.grouping(q, lookup, counts: counts)
    let groupCount = grouping.groupCodes.count
    var perContext: [[String: [Int64]]] = Array(repeating: [:], count: contexts.count)
    var done: Set<String> = []
    for leaf in leaves where done.insert(leafKey(leaf)).inserted {
      var masks = grouping.whereMasks
      if let filter = leaf.filter {
        for u in Universe.allCases where grouping.used.contains(u) {
          let m = try FilterEvaluator(count: counts[u.rawValue], parameters: parameters, lookup: lookup(u), defined: dimensions).mask(filter)
          masks[u.rawValue] = masks[u.rawValue].map { zip($0, m).map { $0 && $1 } } ?? m
        }
      }
      if leaf.metric.kind == .window {
        for (k, context) in contexts.enumerated() {
          perContext[k][leafKey(leaf)] = sum(leaf.metric, context, nil, masks, grouping.rowGroups, groupCount)
        }
      } else {
        let series = seriesSum(leaf.metric, dates, masks, grouping.rowGroups, groupCount)
        try cancellation.check()
        for k in 0..<contexts.count { perContext[k][leafKey(leaf)] = series[k] }
      }
    }
    return zip(perContext, contexts).map { makePartial(q, grouping, $0, [:], topN: nil, context: $1) }
  }

  /// A point-in-time sum at every date of `dates` (ascending), per group.
  func seriesSum(_ metric: BuiltinMetric, _ dates: [Int32], _ masks: [[Bool]?], _ rowGroups: [[Int32]], _ groupCount: Int) -> [[Int64]] {
    let inv = ledger.invoices
    let n = inv.count
    let k = dates.count
    let accumulators = Accumulators(width: k * groupCount, rows: n)
    let index = ledger.applications
    let posting = inv.postingDate
    let due = inv.dueDate
    let amount = inv.amount
    let debit = attributes.debitFlags
    let docMask = masks[Universe.documents.rawValue]
    let docGroups = rowGroups[Universe.documents.rawValue]
    accumulators.run { chunk in
      let base = accumulators.slice(chunk)
      index.offsets.withUnsafeBufferPointer { offsets in
        index.date.withUnsafeBufferPointer { appDate in
          index.amount.withUnsafeBufferPointer { appAmount in
            for row in accumulators.range(chunk, rows: n) where docMask?[row] ?? true {
              let p = posting[row]
              var d = 0
              while d < k && dates[d] < p { d += 1 }
              if d == k { continue }
              let isDebit = debit[row]
              switch metric {
              case .grossOpen, .overdue, .notDue, .openCount: if !isDebit { continue }
              case .unapplied: if isDebit { continue }
              default: break
              }
              var open = amount[row]
              var a = Int(offsets[row])
              let end = Int(offsets[row + 1])
              let g = Int(docGroups[row])
              let dueDay = due[row]
              while d < k {
                let day = dates[d]
                while a < end && appDate[a] <= day {
                  open &-= appAmount[a]
                  a += 1
                }
                let value: Int64
                switch metric {
                case .overdue: value = day - dueDay >= 1 ? open : 0
                case .notDue: value = day - dueDay <= 0 ? open : 0
                case .openCount: value = open != 0 ? 1 : 0
                default: value = open
                }
                base[d * groupCount + g] &+= value
                d += 1
              }
            }
          }
        }
      }
    }
    let sums = accumulators.merged()
    var result = (0..<k).map { d in Array(sums[(d * groupCount)..<((d + 1) * groupCount)]) }
    if metric == .balance || metric == .unapplied {
      // Unapplied cash at each date: received on or before it, and not applied by then.
      let pay = ledger.payments
      let cashMask = masks[Universe.cash.rawValue]
      let cashGroups = rowGroups[Universe.cash.rawValue]
      for line in 0..<pay.count where cashMask?[line] ?? true {
        let target = pay.invoice[line]
        let appliedFrom = target >= 0 ? max(pay.paymentDate[line], posting[Int(target)]) : Int32.max
        for d in 0..<k where dates[d] >= pay.paymentDate[line] && dates[d] < appliedFrom {
          result[d][Int(cashGroups[line])] &-= pay.amount[line]
        }
      }
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

  /// The key of a leaf: equal leaves are computed once.
  func leafKey(_ leaf: MetricLeaf) -> String {
    let aging = leaf.aging.map { "\($0.edges.map(String.init).joined(separator: ","))/\($0.basis.rawValue)/\($0.measure.rawValue)" } ?? ""
    let scope = (leaf.perCustomer ? "c" : "") + (leaf.trailingDays.map { "t\($0)" } ?? "") + "d\(leaf.days)r" + leaf.rates.map(String.init).joined(separator: ",")
    return "\(leaf.metric.rawValue)|\(leaf.filter.map { Formatter.format($0) } ?? "")|\(aging)|\(leaf.anchor.rawValue)|\(leaf.period)|\(scope)"
  }

  /// The output rows of one evaluation from the leaf values of every group.
  func makePartial(_ q: BoundQuery, _ grouping: Grouping, _ leafValues: [String: [Int64]], _ agingValues: [String: [[Int64]]],
                   topN: (count: Int, descending: Bool)?, context: EvaluationContext, pairs: CustomerPairs? = nil) -> Partial
  {
    let groupCount = grouping.groupCodes.count
    let days = TreeDays(window: context.window.days, months: calendar.monthsTouched(by: context.window),
      periods: calendar.countbackPeriods(asOf: context.asOf, count: BuiltinMetric.countbackPeriods).map(\.days))
    // Leaf arrays looked up once, not per group.
    var leafArrays: [String: [Int64]] = [:]
    for item in q.items {
      for leaf in item.tree.leaves {
        let key = leafKey(leaf)
        if let values = leafValues[key] { leafArrays[key] = values }
      }
    }
    let itemAging: [(AgingSpec, [[Int64]])?] = q.items.map { item in
      guard let spec = item.aging, case .leaf(let leaf) = item.tree, let buckets = agingValues[leafKey(leaf)] else { return nil }
      return (spec, buckets)
    }
    // Each item's leaf arrays in leaf order: no key hashing per group.
    let itemLeafArrays: [[[Int64]?]] = q.items.map { $0.tree.leaves.map { leafArrays[leafKey($0)] } }
    // A per-customer item: each tree's leaf arrays (indexed by pair) in leaf order.
    let itemPairArrays: [[[[Int64]?]]?] = q.items.map { item in
      guard case .perCustomer(let trees, _) = item.tree else { return nil }
      return trees.map { $0.leaves.map { leafArrays[leafKey($0)] } }
    }
    func pairValues(_ trees: [MetricTree], _ arrays: [[[Int64]?]], _ members: [Int32]) -> [[ResultValue]] {
      trees.enumerated().map { t, tree in
        members.map { pair in
          var next = 0
          return value(tree, Int(pair), days: days) { _ in
            defer { next += 1 }
            return arrays[t][next]?[Int(pair)] ?? 0
          }
        }
      }
    }
    var fallbacks: [Int: DelayFallback] = [:]  // per item, from every pair, built on first use
    // Every pair's values of an item's trees, computed once and shared by the items with the
    // same trees (the risk score's columns).
    var allPairValues: [String: [[ResultValue]]] = [:]
    func valuesOfPairs(_ i: Int, _ trees: [MetricTree], _ arrays: [[[Int64]?]], _ pairs: CustomerPairs) -> [[ResultValue]] {
      let key = trees.map { $0.leaves.map(leafKey).joined(separator: ";") }.joined(separator: "|")
      if let cached = allPairValues[key] { return cached }
      let values = pairValues(trees, arrays, (0..<Int32(pairs.customerOfPair.count)).map { $0 })
      allPairValues[key] = values
      return values
    }
    // Sums of amounts (exposure, limit) as whole columns over every pair, once per item.
    var centsOfPairs: [Int: [[Int64]]?] = [:]
    func linearCents(_ i: Int, _ trees: [MetricTree], _ arrays: [[[Int64]?]], _ pairs: CustomerPairs) -> [[Int64]]? {
      if let cached = centsOfPairs[i] { return cached }
      let slots = pairs.slots
      let columns: [[Int64]]? = {
        var result: [[Int64]] = []
        for (t, tree) in trees.enumerated() {
          var next = 0
          guard let column = Executor.linearCents(tree, slots: slots, { defer { next += 1 }; return next < arrays[t].count ? arrays[t][next] : nil })
          else { return nil }
          result.append(column)
        }
        return result
      }()
      centsOfPairs[i] = .some(columns)
      return columns
    }
    func itemValue(_ i: Int, _ g: Int) -> ResultValue {
      if case .perCustomer(let trees, let rollup) = q.items[i].tree {
        guard let pairs, let arrays = itemPairArrays[i] else { return .null }
        let members = pairs.pairsOfGroup[g]
        if rollup.readsCents, let columns = linearCents(i, trees, arrays, pairs) {
          return rollup.reduce(cents: columns, members: members)
        }
        if case .robustDelay(let classes) = rollup {
          let fallback = fallbacks[i] ?? DelayFallback(
            values: pairValues(trees, arrays, (0..<Int32(pairs.customerOfPair.count)).map { $0 }),
            category: pairs.customerOfPair.map { ledger.customers.category.codes[Int($0)] })
          fallbacks[i] = fallback
          let (result, low) = fallback.value(members, classes: classes)
          if low { raised.insert(.lowSample) }
          return result
        }
        // Few pairs in the group (by customer): compute them; many: take them from every pair's values.
        if members.count * 8 < pairs.customerOfPair.count {
          return rollup.reduce(pairValues(trees, arrays, members))
        }
        let all = valuesOfPairs(i, trees, arrays, pairs)
        return rollup.reduce(all.map { column in members.map { column[Int($0)] } })
      }
      var next = 0
      let arrays = itemLeafArrays[i]
      return value(q.items[i].tree, g, days: days) { _ in
        defer { next += 1 }
        return arrays[next]?[g] ?? 0
      }
    }
    // Each cell's own flags: what its computation raised, kept apart for footnote markers.
    func cells(_ g: Int) -> (values: [ResultValue], flags: [Set<ResultFlag>]) {
      var row: [ResultValue] = []
      var flags: [Set<ResultFlag>] = []
      for i in q.items.indices {
        let before = raised
        raised = []
        if let (spec, buckets) = itemAging[i] {
          let cells = agingRow(spec, buckets.map { $0[g] })
          row += cells
          flags += Array(repeating: raised, count: cells.count)
        } else {
          row.append(itemValue(i, g))
          flags.append(raised)
        }
        raised.formUnion(before)
      }
      return (row, flags)
    }
    // Which groups to output: all, or only the candidates of a top N (ties at the boundary kept).
    var selected = grouping.present.map { present in (0..<groupCount).filter { present[$0] } } ?? Array(0..<groupCount)
    if let topN, groupCount > 4 * topN.count, !q.items.isEmpty {
      let rank: (Int) -> Double = { g in
        if let (spec, buckets) = itemAging[0] {
          // The total column, without building the row.
          var total: Int64 = 0
          for column in buckets { total &+= column[g] }
          if spec.measure == .percent { return Double(total) }
          return topN.descending ? Double(total) : -Double(total)
        }
        let v = itemValue(0, g)
        return v.doubleValue.map { topN.descending ? $0 : -$0 } ?? -.infinity
      }
      let raisedBefore = raised  // ranking values every group; only the output's flags count
      defer { raised = raisedBefore }
      var best: [(Int, Double)] = []  // sorted by value, best first
      for g in selected {
        let v = rank(g)
        if best.count >= topN.count, let worst = best.last?.1, v < worst { continue }
        var lo = 0
        var hi = best.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if best[mid].1 >= v { lo = mid + 1 } else { hi = mid }
        }
        best.insert((g, v), at: lo)
        // Trim past N, but keep every group tied with the N-th value.
        while best.count > topN.count, let last = best.last?.1, last < best[topN.count - 1].1 { best.removeLast() }
      }
      selected = best.map(\.0)
    }
    var partial = Partial()
    for g in selected {
      partial.keys.append(grouping.groupCodes[g].enumerated().map { spec, code in
        code >= 0 ? grouping.labels[spec][Int(code)] : "(unallocated)"
      })
      let (values, flags) = cells(g)
      partial.values.append(values)
      partial.flags.append(flags)
    }
    return partial
  }

  /// The text codes of one group spec for the rows of a universe.
  func groupColumn(_ group: BoundQuery.Group, _ universe: Universe, _ count: Int, _ lookup: @escaping (String) -> AttributeColumn?) throws
    -> ([Int32], [String])
  {
    switch group {
    case .attribute(let name, let grain):
      guard let column = lookup(name) else { throw EngineError(.unknownDimension, "unknown dimension '\(name)'") }
      return labels(of: column, grain: grain)
    case .bucket(let name, let edges):
      guard let column = lookup(name) else { throw EngineError(.unknownDimension, "unknown column '\(name)'") }
      guard case .number(let values, let scale, let valid) = column else {
        throw EngineError.typeMismatch("bucket(\(name), ...) needs a number column; '\(name)' is \(column.typeName)")
      }
      var factor: Int64 = 1
      for _ in 0..<scale { factor *= 10 }
      let sorted = edges.sorted()
      var labels: [String] = []
      var low: String = "< \(sorted.first ?? 0)"
      labels.append(low)
      for i in 0..<sorted.count {
        low = i + 1 < sorted.count ? "\(sorted[i])–\(sorted[i + 1])" : ">= \(sorted[i])"
        labels.append(low)
      }
      let codes: [Int32] = (0..<values.count).map { row in
        if let valid, !valid[row] { return -1 }
        var b = 0
        while b < sorted.count && values[row] >= sorted[b] * factor { b += 1 }
        return Int32(b)
      }
      return (codes, labels)
    case .defined(let name, let expression):
      let evaluator = FilterEvaluator(count: count, parameters: parameters, lookup: lookup, defined: dimensions)
      var columns: [String: AttributeColumn] = [:]
      var index: [String: Int32] = [:]
      var labels: [String] = []
      var codes = [Int32](repeating: -1, count: count)
      for row in 0..<count {
        guard let v = try evaluator.value(expression, row, &columns) else { continue }
        let text: String
        switch v {
        case .text(let s): text = s
        case .number(let d): text = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .day(let d): text = Day.iso(d)
        case .bool(let b): text = b ? "true" : "false"
        }
        if let c = index[text] {
          codes[row] = c
        } else {
          let c = Int32(labels.count)
          index[text] = c
          labels.append(text)
          codes[row] = c
        }
      }
      _ = name
      return (codes, labels)
    }
  }

  /// Any attribute as text codes (dates bucketed by a grain when given).
  func labels(of column: AttributeColumn, grain: TimeUnit?) -> ([Int32], [String]) {
    switch column {
    case .text(let codes, let labels):
      return (codes, labels)
    case .bool(let values):
      return (values.map { $0 ? 1 : 0 }, ["false", "true"])
    case .day(let values, let valid):
      var index: [Int32: Int32] = [:]
      var labels: [String] = []
      let codes: [Int32] = (0..<values.count).map { row in
        if let valid, !valid[row] { return -1 }
        let key = grain.map { calendar.start(of: $0, containing: values[row]) } ?? values[row]
        if let c = index[key] { return c }
        let c = Int32(labels.count)
        index[key] = c
        labels.append(grain.map { calendar.label($0, key) } ?? Day.iso(key))
        return c
      }
      return (codes, labels)
    case .number(let values, let scale, let valid):
      var index: [Int64: Int32] = [:]
      var labels: [String] = []
      let codes: [Int32] = (0..<values.count).map { row in
        if let valid, !valid[row] { return -1 }
        if let c = index[values[row]] { return c }
        let c = Int32(labels.count)
        index[values[row]] = c
        labels.append(scale == 2 ? Money.format(values[row]) : String(values[row]))
        return c
      }
      return (codes, labels)
    }
  }

  // MARK: - Kernels

  /// Sums `value(row)` per group over the rows of `mask`, on every core for large tables
  /// (per-thread accumulators, merged at the end: Int64 sums do not depend on the split).
  @inline(__always)
  /// The net credit sales of every period, per group, in one pass over the documents:
  /// `[period][group]`.
  func periodSales(_ periods: [DateRange], _ masks: [[Bool]?], _ rowGroups: [[Int32]], _ groupCount: Int) -> [[Int64]] {
    guard let oldest = periods.last?.first, let newest = periods.first?.last, newest >= oldest else { return [] }
    var lookup = [Int32](repeating: -1, count: Int(newest - oldest) + 1)
    for (p, range) in periods.enumerated() where range.last >= range.first {
      for day in range.first...range.last { lookup[Int(day - oldest)] = Int32(p) }
    }
    let periodOfDay = lookup
    let inv = ledger.invoices
    let width = periods.count
    let n = inv.count
    let accumulators = Accumulators(width: groupCount * width, rows: n)
    let mask = masks[Universe.documents.rawValue]
    let groups = rowGroups[Universe.documents.rawValue]
    let posting = inv.postingDate
    let amount = inv.amount
    let types = inv.docType
    let flag = cancellation
    accumulators.run { k in
      let base = accumulators.slice(k)
      var start = accumulators.range(k, rows: n).lowerBound
      let end = accumulators.range(k, rows: n).upperBound
      while start < end && !flag.isCancelled {
        let stop = min(end, start + 65_536)
        for row in start..<stop where mask?[row] ?? true {
          let day = posting[row]
          guard day >= oldest && day <= newest else { continue }
          let p = periodOfDay[Int(day - oldest)]
          let t = types[row]
          guard p >= 0, t.isSale else { continue }
          base[Int(groups[row]) * width + Int(p)] &+= amount[row]
        }
        start = stop
      }
    }
    return accumulators.mergedColumns(groupCount: groupCount)
  }

  func groupedSum(_ n: Int, _ groups: [Int32], _ mask: [Bool]?, _ groupCount: Int, _ value: @escaping (Int) -> Int64) -> [Int64] {
    let accumulators = Accumulators(width: groupCount, rows: n)
    let kernel = Unchecked(value)
    let flag = cancellation
    accumulators.run { k in
      let value = kernel.value
      let base = accumulators.slice(k)
      let rows = accumulators.range(k, rows: n)
      groups.withUnsafeBufferPointer { groups in
        var start = rows.lowerBound
        while start < rows.upperBound && !flag.isCancelled {  // morsels of 64K rows between checks
          let stop = min(rows.upperBound, start + 65_536)
          if let mask {
            for row in start..<stop where mask[row] { base[Int(groups[row])] &+= value(row) }
          } else {
            for row in start..<stop { base[Int(groups[row])] &+= value(row) }
          }
          start = stop
        }
      }
    }
    return accumulators.merged()
  }

  /// Hands a value to worker threads that only read it.
  struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
  }

  /// The sum kernel of one built-in metric, per group.
  func sum(_ metric: BuiltinMetric, _ context: EvaluationContext, _ snap: Snapshot?, _ masks: [[Bool]?], _ rowGroups: [[Int32]],
           _ groupCount: Int, leaf: MetricLeaf? = nil) -> [Int64]
  {
    if let team = teamSum(leaf ?? MetricLeaf(metric: metric, filter: nil, aging: nil), context, snap, masks, rowGroups, groupCount) {
      return team
    }
    let inv = ledger.invoices
    let pay = ledger.payments
    let d = context.asOf
    let w = context.window
    let (first, last) = (w.first, w.last)
    let docMask = masks[Universe.documents.rawValue]
    let cashMask = masks[Universe.cash.rawValue]
    let docGroups = rowGroups[Universe.documents.rawValue]
    let cashGroups = rowGroups[Universe.cash.rawValue]
    let posting = inv.postingDate
    let due = inv.dueDate
    let open = snap?.open ?? []  // point-in-time metrics always get a snapshot
    let debit = attributes.debitFlags
    let amount = inv.amount
    let types = inv.docType
    let docDate = inv.docDate
    let n = inv.count
    var acc: [Int64]
    switch metric {
    case .balance:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d ? open[r] : 0 }
    case .grossOpen:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] ? open[r] : 0 }
    case .overdue:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] && d - due[r] >= 1 ? open[r] : 0 }
    case .notDue:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] && d - due[r] <= 0 ? open[r] : 0 }
    case .unapplied:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && !debit[r] ? open[r] : 0 }
    case .openCount:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] && open[r] != 0 ? 1 : 0 }
    case .disputedAmount, .openDisputes:
      // Open disputed amount = max(0, min(open amount at D, the dispute's amount when given)).
      let dispute = snap?.openDispute ?? []
      let disputes = ledger.disputes.amount
      let counting = metric == .openDisputes
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in
        let k = dispute[r]
        guard k >= 0, posting[r] <= d else { return 0 }
        if counting { return 1 }
        return max(0, min(open[r], disputes[Int(k)] ?? open[r]))
      }
    case .overdueDays:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in
        posting[r] <= d && debit[r] && d - due[r] >= 1 ? open[r] &* Int64(d - due[r]) : 0
      }
    case .creditSales:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in
        let t = types[r]
        return posting[r] >= first && posting[r] <= last && t.isSale ? amount[r] : 0
      }
    case .itemCount:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in
        let t = types[r]
        return posting[r] >= first && posting[r] <= last && t.isIssued ? 1 : 0
      }
    case .disputedInvoices:
      // The window's invoice cohort, disputed by the as-of date (kpi-spec §8.1 dispute rate).
      let disputedFrom = firstDisputeOpened
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in
        let t = types[r]
        return posting[r] >= first && posting[r] <= last && t.isIssued && disputedFrom[r] <= d ? 1 : 0
      }
    case .disputesOpened, .disputesResolved, .disputeEpisodesOpen, .resolutionDays, .resolutionDaysAmount, .resolvedAmount, .openDisputeDays:
      acc = disputeSum(metric, context, masks[Universe.disputes.rawValue], rowGroups[Universe.disputes.rawValue], groupCount)
    default:
      acc = [Int64](repeating: 0, count: groupCount)
    }
    let exposureKind: ExposureTable.Kind? =
      metric == .discountedBills ? .discountedBills : metric == .openOrders ? .openOrders
      : metric == .deliveredNotInvoiced ? .deliveredNotInvoiced : nil
    if let exposureKind {
      let e = ledger.exposures
      let mask = masks[Universe.exposures.rawValue]
      let groups = rowGroups[Universe.exposures.rawValue]
      for row in 0..<e.count where (mask?[row] ?? true) && e.kind[row] == exposureKind && e.date[row] <= d {
        acc[Int(groups[row])] &+= e.amount[row]
      }
    }
    let cashAmount = pay.amount
    let unapplied = snap?.unappliedCash ?? []
    let paid = pay.paymentDate
    var cash: [Int64]? = nil
    switch metric {
    case .balance, .unapplied:
      cash = groupedSum(pay.count, cashGroups, cashMask, groupCount) { p in unapplied[p] ? -cashAmount[p] : 0 }
    case .collected:
      cash = groupedSum(pay.count, cashGroups, cashMask, groupCount) { p in paid[p] >= first && paid[p] <= last ? cashAmount[p] : 0 }
    case .receipts, .autoMatched, .autoMatchedAmount, .matchedAmount, .matchLagDays, .matchesDated, .partialMatches, .unmatchedCash,
      .unmatchedCount, .unmatchedDays:
      cash = matchingSum(metric, context, snap, cashMask, cashGroups, groupCount)
    case .cashApplied, .cashDaysLate, .cashDaysToPay, .cashTerms, .cashCount, .cashDaysLateCount, .cashDaysLateSigned:
      // Cash applied in the window to invoices posted by the as-of date (kpi-spec §1.9): the
      // amount, or the amount times days late / days to pay / days of terms.
      let target = pay.invoice
      let kernel = metric
      cash = groupedSum(pay.count, cashGroups, cashMask, groupCount) { p in
        let t = Int(target[p])
        guard t >= 0, paid[p] >= first, paid[p] <= last, posting[t] <= d, debit[t] else { return 0 }
        switch kernel {
        case .cashDaysLate: return cashAmount[p] &* Int64(max(0, paid[p] - due[t]))
        case .cashDaysToPay: return cashAmount[p] &* Int64(paid[p] - docDate[t])
        case .cashTerms: return cashAmount[p] &* Int64(due[t] - docDate[t])
        case .cashCount: return 1
        case .cashDaysLateCount: return Int64(max(0, paid[p] - due[t]))
        case .cashDaysLateSigned: return cashAmount[p] &* Int64(paid[p] - due[t])
        default: return cashAmount[p]
        }
      }
    default:
      break
    }
    if let cash { for g in 0..<groupCount { acc[g] &+= cash[g] } }
    return acc
  }

  /// The cash-application kernels (kpi-spec §8.2): receipts of the window, those matched
  /// automatically, those matched by D (amount, partly, and the days to match), and the cash
  /// still unmatched at D (amount, lines, amount × days since receipt).
  func matchingSum(_ metric: BuiltinMetric, _ context: EvaluationContext, _ snap: Snapshot?, _ mask: [Bool]?, _ groups: [Int32],
                   _ groupCount: Int) -> [Int64]
  {
    let pay = ledger.payments
    let paid = pay.paymentDate
    let amount = pay.amount
    let target = pay.invoice
    let matchDate = pay.matchDate
    let d = context.asOf
    let (first, last) = (context.window.first, context.window.last)
    let unmatched = snap?.unappliedCash ?? []
    let open = snap?.open ?? []
    let automatic = autoMatchedFlags
    return groupedSum(pay.count, groups, mask, groupCount) { p in
      let received = paid[p] >= first && paid[p] <= last && paid[p] <= d
      switch metric {
      case .receipts: return received ? 1 : 0
      case .autoMatched: return received && automatic[p] ? 1 : 0
      case .autoMatchedAmount: return received && automatic[p] ? amount[p] : 0
      case .matchedAmount: return received && !unmatched[p] ? amount[p] : 0
      case .matchLagDays, .matchesDated:
        guard received, !unmatched[p], let matched = matchDate[p], matched >= paid[p] else { return 0 }
        return metric == .matchesDated ? 1 : Int64(matched - paid[p])
      case .partialMatches:
        // Matched to an invoice that the receipt left partly open.
        return received && !unmatched[p] && target[p] >= 0 && open[Int(target[p])] != 0 ? 1 : 0
      case .unmatchedCash: return unmatched[p] ? amount[p] : 0
      case .unmatchedCount: return unmatched[p] ? 1 : 0
      case .unmatchedDays: return unmatched[p] ? amount[p] &* Int64(d - paid[p]) : 0
      default: return 0
      }
    }
  }

  /// The kernels over dispute episodes: opened or resolved in the window (with the days and
  /// amounts of the resolutions), open at the as-of date (with their days open). Open at D
  /// means opened ≤ D and not resolved by D (kpi-spec §1.9).
  func disputeSum(_ metric: BuiltinMetric, _ context: EvaluationContext, _ mask: [Bool]?, _ groups: [Int32], _ groupCount: Int) -> [Int64] {
    let disputes = ledger.disputes
    let opened = disputes.opened
    let resolved = disputes.resolved
    let d = context.asOf
    let (first, last) = (context.window.first, context.window.last)
    let invoiceAmount = ledger.invoices.amount
    let target = disputes.invoice
    let amounts = disputes.amount
    return groupedSum(disputes.count, groups, mask, groupCount) { k in
      let closed = resolved[k]
      let resolvedInWindow = closed.map { $0 >= first && $0 <= last && $0 <= d && $0 >= opened[k] } ?? false
      // The disputed amount when given, else the invoice's.
      let amount = { amounts[k] ?? (target[k] >= 0 ? invoiceAmount[Int(target[k])] : 0) }
      switch metric {
      case .disputesOpened: return opened[k] >= first && opened[k] <= last && opened[k] <= d ? 1 : 0
      case .disputesResolved: return resolvedInWindow ? 1 : 0
      case .resolutionDays: return resolvedInWindow ? Int64((closed ?? 0) - opened[k]) : 0
      case .resolutionDaysAmount: return resolvedInWindow ? amount() &* Int64((closed ?? 0) - opened[k]) : 0
      case .resolvedAmount: return resolvedInWindow ? amount() : 0
      case .disputeEpisodesOpen, .openDisputeDays:
        guard opened[k] <= d, (closed ?? .max) > d else { return 0 }
        return metric == .disputeEpisodesOpen ? 1 : Int64(d - opened[k])
      default: return 0
      }
    }
  }

  /// The aged balance per bucket (then unapplied) per group; counts or amounts. One pass over
  /// the documents and one over the cash lines, split over the cores.
  func aging(_ spec: AgingSpec, _ snap: Snapshot, _ masks: [[Bool]?], _ rowGroups: [[Int32]], _ groupCount: Int) -> [[Int64]] {
    let bucketCount = spec.bucketNames.count
    let columns = bucketCount + 1  // buckets, then unapplied
    let inv = ledger.invoices
    let d = snap.asOf
    let debit = attributes.debitFlags
    let posting = inv.postingDate
    let ageFrom = spec.basis == .dueDate ? inv.dueDate : inv.docDate
    let open = snap.open
    let counting = spec.measure == .count
    let n = inv.count
    let accumulators = Accumulators(width: columns * groupCount, rows: n)
    let docMask = masks[Universe.documents.rawValue]
    let docGroups = rowGroups[Universe.documents.rawValue]
    accumulators.run { k in
      let base = accumulators.slice(k)
      for row in accumulators.range(k, rows: n) where (docMask?[row] ?? true) && posting[row] <= d {
        let value = open[row]
        guard value != 0 else { continue }
        let column = debit[row] ? spec.bucket(d - ageFrom[row]) : bucketCount
        base[Int(docGroups[row]) * columns + column] &+= counting ? 1 : value  // group-major: a group's buckets share a cache line
      }
    }
    var result = accumulators.mergedColumns(groupCount: groupCount)
    let pay = ledger.payments
    let cashMask = masks[Universe.cash.rawValue]
    let cashGroups = rowGroups[Universe.cash.rawValue]
    for line in 0..<pay.count where (cashMask?[line] ?? true) && snap.unappliedCash[line] {
      result[bucketCount][Int(cashGroups[line])] &+= counting ? 1 : -pay.amount[line]
    }
    return result
  }

  /// The output cells of an aged balance: buckets, unapplied, total.
  func agingRow(_ spec: AgingSpec, _ values: [Int64]) -> [ResultValue] {
    let buckets = values.dropLast()
    switch spec.measure {
    case .amount:
      return values.map { .money($0) } + [.money(values.reduce(0, &+))]
    case .count:
      return values.map { .integer($0) } + [.integer(values.reduce(0, &+))]
    case .percent:
      let gross = buckets.reduce(0, &+)
      let share: (Int64) -> ResultValue = { gross == 0 ? .null : .number(Double($0) / Double(gross)) }
      return values.map(share) + [share(values.reduce(0, &+))]
    }
  }

  /// The value of a metric tree for one group.
  func value(_ tree: MetricTree, _ group: Int, days: TreeDays = TreeDays(), _ leaf: (MetricLeaf) -> Int64) -> ResultValue {
    switch tree {
    case .leaf(let l):
      let v = leaf(l)
      return l.metric.unit == .count ? .integer(v) : .money(v)
    case .number(let n):
      return .number(n)
    case .negate(let t):
      switch value(t, group, days: days, leaf) {
      case .money(let c): return .money(-c)
      case .integer(let i): return .integer(-i)
      case .number(let d): return .number(-d)
      default: return .null
      }
    case .binary(let op, let a, let b):
      return Executor.combine(op, value(a, group, days: days, leaf), value(b, group, days: days, leaf))
    case .ratioDays(let a, let b):
      let (x, y) = (value(a, group, days: days, leaf).doubleValue, value(b, group, days: days, leaf).doubleValue)
      guard let x, let y else { return .null }
      // A credit balance reads as 0 days; otherwise no sales leaves the ratio undefined (an
      // idle account is n/a, not 0).
      if x < 0 {
        raised.insert(.creditBalance)
        return .number(0)
      }
      if y <= 0 {
        raised.insert(.noSales)
        return .null
      }
      return .number(x / y * Double(days.window))
    case .weighted(let a, let b):
      let (x, y) = (value(a, group, days: days, leaf).doubleValue, value(b, group, days: days, leaf).doubleValue)
      guard let x, let y, y != 0 else { return .null }
      return .number(x / y)
    case .cei(let a, let b, let c, let d, let variant):
      let v = ([a, b, c, d] + (variant.cash.map { [$0] } ?? [])).map { value($0, group, days: days, leaf).doubleValue }
      guard let begin = v[0], var sales = v[1], let end = v[2], let current = v[3] else { return .null }
      if variant.monthlyAverageSales { sales /= Double(max(1, days.months)) }
      let denominator = begin + sales - current
      guard denominator > 0 else { return .null }
      let numerator = variant.cash == nil ? begin + sales - end : (v.count > 4 ? v[4] ?? 0 : 0)
      let index = numerator / denominator
      if index > 1 { raised.insert(.over100) }
      return .number(index)
    case .countback(let a, let periods, let zeroMonth):
      guard case .money(let balance) = value(a, group, days: days, leaf) else { return .null }
      // Every leaf is visited, in order, even past the period where the balance runs out.
      return withUnsafeTemporaryAllocation(of: Int64.self, capacity: periods.count) { sales in
        var p = 0
        for period in periods {
          if case .leaf(let l) = period {
            sales[p] = leaf(l)  // the usual shape: one period_sales kernel
          } else if case .money(let c) = value(period, group, days: days, leaf) {
            sales[p] = c
          } else {
            sales[p] = 0
          }
          p += 1
        }
        let walk = Countback.walk(balance: balance, sales: UnsafeBufferPointer(sales), lengths: days.periods, zeroMonth: zeroMonth)
        for flag in walk.flags { raised.insert(flag) }
        return .number(walk.days)
      }
    case .perCustomer(let trees, _):
      // Rolled up from the pairs by makePartial; the binder keeps it at the top of an item.
      for tree in trees { for l in tree.leaves { _ = leaf(l) } }
      return .null
    case .sampled(let a, let count, let minimum):
      let v = value(a, group, days: days, leaf)
      var n: Int64 = 0
      for l in count.leaves { n &+= leaf(l) }
      if n < minimum, v != .null { raised.insert(.lowSample) }
      return v
    case .classified(let a, let classes):
      guard let delay = value(a, group, days: days, leaf).doubleValue else { return .null }
      return .text(classes.classify(delay).rawValue)
    }
  }

  /// A tree of sums and differences of kernels as one column of cents per slot (a count counts
  /// 100 per unit, as `CustomerRollup.cents` reads it); nil for any other tree. `next` hands
  /// the leaf arrays in leaf order.
  static func linearCents(_ tree: MetricTree, slots: Int, _ next: () -> [Int64]?) -> [Int64]? {
    switch tree {
    case .leaf(let l):
      guard let values = next(), values.count >= slots else { return nil }
      return l.metric.unit == .count ? values.map { $0 &* 100 } : values
    case .negate(let t):
      return linearCents(t, slots: slots, next).map { $0.map { 0 &- $0 } }
    case .binary(let op, let a, let b) where op == .add || op == .subtract:
      guard let x = linearCents(a, slots: slots, next), let y = linearCents(b, slots: slots, next) else { return nil }
      return op == .add ? zip(x, y).map { $0 &+ $1 } : zip(x, y).map { $0 &- $1 }
    default:
      return nil
    }
  }

  /// Arithmetic on cells: money ± money stays exact; a division by zero is n/a.
  static func combine(_ op: ArithmeticOperator, _ x: ResultValue, _ y: ResultValue) -> ResultValue {
    switch (op, x, y) {
    case let (.add, .money(a), .money(b)): return .money(a &+ b)
    case let (.subtract, .money(a), .money(b)): return .money(a &- b)
    case let (.add, .integer(a), .integer(b)): return .integer(a &+ b)
    case let (.subtract, .integer(a), .integer(b)): return .integer(a &- b)
    default:
      guard let a = x.doubleValue, let b = y.doubleValue else { return .null }
      switch op {
      case .add: return .number(a + b)
      case .subtract: return .number(a - b)
      case .multiply: return .number(a * b)
      case .divide: return b == 0 ? .null : .number(a / b)
      }
    }
  }
}
