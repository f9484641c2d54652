import ArqlLanguage
import ArqlLedger

extension Executor {
  /// Rows grouped: the group of every row of each universe, the codes of every group, and the
  /// where-clause masks. Computed once and reused across contexts when nothing in it depends
  /// on the evaluation date.
  struct Grouping {
    var whereMasks: [[Bool]?]
    var rowGroups: [ColumnArray<Int32>]
    /// Per group, the label code of each group spec (-1: unallocated).
    var groupCodes: [[Int32]]
    /// Per group spec, its labels.
    var labels: [LabelList]
    /// Which groups have rows (nil: all); groups without rows are not output.
    var present: [Bool]?
    /// The universes whose rows made the groups.
    var used: Set<Universe> = []
  }

  /// The grouping of a plan: row masks of the filter, the group of every row, the groups'
  /// labels; computed once when the plan says it is static.
  func grouping(_ plan: LogicalPlan, _ lookup: (Universe) -> (String) -> AttributeColumn?, counts: [Int]) throws -> Grouping {
    let key = plan.grouping
    let isStatic = plan.staticGrouping
    let used = key.universes
    if isStatic, let cached = groupingCache[key] { return cached }
    var whereMasks = [[Bool]?](repeating: nil, count: Universe.allCases.count)
    // Only the universes the metrics read: the others are neither filtered nor grouped.
    if let filter = key.filter {
      for u in Universe.allCases where used.contains(u) {
        whereMasks[u.rawValue] = try FilterEvaluator(count: counts[u.rawValue], parameters: parameters, lookup: lookup(u),
                                                     defined: dimensions).mask(filter)
      }
    }
    // Per group spec, global label codes for both universes.
    var labelIndex: [[String: Int32]] = Array(repeating: [:], count: key.groups.count)
    var labelList: [LabelList] = Array(repeating: [], count: key.groups.count)
    var specCodes: [[ColumnArray<Int32>]] = Array(repeating: Universe.allCases.map { _ in [] }, count: key.groups.count)
    for (g, group) in key.groups.enumerated() {
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
        specCodes[g][u.rawValue] = ColumnArray(codes.map { $0 >= 0 ? remap[Int($0)] : -1 })
      }
    }
    // One dimension whose two universes share their labels: the label code is the group.
    if key.groups.count == 1, labelList[0].count > 1024 {
      let labelsCount = labelList[0].count
      var present = [Bool](repeating: false, count: labelsCount + 1)
      var rowGroups: [ColumnArray<Int32>] = Universe.allCases.map { _ in [] }
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
        rowGroups[u.rawValue] = ColumnArray(groupsOfRows)
      }
      // Groups are the label codes (the last one: unallocated); absent groups are dropped at output.
      let groupCodes: [[Int32]] = (0...labelsCount).map { [$0 < labelsCount ? Int32($0) : -1] }
      try checkRowLimit(groups: present.reduce(0) { $0 + ($1 ? 1 : 0) }, plan)
      let result = Grouping(whereMasks: whereMasks, rowGroups: rowGroups, groupCodes: groupCodes, labels: labelList, present: present, used: used)
      if isStatic { groupingCache[key] = result }
      return result
    }
    // Composite group id per row: a dense table when the key space is small, a hash map otherwise.
    var groupCodes: [[Int32]] = []
    var rowGroups: [ColumnArray<Int32>] = Universe.allCases.map { _ in [] }
    let radix = labelList.map { Int64($0.count + 1) }
    let keySpace = radix.reduce(Int64(1)) { $0 > (1 << 40) ? $0 : $0 &* $1 }
    let dense = keySpace <= (1 << 24)
    var denseIds = [Int32](repeating: -1, count: dense && !key.groups.isEmpty ? Int(keySpace) : 0)
    var sparseIds: [Int64: Int32] = [:]
    if key.groups.isEmpty { groupCodes.append([]) }
    for u in Universe.allCases {
      let n = counts[u.rawValue]
      var groupsOfRows = [Int32](repeating: 0, count: n)
      if !key.groups.isEmpty {
        let mask = whereMasks[u.rawValue]
        let codes = (0..<key.groups.count).map { specCodes[$0][u.rawValue] }
        // As in SQL, rows the where clause drops make no group; nor do rows no metric reads.
        let isUsed = used.contains(u)  // once per universe: a Set lookup per row costs a hash
        if isUsed, codes.count == 1, dense, codes[0].count == n, mask.map({ $0.count == n }) ?? true {
          // One dimension (the usual query): the same ids, in the same order of first
          // appearance, from a loop over the buffers instead of an array of arrays per row.
          groupsOfRows.withUnsafeMutableBufferPointer { out in
            denseIds.withUnsafeMutableBufferPointer { ids in
              codes[0].withUnsafeBufferPointer { labelCodes in
                for row in 0..<n {
                  if let mask, !mask[row] { continue }
                  let key = Int(labelCodes[row]) + 1
                  guard key >= 0, key < ids.count else { continue }  // codes are -1 or a label's
                  var id = ids[key]
                  if id < 0 {
                    id = Int32(groupCodes.count)
                    ids[key] = id
                    groupCodes.append([labelCodes[row]])
                  }
                  out[row] = id
                }
              }
            }
          }
          rowGroups[u.rawValue] = ColumnArray(groupsOfRows)
          continue
        }
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
      rowGroups[u.rawValue] = ColumnArray(groupsOfRows)
    }
    try checkRowLimit(groups: groupCodes.count, plan)
    let result = Grouping(whereMasks: whereMasks, rowGroups: rowGroups, groupCodes: groupCodes, labels: labelList, present: nil, used: used)
    if isStatic { groupingCache[key] = result }
    return result
  }

  /// The grouping and pairs of a plan whose every leaf is per customer, grouped by one
  /// dimension that its rows take from their customer, with no where clause: the groups come
  /// from the customers' values (`CustomerLayout`) and no row is given a group, since every
  /// kernel sums by customer. The groups, their order and their customers are those the
  /// row-by-row grouping and `CustomerPairs(byCustomer:)` give. Nil for any other plan.
  func customerGrouping(_ plan: LogicalPlan) throws -> (Grouping, CustomerPairs)? {
    let key = plan.grouping
    guard !plan.leaves.isEmpty, plan.leaves.allSatisfy(\.perCustomer), key.filter == nil, key.groups.count == 1,
          case .attribute(let name, nil) = key.groups[0], !ContextAttributes.names.contains(name),
          let layout = attributes.customerLayout(name, key.universes)
    else { return nil }
    var ids = [Int32](repeating: -1, count: layout.labels.count + 1)  // by code + 1: no value first
    var groupCodes: [[Int32]] = []
    var pairsOfGroup: [[Int32]] = []
    for customer in layout.order {
      let code = layout.codes[Int(customer)]
      let slot = Int(code) + 1
      guard slot >= 0, slot < ids.count else { return nil }
      if ids[slot] < 0 {
        ids[slot] = Int32(groupCodes.count)
        groupCodes.append([code])
        pairsOfGroup.append([])
      }
      pairsOfGroup[Int(ids[slot])].append(customer)
    }
    guard !groupCodes.isEmpty else { return nil }
    try checkRowLimit(groups: groupCodes.count, plan)
    let pairs = CustomerPairs(customerCount: ledger.customers.count, customersOfRows: Universe.allCases.map(attributes.customerRows),
                              universes: key.universes, pairsOfGroup: pairsOfGroup, spareRows: attributes.constantRows)
    let grouping = Grouping(whereMasks: Universe.allCases.map { _ in nil }, rowGroups: Universe.allCases.map { _ in [] }, groupCodes: groupCodes,
                            labels: [layout.labels], present: nil, used: key.universes)
    return (grouping, pairs)
  }

  /// E049 when `groups` × the plan's buckets pass `Executor.rowLimit`: a result is held whole
  /// before it is written; past the limit, say so instead of filling memory (issue #15).
  func checkRowLimit(groups: Int, _ plan: LogicalPlan) throws {
    let buckets = max(1, plan.contexts.count)
    let (rows, overflow) = groups.multipliedReportingOverflow(by: buckets)
    // A ranked result (top N, limit) shows few rows; its groups are held as numbers, not rows.
    guard overflow || rows > Executor.rowLimit * (plan.ranks ? 4 : 1) else { return }
    throw EngineError(.tooManyRows, "the result would have \(groups) group\(groups == 1 ? "" : "s")" + (buckets > 1 ? " × \(buckets) buckets" : "")
                        + ": more than the \(Executor.rowLimit) rows arql returns",
                      notes: ["narrow it with where, rank it with top N, group by a coarser dimension or grain, or list the open items of one customer",
                              "the limit is \(Executor.defaultRowLimit) rows unless ARQL_ROW_LIMIT sets another"])
  }

  /// The labels of `bucket(column, edges...)` for sorted edges: `< e0`, `e0–e1`, ..., `>= en`;
  /// bucket b holds the values from edge b − 1 (included) to edge b (excluded).
  static func bucketLabels(_ sorted: [Int64]) -> [String] {
    ["< \(sorted.first ?? 0)"] + sorted.indices.map { i in i + 1 < sorted.count ? "\(sorted[i])–\(sorted[i + 1])" : ">= \(sorted[i])" }
  }

  /// The text codes of one group spec for the rows of a universe.
  func groupColumn(_ group: BoundQuery.Group, _ universe: Universe, _ count: Int, _ lookup: @escaping (String) -> AttributeColumn?) throws
    -> (ColumnArray<Int32>, LabelList)
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
      let labels = Self.bucketLabels(sorted)
      let codes: [Int32] = (0..<values.count).map { row in
        if let valid, !valid[row] { return -1 }
        var b = 0
        while b < sorted.count && values[row] >= sorted[b] * factor { b += 1 }
        return Int32(b)
      }
      return (ColumnArray(codes), LabelList(labels))
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
      return (ColumnArray(codes), LabelList(labels))
    }
  }

  /// Any attribute as text codes (dates bucketed by a grain when given).
  func labels(of column: AttributeColumn, grain: TimeUnit?) -> (ColumnArray<Int32>, LabelList) {
    switch column {
    case .text(let codes, let labels):
      return (codes, labels)
    case .bool(let values):
      return (ColumnArray(values.map { $0 ? 1 : 0 }), ["false", "true"])
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
      return (ColumnArray(codes), LabelList(labels))
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
      return (ColumnArray(codes), LabelList(labels))
    }
  }

  /// The whole of a share under linked dimensions: each group takes the sum over the groups
  /// that differ from it only in the linked specs (a dispute's reason...), so `disputed_amount
  /// by reason / gross_open` divides by the whole gross open and the parts add up.
  /// - Complexity: O(groups × specs).
  func wholeOverLinked(_ values: [Int64], _ grouping: Grouping, linkedSpecs: [Int]) -> [Int64] {
    guard !linkedSpecs.isEmpty else { return values }
    let linked = Set(linkedSpecs)
    // Each group's key without the linked specs, built once.
    let groups = min(values.count, grouping.groupCodes.count)
    let keys = (0..<groups).map { g in grouping.groupCodes[g].enumerated().map { linked.contains($0.offset) ? 0 : $0.element } }
    var totals: [[Int32]: Int64] = [:]
    for g in 0..<groups { totals[keys[g], default: 0] &+= values[g] }
    return values.indices.map { g in g < groups ? totals[keys[g]] ?? 0 : values[g] }
  }
}
