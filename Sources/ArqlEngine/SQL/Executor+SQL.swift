import ArqlLedger

extension Executor {
  /// Evaluates contexts on an SQL engine: one statement for all of them (`SQLGenerator`), whose
  /// integer kernel values per group become the same partial rows as a native evaluation.
  func evaluateOnEngine(_ q: BoundQuery, _ plan: LogicalPlan, _ contexts: [EvaluationContext], _ connection: SQLConnection,
                        topN: LogicalPlan.TopNPushdown?) throws -> [Partial]
  {
    let generator = SQLGenerator(dialect: connection.dialect, calendar: calendar, parameters: parameters, dimensions: dimensions)
    let statement = try generator.statement(plan, contexts)
    let rows = try connection.rows(statement.text)
    try cancellation.check()
    let width = 1 + statement.groupColumns + statement.columns.count
    // Rows by context, in the engine's order (sorted by k and the groups).
    var byContext = [[[String?]]](repeating: [], count: contexts.count)
    for row in rows {
      guard row.count == width, let k = row[0].flatMap({ Int($0) }), k >= 0, k < contexts.count else {
        throw EngineError(.unsupported, "\(connection.displayName) returned a row arql did not ask for: \(row.map { $0 ?? "NULL" }.joined(separator: ", "))")
      }
      byContext[k].append(row)
    }
    var labelIndex = [[String: Int32]](repeating: [:], count: statement.groupColumns)
    var labels = [[String]](repeating: [], count: statement.groupColumns)
    return try contexts.indices.map { k in
      let contextRows = byContext[k]
      var groupCodes: [[Int32]] = []
      for row in contextRows {
        groupCodes.append((0..<statement.groupColumns).map { spec in
          guard let label = row[1 + spec] else { return -1 }
          if let code = labelIndex[spec][label] { return code }
          let code = Int32(labels[spec].count)
          labels[spec].append(label)
          labelIndex[spec][label] = code
          return code
        })
      }
      var leafValues: [MetricLeaf: [Int64]] = [:]
      var agingValues: [MetricLeaf: [[Int64]]] = [:]
      for (c, column) in statement.columns.enumerated() {
        let values = try contextRows.map { row -> Int64 in
          let text = row[1 + statement.groupColumns + c] ?? "0"
          guard let value = Self.integer(text) else {
            throw EngineError(.unsupported, "\(connection.displayName) returned '\(text)' where arql expected a whole number of cents or days")
          }
          return value
        }
        switch column.part {
        case .value: leafValues[column.leaf] = values
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
      let grouping = Grouping(whereMasks: [], rowGroups: [], groupCodes: groupCodes, labels: labels, present: nil, used: plan.grouping.universes)
      return makePartial(q, grouping, leafValues, agingValues, topN: topN, context: contexts[k], pairs: nil)
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
