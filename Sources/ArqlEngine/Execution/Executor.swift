import ArqlLanguage
import ArqlLedger

/// Runs bound queries over a ledger: one pass per evaluation date over contiguous columns,
/// group keys as dense integer codes, exact Int64 sums.
final class Executor {
  let ledger: Ledger
  let attributes: LedgerAttributes
  let calendar: Calendar
  let parameters: Parameters
  let dimensions: [String: ValueExpr]
  private var snapshots: [Int32: Snapshot] = [:]

  init(ledger: Ledger, attributes: LedgerAttributes, calendar: Calendar, parameters: Parameters, dimensions: [String: ValueExpr]) {
    self.ledger = ledger
    self.attributes = attributes
    self.calendar = calendar
    self.parameters = parameters
    self.dimensions = dimensions
  }

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
  }

  // MARK: - Evaluation of one context

  func evaluate(_ q: BoundQuery, _ context: EvaluationContext) throws -> Partial {
    let snap = snapshot(context.asOf)
    let contextAttributes = ContextAttributes(ledger: ledger, snapshot: snap)
    let counts = [ledger.invoices.count, ledger.payments.count]
    func lookup(_ universe: Universe) -> (String) -> AttributeColumn? {
      { name in contextAttributes.attribute(name, universe) ?? self.attributes.attribute(name, universe) }
    }
    // Row masks of the where clause.
    var whereMasks: [[Bool]?] = [nil, nil]
    if let filter = q.filter {
      for u in Universe.allCases {
        whereMasks[u.rawValue] = try FilterEvaluator(count: counts[u.rawValue], parameters: parameters, lookup: lookup(u),
                                                     defined: dimensions).mask(filter)
      }
    }
    // Group codes: per group spec, global label codes for both universes.
    var labelIndex: [[String: Int32]] = Array(repeating: [:], count: q.groups.count)
    var labelList: [[String]] = Array(repeating: [], count: q.groups.count)
    var specCodes: [[[Int32]]] = Array(repeating: [[], []], count: q.groups.count)
    for (g, group) in q.groups.enumerated() {
      for u in Universe.allCases {
        let (codes, labels) = try groupColumn(group, u, counts[u.rawValue], lookup(u))
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
    let unallocated = "(unallocated)"
    // Composite group index per row: a dense table when the key space is small (the usual
    // case: a few dimensions of modest cardinality), a hash map otherwise.
    var keyLabels: [[String]] = []
    var rowGroups: [[Int32]] = [[], []]
    let radix = labelList.map { Int64($0.count + 1) }
    let keySpace = radix.reduce(Int64(1)) { $0 > (1 << 40) ? $0 : $0 &* $1 }
    let dense = keySpace <= (1 << 24)
    var denseIds = [Int32](repeating: -1, count: dense && !q.groups.isEmpty ? Int(keySpace) : 0)
    var sparseIds: [Int64: Int32] = [:]
    if q.groups.isEmpty { keyLabels.append([]) }
    for u in Universe.allCases {
      let n = counts[u.rawValue]
      var groupsOfRows = [Int32](repeating: 0, count: n)
      if !q.groups.isEmpty {
        let mask = whereMasks[u.rawValue]
        let codes = (0..<q.groups.count).map { specCodes[$0][u.rawValue] }
        for row in 0..<n where mask?[row] ?? true {  // as in SQL, rows the where clause drops make no group
          var key: Int64 = 0
          for g in 0..<codes.count { key = key &* radix[g] &+ Int64(codes[g][row] + 1) }
          var id = dense ? denseIds[Int(key)] : (sparseIds[key] ?? -1)
          if id < 0 {
            id = Int32(keyLabels.count)
            if dense { denseIds[Int(key)] = id } else { sparseIds[key] = id }
            keyLabels.append((0..<codes.count).map { g in
              let c = codes[g][row]
              return c >= 0 ? labelList[g][Int(c)] : unallocated
            })
          }
          groupsOfRows[row] = id
        }
      }
      rowGroups[u.rawValue] = groupsOfRows
    }
    let groupCount = keyLabels.count
    // Leaf values per group.
    var leafValues: [String: [Int64]] = [:]
    var agingValues: [String: [[Int64]]] = [:]
    func leafKey(_ leaf: MetricLeaf) -> String {
      let aging = leaf.aging.map { "\($0.edges.map(String.init).joined(separator: ","))/\($0.basis.rawValue)/\($0.measure.rawValue)" } ?? ""
      return "\(leaf.metric.rawValue)|\(leaf.filter.map { Formatter.format($0) } ?? "")|\(aging)"
    }
    for item in q.items {
      for leaf in item.tree.leaves {
        let key = leafKey(leaf)
        if leafValues[key] != nil || agingValues[key] != nil { continue }
        var masks: [[Bool]?] = whereMasks
        if let filter = leaf.filter {
          for u in Universe.allCases {
            let m = try FilterEvaluator(count: counts[u.rawValue], parameters: parameters, lookup: lookup(u), defined: dimensions).mask(filter)
            masks[u.rawValue] = masks[u.rawValue].map { zip($0, m).map { $0 && $1 } } ?? m
          }
        }
        if leaf.metric == .agedBalance {
          agingValues[key] = aging(leaf.aging ?? AgingSpec(), snap, masks, rowGroups, groupCount)
        } else {
          leafValues[key] = sum(leaf.metric, context, snap, masks, rowGroups, groupCount)
        }
      }
    }
    // Output values per group; leaf values looked up once, not per group.
    var partial = Partial()
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
    let itemLeafKeys: [[String]] = q.items.map { $0.tree.leaves.map(leafKey) }
    for g in 0..<groupCount {
      var row: [ResultValue] = []
      for (i, item) in q.items.enumerated() {
        if let (spec, buckets) = itemAging[i] {
          row += agingRow(spec, buckets.map { $0[g] })
        } else {
          var next = 0
          let keys = itemLeafKeys[i]
          row.append(value(item.tree, g) { _ in
            defer { next += 1 }
            return leafArrays[keys[next]]?[g] ?? 0
          })
        }
      }
      partial.keys.append(keyLabels[g])
      partial.values.append(row)
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
        labels.append(scale == 2 ? MoneyText.format(values[row]) : String(values[row]))
        return c
      }
      return (codes, labels)
    }
  }

  // MARK: - Kernels

  /// The sum kernel of one built-in metric, per group.
  func sum(_ metric: BuiltinMetric, _ context: EvaluationContext, _ snap: Snapshot, _ masks: [[Bool]?], _ rowGroups: [[Int32]],
           _ groupCount: Int) -> [Int64]
  {
    var acc = [Int64](repeating: 0, count: groupCount)
    let inv = ledger.invoices
    let pay = ledger.payments
    let d = context.asOf
    let w = context.window
    let docMask = masks[Universe.documents.rawValue]
    let cashMask = masks[Universe.cash.rawValue]
    let docGroups = rowGroups[Universe.documents.rawValue]
    let cashGroups = rowGroups[Universe.cash.rawValue]
    for row in 0..<inv.count where docMask?[row] ?? true {
      let g = Int(docGroups[row])
      switch metric {
      case .balance:
        if inv.postingDate[row] <= d { acc[g] &+= snap.open[row] }
      case .grossOpen:
        if inv.postingDate[row] <= d && ledger.isDebit(row) { acc[g] &+= snap.open[row] }
      case .overdue:
        if inv.postingDate[row] <= d && ledger.isDebit(row) && d - inv.dueDate[row] >= 1 { acc[g] &+= snap.open[row] }
      case .notDue:
        if inv.postingDate[row] <= d && ledger.isDebit(row) && d - inv.dueDate[row] <= 0 { acc[g] &+= snap.open[row] }
      case .unapplied:
        if inv.postingDate[row] <= d && !ledger.isDebit(row) { acc[g] &+= snap.open[row] }
      case .openCount:
        if inv.postingDate[row] <= d && ledger.isDebit(row) && snap.open[row] != 0 { acc[g] &+= 1 }
      case .creditSales:
        let t = inv.docType[row]
        if w.contains(inv.postingDate[row]) && (t == .invoice || t == .debitNote || t == .creditNote) { acc[g] &+= inv.amount[row] }
      case .itemCount:
        let t = inv.docType[row]
        if w.contains(inv.postingDate[row]) && (t == .invoice || t == .debitNote) { acc[g] &+= 1 }
      case .collected, .agedBalance:
        break
      }
    }
    for line in 0..<pay.count where cashMask?[line] ?? true {
      let g = Int(cashGroups[line])
      switch metric {
      case .balance, .unapplied:
        if snap.unappliedCash[line] { acc[g] &-= pay.amount[line] }
      case .collected:
        if w.contains(pay.paymentDate[line]) { acc[g] &+= pay.amount[line] }
      default:
        break
      }
    }
    return acc
  }

  /// The aged balance per bucket (then unapplied, then total) per group; counts or amounts.
  func aging(_ spec: AgingSpec, _ snap: Snapshot, _ masks: [[Bool]?], _ rowGroups: [[Int32]], _ groupCount: Int) -> [[Int64]] {
    let bucketCount = spec.bucketNames.count
    // amounts[b][g] for the buckets, then unapplied; counts likewise; gross for percent.
    var amounts = [[Int64]](repeating: [Int64](repeating: 0, count: groupCount), count: bucketCount + 1)
    var counts = amounts
    let inv = ledger.invoices
    let pay = ledger.payments
    let d = snap.asOf
    let docMask = masks[Universe.documents.rawValue]
    let cashMask = masks[Universe.cash.rawValue]
    for row in 0..<inv.count where (docMask?[row] ?? true) && inv.postingDate[row] <= d {
      let g = Int(rowGroups[Universe.documents.rawValue][row])
      let open = snap.open[row]
      if ledger.isDebit(row) {
        guard open != 0 else { continue }
        let age = spec.basis == .dueDate ? d - inv.dueDate[row] : d - inv.docDate[row]
        let b = spec.bucket(age)
        amounts[b][g] &+= open
        counts[b][g] &+= 1
      } else if open != 0 {
        amounts[bucketCount][g] &+= open
        counts[bucketCount][g] &+= 1
      }
    }
    for line in 0..<pay.count where (cashMask?[line] ?? true) && snap.unappliedCash[line] {
      let g = Int(rowGroups[Universe.cash.rawValue][line])
      amounts[bucketCount][g] &-= pay.amount[line]
      counts[bucketCount][g] &+= 1
    }
    return spec.measure == .count ? counts : amounts
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
  func value(_ tree: MetricTree, _ group: Int, _ leaf: (MetricLeaf) -> Int64) -> ResultValue {
    switch tree {
    case .leaf(let l):
      let v = leaf(l)
      return l.metric.unit == .count ? .integer(v) : .money(v)
    case .number(let n):
      return .number(n)
    case .negate(let t):
      switch value(t, group, leaf) {
      case .money(let c): return .money(-c)
      case .integer(let i): return .integer(-i)
      case .number(let d): return .number(-d)
      default: return .null
      }
    case .binary(let op, let a, let b):
      return Executor.combine(op, value(a, group, leaf), value(b, group, leaf))
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
