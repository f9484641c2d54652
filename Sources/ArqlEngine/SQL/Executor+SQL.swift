import ArqlLanguage
import ArqlLedger

extension Executor {
  /// One row of an engine's answer: its group labels (and customer, for the pair statement),
  /// then its leaf columns, parsed once.
  struct EngineRow {
    var keys: [String?]
    var values: [Int64]
  }

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
    func answer(_ statement: SQLStatement) throws -> [[EngineRow]] {
      try bucketed(try contextRows(try connection.rows(statement.text), statement, contexts.count, connection), grains, connection)
    }
    let rows = try answer(statement)
    let pairRows = try pairStatement.map(answer)
    try cancellation.check()
    let specs = plan.grouping.groups.count
    var labels = EngineLabels(specs: specs)
    let customerRow = pairStatement == nil ? [:] : Dictionary(
      (0..<ledger.customers.count).compactMap { r in ledger.customers.id[r].map { ($0, Int32(r)) } }, uniquingKeysWith: { a, _ in a })
    return try contexts.indices.map { k in
      // Groups and group-level kernels.
      var groupCodes: [[Int32]] = []
      var groupOf: [[Int32]: Int] = [:]
      for row in rows[k] {
        let codes = labels.codes(row.keys, count: specs)
        groupOf[codes] = groupCodes.count
        groupCodes.append(codes)
      }
      var leafValues: [MetricLeaf: [Int64]] = [:]
      var agingValues: [MetricLeaf: [[Int64]]] = [:]
      collect(statement, rows[k], into: &leafValues, &agingValues)
      // Per-customer kernels by (group, customer) pair; the spare last slot collects nothing.
      var pairs: CustomerPairs? = nil
      if let pairStatement, let pairRows {
        var customerOfPair: [Int32] = []
        var pairsOfGroup = [[Int32]](repeating: [], count: groupCodes.count)
        var kept: [EngineRow] = []
        for row in pairRows[k] {
          guard let g = groupOf[labels.codes(row.keys, count: specs)], let id = row.keys[specs] else { continue }
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
        collect(pairStatement, kept, into: &pairValues, &pairAging)
        for (leaf, values) in pairValues { leafValues[leaf] = values + [0] }
        let p = CustomerPairs(customerOfPair: customerOfPair, pairsOfGroup: pairsOfGroup)
        for leaf in plan.leaves where leaf.perCustomer && leaf.metric == .creditLimit { leafValues[leaf] = p.creditLimits(ledger.customers) }
        pairs = p
      }
      let grouping = Grouping(whereMasks: [], rowGroups: [], groupCodes: groupCodes, labels: labels.labels.map { LabelList($0) }, present: nil,
                              used: plan.grouping.universes)
      // A share's whole, grouped by a linked dimension, sums its part over that dimension's values.
      for (leaf, values) in leafValues where leaf.whole && !leaf.perCustomer {
        leafValues[leaf] = wholeOverLinked(values, grouping, linkedSpecs: plan.linkedGroupSpecs)
      }
      return makePartial(q, grouping, leafValues, agingValues, topN: topN, context: contexts[k], pairs: pairs)
    }
  }

  /// The rows of each context, checked against the statement's shape, with their leaf values
  /// parsed as whole numbers.
  private func contextRows(_ rows: [[String?]], _ statement: SQLStatement, _ count: Int, _ connection: SQLConnection) throws -> [[EngineRow]] {
    let valueStart = 1 + statement.groupColumns
    var byContext = [[EngineRow]](repeating: [], count: count)
    for row in rows {
      guard row.count == valueStart + statement.columns.count, let k = row[0].flatMap({ Int($0) }), k >= 0, k < count else {
        throw EngineError(.engineFailure, "\(connection.displayName) returned a row arql did not ask for: \(row.map { $0 ?? "NULL" }.joined(separator: ", "))")
      }
      let values = try row[valueStart...].map { text -> Int64 in
        guard let value = Self.integer(text ?? "0") else {
          throw EngineError(.engineFailure, "\(connection.displayName) returned '\(text ?? "")' where arql expected a whole number of cents or days")
        }
        return value
      }
      byContext[k].append(EngineRow(keys: Array(row[1..<valueStart]), values: values))
    }
    return byContext
  }

  /// Rows grouped by a date under a grain, summed into the grain's buckets: the engine groups by
  /// the day, and every kernel value is a sum, so the buckets' sums are exact.
  private func bucketed(_ byContext: [[EngineRow]], _ grains: [TimeUnit?], _ connection: SQLConnection) throws -> [[EngineRow]] {
    guard grains.contains(where: { $0 != nil }) else { return byContext }
    return try byContext.map { rows in
      var merged: [EngineRow] = []
      var index: [[String?]: Int] = [:]
      for var row in rows {
        for (spec, grain) in grains.enumerated() {
          guard let grain, let text = row.keys[spec] else { continue }
          guard let day = Day.parseISO(String(text.prefix(10))) else {
            throw EngineError(.engineFailure, "\(connection.displayName) returned '\(text)' where arql expected a date")
          }
          row.keys[spec] = calendar.label(grain, calendar.start(of: grain, containing: day))
        }
        if let at = index[row.keys] {
          merged[at].values = zip(merged[at].values, row.values).map { $0 &+ $1 }
        } else {
          index[row.keys] = merged.count
          merged.append(row)
        }
      }
      return merged
    }
  }

  /// The leaf columns of `rows` (one row per group or pair) into leaf and aging values.
  private func collect(_ statement: SQLStatement, _ rows: [EngineRow], into leafValues: inout [MetricLeaf: [Int64]],
                       _ agingValues: inout [MetricLeaf: [[Int64]]])
  {
    for (c, column) in statement.columns.enumerated() {
      let values = rows.map { $0.values[c] }
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

  /// The label codes of the first `count` keys of a row.
  mutating func codes(_ keys: [String?], count: Int) -> [Int32] {
    (0..<count).map { spec in
      guard let label = keys[spec] else { return -1 }
      if let code = index[spec][label] { return code }
      let code = Int32(labels[spec].count)
      labels[spec].append(label)
      index[spec][label] = code
      return code
    }
  }
}
