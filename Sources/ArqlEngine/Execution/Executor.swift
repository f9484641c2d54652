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
    var leafValues: [MetricLeaf: [Int64]] = [:]
    var agingValues: [MetricLeaf: [[Int64]]] = [:]
    var pairs: CustomerPairs? = nil
    for item in q.items {
      for leaf in item.tree.leaves {
        let key = leaf
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
            leafValues[other] = values
          }
        } else {
          var window = context.window
          if let trailing = leaf.trailingDays {
            let end = min(context.window.last, context.asOf)
            window = DateRange(first: end - trailing + 1, last: end)
          }
          let day = anchorDay(leaf, context) ?? context.asOf
          let shifted = EvaluationContext(asOf: day, window: window, bucket: context.bucket)
          leafValues[key] = sum(leaf, shifted, day == context.asOf ? snap : snapshot(day), masks, rowGroups, groupCount)
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
    try cancellation.check()
    guard leaves.allSatisfy({ $0.metric.kernel.fuses && $0.anchor != .beforeWindow && !$0.perCustomer && $0.trailingDays == nil }),
      !(q.filter.map(dependsOnDate) ?? false),
      !q.groups.contains(where: dependsOnDate), !leaves.contains(where: { $0.filter.map(dependsOnDate) ?? false })
    else { return nil }
    let dates = contexts.map(\.asOf)
    guard zip(dates, dates.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
    let counts = rowCounts
    func lookup(_ universe: Universe) -> (String) -> AttributeColumn? { { name in self.attributes.attribute(name, universe) } }
    let grouping = try self.grouping(q, lookup, counts: counts)
    let groupCount = grouping.groupCodes.count
    var perContext: [[MetricLeaf: [Int64]]] = Array(repeating: [:], count: contexts.count)
    var done: Set<MetricLeaf> = []
    for leaf in leaves where done.insert(leaf).inserted {
      var masks = grouping.whereMasks
      if let filter = leaf.filter {
        for u in Universe.allCases where grouping.used.contains(u) {
          let m = try FilterEvaluator(count: counts[u.rawValue], parameters: parameters, lookup: lookup(u), defined: dimensions).mask(filter)
          masks[u.rawValue] = masks[u.rawValue].map { zip($0, m).map { $0 && $1 } } ?? m
        }
      }
      if leaf.metric.kind == .window {
        for (k, context) in contexts.enumerated() {
          perContext[k][leaf] = sum(leaf, context, nil, masks, grouping.rowGroups, groupCount)
        }
      } else {
        guard case .position(let kernel) = leaf.metric.kernel.evaluator else { return nil }
        let series = seriesSum(kernel, dates, masks, grouping.rowGroups, groupCount)
        try cancellation.check()
        for k in 0..<contexts.count { perContext[k][leaf] = series[k] }
      }
    }
    return zip(perContext, contexts).map { makePartial(q, grouping, $0, [:], topN: nil, context: $1) }
  }

  /// A point-in-time sum at every date of `dates` (ascending), per group.
  func seriesSum(_ kernel: PositionKernel, _ dates: [Int32], _ masks: [[Bool]?], _ rowGroups: [[Int32]], _ groupCount: Int) -> [[Int64]] {
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
              switch kernel {
              case .balance: break
              case .unapplied: if isDebit { continue }
              case .grossOpen, .overdue, .notDue, .openCount, .overdueDays, .disputedAmount, .openDisputes: if !isDebit { continue }
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
                switch kernel {
                case .balance, .grossOpen, .unapplied: value = open
                case .overdue: value = day - dueDay >= 1 ? open : 0
                case .notDue: value = day - dueDay <= 0 ? open : 0
                case .openCount: value = open != 0 ? 1 : 0
                case .overdueDays: value = day - dueDay >= 1 ? open &* Int64(day - dueDay) : 0
                // Disputes open at each date are not walked here: these kernels do not fuse
                // (Kernel.fuses), so the series path never asks for them.
                case .disputedAmount, .openDisputes: value = 0
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
    if kernel == .balance || kernel == .unapplied {
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

  /// A per-customer tree's value for one (group, customer) pair, with the flags it raised.
  struct PairValue {
    var value: ResultValue
    var flags: Set<ResultFlag>
  }

  /// The output rows of one evaluation from the leaf values of every group.
  func makePartial(_ q: BoundQuery, _ grouping: Grouping, _ leafValues: [MetricLeaf: [Int64]], _ agingValues: [MetricLeaf: [[Int64]]],
                   topN: (count: Int, descending: Bool)?, context: EvaluationContext, pairs: CustomerPairs? = nil) -> Partial
  {
    let groupCount = grouping.groupCodes.count
    let days = TreeDays(window: context.window.days, months: calendar.monthsTouched(by: context.window),
      periods: calendar.countbackPeriods(asOf: context.asOf, count: BuiltinMetric.countbackPeriods).map(\.days))
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
    var allPairValues: [[[MetricLeaf]]: [[PairValue]]] = [:]
    func valuesOfPairs(_ i: Int, _ trees: [MetricTree], _ arrays: [[[Int64]?]], _ pairs: CustomerPairs) -> [[PairValue]] {
      let key = trees.map(\.leaves)
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
          guard let column = TreeEvaluator.linearCents(tree, slots: slots, { defer { next += 1 }; return next < arrays[t].count ? arrays[t][next] : nil })
          else { return nil }
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
        // Few pairs in the group (by customer): compute them; many: take them from every pair's values.
        if members.count * 8 < pairs.customerOfPair.count {
          let (values, flags) = reduced(pairValues(trees, arrays, members))
          return (rollup.reduce(values), flags)
        }
        let all = valuesOfPairs(i, trees, arrays, pairs)
        let (values, flags) = reduced(all.map { column in members.map { column[Int($0)] } })
        return (rollup.reduce(values), flags)
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

  /// The sums of one leaf per group, from the pass its kernel names (Kernels/).
  func sum(_ leaf: MetricLeaf, _ context: EvaluationContext, _ snap: Snapshot?, _ masks: [[Bool]?], _ rowGroups: [[Int32]],
           _ groupCount: Int) -> [Int64]
  {
    switch leaf.metric.kernel.evaluator {
    case .position(let kernel): return positionSum(kernel, context, snap, masks, rowGroups, groupCount)
    case .sales(let kernel): return salesSum(kernel, context, masks, rowGroups, groupCount)
    case .exposure(let kind): return exposureSum(kind, context, masks, rowGroups, groupCount)
    case .cash(let kernel): return cashSum(kernel, context, masks, rowGroups, groupCount)
    case .matching(let kernel):
      return matchingSum(kernel, context, snap, masks[Universe.cash.rawValue], rowGroups[Universe.cash.rawValue], groupCount)
    case .dispute(let kernel):
      return disputeSum(kernel, context, masks[Universe.disputes.rawValue], rowGroups[Universe.disputes.rawValue], groupCount)
    case .team(let kernel): return teamSum(kernel, leaf, context, snap, masks, rowGroups, groupCount)
    case .aging, .periodSales, .creditLimit, .composite:
      // Aging and period sales have passes of their own with more than one value per group,
      // credit limits come from the customer pairs, and composites are never leaves.
      return [Int64](repeating: 0, count: groupCount)
    }
  }
}
