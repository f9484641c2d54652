import ArqlLedger
import ArqlLanguage

extension Executor {
  /// Evaluates contexts on an SQL engine: one statement for all of them (`SQLGenerator`), and
  /// one more by group and customer when the query has per-customer metrics. Their integer
  /// kernel values become the same partial rows as a native evaluation.
  func evaluateOnEngine(_ q: BoundQuery, _ plan: LogicalPlan, _ contexts: [EvaluationContext], _ connection: SQLConnection,
                        topN: LogicalPlan.TopNPushdown?) throws -> [Partial]
  {
    let generator = SQLGenerator(dialect: connection.dialect, calendar: calendar, parameters: parameters, dimensions: dimensions)
    let statement = try generator.statement(plan, contexts)
    let pairStatement = plan.leaves.contains(where: \.perCustomer) ? try generator.statement(plan, contexts, perCustomer: true) : nil
    let grains: [TimeUnit?] = plan.grouping.groups.map { group in
      if case .attribute(_, let grain) = group { return grain }
      return nil
    }
    let rows = try bucketed(try contextRows(try connection.rows(statement.text), statement, contexts.count, connection), statement, grains, connection)
    let pairRows = try pairStatement.map {
      try bucketed(try contextRows(try connection.rows($0.text), $0, contexts.count, connection), $0, grains, connection)
    }
    try cancellation.check()
    var labels = EngineLabels(specs: plan.grouping.groups.count)
    let customerRow = pairStatement == nil ? [:] : Dictionary(
      (0..<ledger.customers.count).compactMap { r in ledger.customers.id[r].map { ($0, Int32(r)) } }, uniquingKeysWith: { a, _ in a })
    return try contexts.indices.map { k in
      // Groups and group-level kernels.
      var groupCodes: [[Int32]] = []
      var groupOf: [[Int32]: Int] = [:]
      for row in rows[k] {
        let codes = labels.codes(row, count: plan.grouping.groups.count)
        groupOf[codes] = groupCodes.count
        groupCodes.append(codes)
      }
      var leafValues: [MetricLeaf: [Int64]] = [:]
      var agingValues: [MetricLeaf: [[Int64]]] = [:]
      try collect(statement, rows[k], into: &leafValues, &agingValues, connection)
      // Per-customer kernels by (group, customer) pair; the spare last slot collects nothing.
      var pairs: CustomerPairs? = nil
      if let pairStatement, let pairRows {
        var customerOfPair: [Int32] = []
        var pairsOfGroup = [[Int32]](repeating: [], count: groupCodes.count)
        var kept: [[String?]] = []
        for row in pairRows[k] {
          let codes = labels.codes(row, count: plan.grouping.groups.count)
          guard let g = groupOf[codes], let id = row[pairStatement.groupColumns] else { continue }
          guard let customer = customerRow[id] else {
            throw EngineError(.engineFailure, "\(connection.displayName) has customer '\(id)', which arql's customers table does not",
                              notes: ["load the same ledger into the engine (arql export-sql) as the one arql opens, or open none"])
          }
          pairsOfGroup[g].append(Int32(customerOfPair.count))
          customerOfPair.append(customer)
          kept.append(row)
        }
        var pairValues: [MetricLeaf: [Int64]] = [:]
        var pairAging: [MetricLeaf: [[Int64]]] = [:]
        try collect(pairStatement, kept, into: &pairValues, &pairAging, connection)
        for (leaf, values) in pairValues { leafValues[leaf] = values + [0] }
        let p = CustomerPairs(customerOfPair: customerOfPair, pairsOfGroup: pairsOfGroup)
        for leaf in plan.leaves where leaf.perCustomer && leaf.metric == .creditLimit { leafValues[leaf] = p.creditLimits(ledger.customers) }
        pairs = p
      }
      let grouping = Grouping(whereMasks: [], rowGroups: [], groupCodes: groupCodes, labels: labels.labels, present: nil,
                              used: plan.grouping.universes)
      // A share's whole, grouped by a linked dimension, sums its part over that dimension's values.
      for (leaf, values) in leafValues where leaf.whole && !leaf.perCustomer {
        leafValues[leaf] = wholeOverLinked(values, grouping, linkedSpecs: plan.linkedGroupSpecs)
      }
      return makePartial(q, grouping, leafValues, agingValues, topN: topN, context: contexts[k], pairs: pairs)
    }
  }

  /// The rows of each context, checked against the statement's shape.
  private func contextRows(_ rows: [[String?]], _ statement: SQLStatement, _ count: Int, _ connection: SQLConnection) throws -> [[[String?]]] {
    let width = 1 + statement.groupColumns + statement.columns.count
    var byContext = [[[String?]]](repeating: [], count: count)
    for row in rows {
      guard row.count == width, let k = row[0].flatMap({ Int($0) }), k >= 0, k < count else {
        throw EngineError(.engineFailure, "\(connection.displayName) returned a row arql did not ask for: \(row.map { $0 ?? "NULL" }.joined(separator: ", "))")
      }
      byContext[k].append(row)
    }
    return byContext
  }

  /// Rows grouped by a date under a grain, summed into the grain's buckets: the engine groups by
  /// the day, and every kernel value is a sum, so the buckets' sums are exact.
  private func bucketed(_ byContext: [[[String?]]], _ statement: SQLStatement, _ grains: [TimeUnit?], _ connection: SQLConnection) throws -> [[[String?]]] {
    guard grains.contains(where: { $0 != nil }) else { return byContext }
    let valueStart = 1 + statement.groupColumns
    return try byContext.map { rows in
      var order: [[String?]] = []
      var sums: [[String?]: [Int64]] = [:]
      for row in rows {
        var key = Array(row[0..<valueStart])
        for (spec, grain) in grains.enumerated() {
          guard let grain, let text = key[1 + spec] else { continue }
          guard let day = Day.parseISO(String(text.prefix(10))) else {
            throw EngineError(.engineFailure, "\(connection.displayName) returned '\(text)' where arql expected a date")
          }
          key[1 + spec] = calendar.label(grain, calendar.start(of: grain, containing: day))
        }
        let values = try row[valueStart...].map { text -> Int64 in
          guard let value = Self.integer(text ?? "0") else {
            throw EngineError(.engineFailure, "\(connection.displayName) returned '\(text ?? "")' where arql expected a whole number")
          }
          return value
        }
        if let sum = sums[key] {
          sums[key] = zip(sum, values).map { $0 &+ $1 }
        } else {
          sums[key] = values
          order.append(key)
        }
      }
      return order.map { key in key + (sums[key] ?? []).map { String($0) } }
    }
  }

  /// The leaf columns of `rows` (one row per group or pair) into leaf and aging values.
  private func collect(_ statement: SQLStatement, _ rows: [[String?]], into leafValues: inout [MetricLeaf: [Int64]],
                       _ agingValues: inout [MetricLeaf: [[Int64]]], _ connection: SQLConnection) throws
  {
    for (c, column) in statement.columns.enumerated() {
      let values = try rows.map { row -> Int64 in
        let text = row[1 + statement.groupColumns + c] ?? "0"
        guard let value = Self.integer(text) else {
          throw EngineError(.engineFailure, "\(connection.displayName) returned '\(text)' where arql expected a whole number of cents or days")
        }
        return value
      }
      switch column.part {
      case .value where column.leaf.metric == .provision:
        // Σ HT × basis points, rounded to the cent once per group, as the native kernel does.
        leafValues[column.leaf] = values.map { ($0 >= 0 ? $0 + 5_000 : $0 - 5_000) / 10_000 }
      case .value: leafValues[column.leaf] = values
      case .estimated:
        if values.contains(where: { $0 > 0 }) { raised.insert(.htEstimated) }
      case .agingColumn(let b):
        let width = (column.leaf.aging ?? AgingSpec()).bucketNames.count + 1
        var buckets = agingValues[column.leaf] ?? [[Int64]](repeating: [], count: width)
        buckets[b] = values
        agingValues[column.leaf] = buckets
      case .period(let p):
        var other = column.leaf
        other.period = p
        leafValues[other] = values
      }
    }
  }

  /// A whole number as an engine prints it: `123`, `-5`, or `123.0` / `123.00` from engines
  /// that print sums of integers as decimals.
  static func integer(_ text: String) -> Int64? {
    if let value = Int64(text) { return value }
    guard let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
    return Int64(text[..<dot])
  }
}

/// Group labels as an engine returns them, coded per group spec in order of appearance (NULL: -1).
struct EngineLabels {
  var labels: [[String]]
  private var index: [[String: Int32]]

  init(specs: Int) {
    labels = [[String]](repeating: [], count: specs)
    index = [[String: Int32]](repeating: [:], count: specs)
  }

  /// The label codes of a row's group columns (after `k`).
  mutating func codes(_ row: [String?], count: Int) -> [Int32] {
    (0..<count).map { spec in
      guard let label = row[1 + spec] else { return -1 }
      if let code = index[spec][label] { return code }
      let code = Int32(labels[spec].count)
      labels[spec].append(label)
      index[spec][label] = code
      return code
    }
  }
}
