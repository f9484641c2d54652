import ArqlLanguage
import ArqlLedger
import ArqlSupport

/// Turns evaluations into the result table: time buckets on a calendar spine (no missing
/// bucket), comparison columns, trend changes, `having`, ranking, order, limit and pivot.
struct Assembler {
  let executor: Executor
  let query: BoundQuery

  /// One output row before ordering: its group labels and cells.
  struct Row {
    var keys: [String]
    var values: [ResultValue]
    /// Each value's own flags (empty when it raised none).
    var flags: [Set<ResultFlag>] = []

    func flags(_ c: Int) -> Set<ResultFlag> { c < flags.count ? flags[c] : [] }
  }

  /// The partial rows of each context, fused into one pass when the plan says so.
  func evaluate(_ plan: LogicalPlan, _ contexts: [EvaluationContext], _ strategy: LogicalPlan.Strategy,
                topN: LogicalPlan.TopNPushdown?) throws -> [Executor.Partial]
  {
    if let connection = executor.connection { return try executor.evaluateOnEngine(query, plan, contexts, connection, topN: topN) }
    try checkWeightedSums(contexts)
    if strategy == .fused, let fused = try executor.evaluateSeries(query, plan, contexts) { return fused }
    return try contexts.map { try executor.evaluate(query, plan, $0, topN: topN) }
  }

  /// Refuses an item whose Σ amount × days could leave the exact 64-bit sums (AmountDayBounds).
  func checkWeightedSums(_ contexts: [EvaluationContext]) throws {
    guard let lastAsOf = contexts.map({ Swift.max($0.asOf, $0.window.last) }).max() else { return }
    for item in query.items {
      for leaf in item.tree.leaves {
        guard let factor = AmountDayBounds.Factor(leaf.metric.kernel.evaluator) else { continue }
        try executor.attributes.amountDayBounds.check(factor, metric: item.name, lastAsOf: lastAsOf)
      }
    }
  }

  func table() throws -> ResultTable {
    let calendar = executor.calendar
    var metricColumns: [(name: String, unit: MetricUnit)] = []
    for item in query.items {
      if let aging = item.aging {
        let unit: MetricUnit = aging.measure == .count ? .count : aging.measure == .percent ? .ratio : .money
        for bucket in aging.bucketNames + ["unapplied", "total"] { metricColumns.append(("\(item.name)_\(bucket)", unit)) }
      } else {
        metricColumns.append((item.name, item.unit))
      }
    }
    var dimensionNames = query.groups.map(\.name)
    let plan = Planner(calendar: calendar, dimensions: executor.dimensions).plan(query)
    let current = plan.contexts
    let partials = try evaluate(plan, current, plan.strategy, topN: plan.topN)
    var rows = try spine(partials, labels: current.map(\.bucket))
    if query.grain != nil { dimensionNames.insert(query.grain?.word ?? "period", at: 0) }
    // Comparison: the same evaluation shifted, joined by group (and bucket position).
    var columns = metricColumns
    if let comparison = plan.comparison {
      let prevPartials = try evaluate(plan, comparison.contexts, comparison.strategy, topN: nil)
      let prevRows = try spine(prevPartials, labels: current.map(\.bucket))  // labelled by the current buckets: join by position
      var byKey: [String: Row] = [:]
      for row in prevRows { byKey[row.keys.joined(separator: "\u{1F}")] = row }
      let width = metricColumns.count
      rows = rows.map { row in
        let prevRow = byKey[row.keys.joined(separator: "\u{1F}")]
        let prev = prevRow?.values ?? Array(repeating: ResultValue.null, count: width)
        var values = row.values
        var flags = (0..<row.values.count).map { row.flags($0) }
        for i in 0..<width {
          let now = row.values[i]
          let before = i < prev.count ? prev[i] : .null
          let beforeFlags = prevRow?.flags(i) ?? []
          values.append(before)
          values.append(TreeEvaluator.combine(.subtract, now, before))
          values.append(Assembler.changePercent(now, before))
          flags += [beforeFlags, beforeFlags.union(row.flags(i)), beforeFlags.union(row.flags(i))]
        }
        return Row(keys: row.keys, values: values, flags: flags)
      }
      for column in metricColumns {
        columns += [("\(column.name)_prev", column.unit), ("\(column.name)_change", column.unit), ("\(column.name)_change_pct", .ratio)]
      }
    }
    // Trend: change against the previous bucket of the same group.
    if query.trend && query.grain != nil {
      let width = metricColumns.count
      var last: [String: Row] = [:]
      rows = rows.map { row in
        let group = row.keys.dropFirst().joined(separator: "\u{1F}")
        var values = row.values
        var flags = (0..<row.values.count).map { row.flags($0) }
        for i in 0..<width {
          let before = last[group].map { $0.values[i] } ?? .null
          values.append(before == .null ? .null : TreeEvaluator.combine(.subtract, row.values[i], before))
          flags.append(row.flags(i).union(last[group]?.flags(i) ?? []))
        }
        last[group] = row
        return Row(keys: row.keys, values: values, flags: flags)
      }
      for column in metricColumns { columns.append(("\(column.name)_trend_change", column.unit)) }
    }
    var table = ResultTable(
      columns: dimensionNames.map { ResultTable.Column(name: $0, role: .dimension) }
        + columns.map { ResultTable.Column(name: $0.name, role: .metric, unit: $0.unit) },
      window: query.usesWindow || query.grain != nil ? query.window : nil, asOf: query.asOf, asOfSource: query.asOfSource,
      notes: query.notes)
    let aged = query.items.filter { $0.aging != nil }
    if aged.count == 1 { table.agingMetric = aged[0].name }
    rows = try having(rows, names: table.columns.map(\.name))
    rows = try order(rows, names: table.columns.map(\.name), dimensionCount: dimensionNames.count)
    for (r, row) in rows.enumerated() {
      for (c, key) in row.keys.enumerated() { table.columns[c].values.append(.text(key)) }
      for (c, value) in row.values.enumerated() {
        let column = dimensionNames.count + c
        table.columns[column].values.append(value)
        let flags = row.flags(c)
        if !flags.isEmpty { table.columns[column].cellFlags[r] = flags.map(\.rawValue).sorted() }
      }
    }
    if let pivot = query.pivot { table = try Assembler.pivot(table, by: pivot) }
    if let c = query.comparison { table.notes.append("vs \(c.label): window \(c.window), as of \(Day.iso(c.asOf))") }
    // A forecast says how its lines make up the open receivables at D.
    let forecasts = Set(query.items.forecastSpecs.filter(\.method.datesItems))
    for spec in forecasts.sorted(by: { ($0.method.rawValue, $0.rollForward ? 1 : 0) < ($1.method.rawValue, $1.rollForward ? 1 : 0) }) {
      let summary = try executor.forecastSummary(spec, asOf: query.asOf, horizon: query.window, filter: query.filter)
      let label = spec.method.rawValue + (spec.rollForward ? " rolled forward" : "")
      table.notes.append((forecasts.count > 1 ? label + " " : "") + summary.note)
      // One forecast series: its late and excluded lines go beside the bars of a chart.
      if forecasts.count == 1 && query.groups.isEmpty {
        table.memo = [ResultTable.MemoLine(label: "late vs forecast", value: .money(summary.late))]
          + (summary.excluded != 0 ? [ResultTable.MemoLine(label: "excluded (legal)", value: .money(summary.excluded))] : [])
      }
    }
    // Due dates defaulted from payment terms weigh on every due-date measure.
    let usesDueDates = query.items.contains { item in item.tree.leaves.contains(where: \.readsDueDates) }
    let facts = executor.engineFacts
    let defaulted = facts?.defaultedDueDates ?? executor.ledger.invoices.dueDateDefaulted.trueCount
    if usesDueDates && defaulted > 0 {
      table.flags[ResultFlag.missingDueDate.rawValue] = "\(defaulted) document\(defaulted == 1 ? "" : "s") without a due date: due = document date + payment terms"
    }
    // A FEC's aggregated opening balances have no invoice dates: every measure that ages says so.
    let ages = usesDueDates || query.items.contains { item in item.tree.leaves.contains { $0.aging != nil } }
    let status = executor.ledger.invoices.status
    let aggregated = facts?.aggregatedOpenings
      ?? status.dictionary.firstIndex(of: "opening_aggregated").map { status.codes.contains(Int32($0)) } ?? false
    if ages && aggregated {
      table.flags[ResultFlag.openingAggregated.rawValue] = ResultFlag.openingAggregated.meaning
    }
    for flag in executor.raised { table.flags[flag.rawValue] = flag.meaning }
    // Linked tables the ledger does not have: their metrics are unavailable, not zero.
    let leaves = query.items.flatMap { $0.tree.leaves }
    let tables: [(Universe, TableKind, String)] = [(.surveys, .surveys, "surveys.csv"), (.actions, .actions, "actions.csv"),
                                                    (.promises, .promises, "promises.csv"), (.disputes, .disputes, "disputes.csv")]
    let loaded = facts?.tablesWithRows ?? executor.ledger.loadedTables
    for (universe, kind, file) in tables where !loaded.contains(kind) && leaves.contains(where: { $0.metric.linkedUniverse == universe }) {
      table.notes.append("unavailable: this ledger has no \(file); its metrics are n/a or 0, not measured")
    }
    if leaves.contains(where: { $0.metric == .autoMatched || $0.metric == .autoMatchedAmount }) && !(facts?.matchMethods ?? executor.ledger.payments.matchMethod.hasValues) {
      table.notes.append("unavailable: the cash lines have no match_method (auto or manual; a FEC has none, the cash-application tool's "
        + "export does): automatic matching is 0, not measured")
    }
    let hasProvisions = facts.map(\.bookedProvisions) ?? ((try? executor.bookedProvisions()) != .some(nil))
    if leaves.contains(where: { $0.metric == .bookedProvision }) && !hasProvisions {
      table.notes.append("unavailable: invoices.csv has no provision column; booked provisions are 0, not measured")
    }
    // A built-in that a file column also names: say which one the result used.
    let shadowed = executor.attributes.shadowed
    for group in query.groups {
      guard let alias = shadowed[group.name.lowercased()] else { continue }
      table.notes.append("'\(group.name)' is the built-in dimension; the file's column of that name is '\(alias)'")
    }
    // A filter value no row has is most likely a typo: warn, flag, suggest (issue #18 item 3).
    let unknown = executor.connection != nil ? [] : FilterValueCheck(attributes: executor.attributes, parameters: executor.parameters).warnings(query.filter)
    if !unknown.isEmpty {
      table.notes += unknown
      table.flags[ResultFlag.unknownValue.rawValue] = ResultFlag.unknownValue.meaning
    }
    // A dimension that no measured row has: every row is unallocated; say so (issue #18 item 11).
    for column in table.columns where column.role == .dimension && !column.values.isEmpty
      && column.values.allSatisfy({ $0 == .text("(unallocated)") }) {
      table.notes.append("by \(column.name): none of the rows these metrics read has a value for \(column.name) (the file has no such column, "
        + "or it is empty there): everything is unallocated")
    }
    // A metric that is n/a everywhere says why, instead of a bare n/a (issue #16).
    for column in table.columns where column.role == .metric && !column.values.isEmpty && column.values.allSatisfy({ $0 == .null }) {
      let filtered = query.filter != nil ? " under the filter" : ""
      table.notes.append("n/a: \(column.name) has nothing to measure: what it divides by is 0 in the window\(filtered) "
        + "(no documents, cash or episodes it counts)")
    }
    return table
  }

  /// Rows of every bucket for every group seen in any bucket, in bucket order.
  func spine(_ partials: [Executor.Partial], labels: [String?]) throws -> [Row] {
    if partials.count == 1, labels.first.map({ $0 == nil }) ?? true {
      let p = partials[0]
      return p.keys.indices.map { Row(keys: p.keys[$0], values: p.values[$0], flags: $0 < p.flags.count ? p.flags[$0] : []) }
    }
    var groups: [[String]] = []
    var seen: Set<String> = []
    for p in partials {
      for key in p.keys where seen.insert(key.joined(separator: "\u{1F}")).inserted { groups.append(key) }
    }
    var rows: [Row] = []
    for (b, p) in partials.enumerated() {
      var index: [String: Int] = [:]
      for (i, key) in p.keys.enumerated() { index[key.joined(separator: "\u{1F}")] = i }
      for group in groups {
        let at = index[group.joined(separator: "\u{1F}")]
        let values = at.map { p.values[$0] } ?? emptyValues()
        let flags = at.flatMap { $0 < p.flags.count ? p.flags[$0] : nil } ?? []
        let bucket = labels.count > b ? labels[b] : nil
        rows.append(Row(keys: (bucket.map { [$0] } ?? []) + group, values: values, flags: flags))
      }
    }
    return rows
  }

  /// The cells of a group with no rows: sums are zero, ratios n/a.
  func emptyValues() -> [ResultValue] {
    var values: [ResultValue] = []
    for item in query.items {
      if let aging = item.aging {
        values += executor.agingRow(aging, [Int64](repeating: 0, count: aging.bucketNames.count + 1))
      } else {
        values.append(TreeEvaluator().value(item.tree) { _ in 0 })
      }
    }
    return values
  }

  static func changePercent(_ now: ResultValue, _ before: ResultValue) -> ResultValue {
    guard let a = now.doubleValue, let b = before.doubleValue, b != 0 else { return .null }
    return .number((a - b) / abs(b))
  }

  /// `having`, over the result's columns.
  func having(_ rows: [Row], names: [String]) throws -> [Row] {
    guard let condition = query.having else { return rows }
    var columns: [String: AttributeColumn] = [:]
    for (c, name) in names.enumerated() {
      let cells = rows.map { c < $0.keys.count ? ResultValue.text($0.keys[c]) : $0.values[c - $0.keys.count] }
      columns[name] = Assembler.attribute(cells)
    }
    let evaluator = FilterEvaluator(count: rows.count, parameters: executor.parameters, lookup: { columns[$0] }, defined: [:])
    let mask = try evaluator.mask(condition)
    return zip(rows, mask).filter { $1 }.map { $0.0 }
  }

  /// A result column as a filterable attribute (money and numbers in exact scaled integers).
  static func attribute(_ cells: [ResultValue]) -> AttributeColumn {
    if cells.contains(where: { if case .text = $0 { return true } else { return false } }) {
      var labels: [String] = []
      var index: [String: Int32] = [:]
      let codes: [Int32] = cells.map { cell in
        guard case .text(let s) = cell else { return -1 }
        if let c = index[s] { return c }
        index[s] = Int32(labels.count)
        labels.append(s)
        return Int32(labels.count - 1)
      }
      return .text(codes: codes, labels: labels)
    }
    // Scale 6 keeps ratios and days exact enough; money (scale 2) stays exact.
    let values: [Int64] = cells.map { cell in
      switch cell {
      case .money(let c): return c &* 10_000
      case .integer(let i): return i &* 1_000_000
      case .number(let d): return d.isFinite && abs(d) < 9e12 ? Int64((d * 1_000_000).rounded()) : 0
      default: return 0
      }
    }
    return .number(values: values, scale: 6, valid: cells.map { $0 != .null })
  }

  /// `order by`, `top|bottom N [per d]`, `limit`. Ties go to the group labels ascending.
  func order(_ rows: [Row], names: [String], dimensionCount: Int) throws -> [Row] {
    var keys: [(column: Int, descending: Bool)] = []
    for item in query.order ?? [] {
      let column: Int
      switch item.key {
      case .position(let p):
        guard p >= 1 && p <= names.count else {
          throw EngineError(.invalidArgument, "order by \(p): the result has \(names.count) columns")
        }
        column = p - 1
      case .name(let id):
        // An aged balance orders by its total when named as a whole (`order by aged_balance`).
        let aged = query.items.first { $0.aging != nil && $0.name == id.name }.flatMap { names.firstIndex(of: $0.name + "_total") }
        guard let c = names.firstIndex(of: id.name) ?? aged else {
          throw EngineError(.unknownDimension, "order by '\(id.name)': no such column in the result", at: id.range,
                            label: DidYouMean.suggestion(for: id.name, among: names).map { "did you mean '\($0)'?" },
                            notes: ["columns: " + names.joined(separator: ", ")])
        }
        column = c
      }
      keys.append((column, item.descending ?? false))  // ascending unless desc, as in SQL
    }
    if let ranking = query.ranking, keys.isEmpty, names.count > dimensionCount {
      // The first metric; for an aged balance, its total.
      let first = query.items.first?.aging != nil ? (names.firstIndex(of: "\(query.items[0].name)_total") ?? dimensionCount) : dimensionCount
      keys.append((first, ranking.top))
    } else if let ranking = query.ranking, query.order?.first?.descending == nil, !keys.isEmpty {
      // `top N` ranks a metric largest first unless asc is written, `bottom N` smallest first
      // (issue #18 item 2: `order by overdue top 20` must give the 20 largest).
      keys[0].descending = ranking.top && keys[0].column >= dimensionCount
    }
    func cell(_ row: Row, _ c: Int) -> ResultValue { c < row.keys.count ? .text(row.keys[c]) : row.values[c - row.keys.count] }
    // Sort keys computed once per row: numbers as doubles (n/a last), labels as strings.
    struct SortKey {
      var numbers: [Double]
      var texts: [String]
    }
    let sortColumns = keys.map(\.column) + (0..<dimensionCount)
    let prepared: [SortKey] = rows.map { row in
      var k = SortKey(numbers: [], texts: [])
      for c in sortColumns {
        switch cell(row, c) {
        case .text(let s): k.texts.append(s); k.numbers.append(0)
        case .null: k.texts.append(""); k.numbers.append(.nan)
        case let v: k.texts.append(""); k.numbers.append(v.doubleValue ?? .nan)
        }
      }
      return k
    }
    func before(_ a: Int, _ b: Int) -> Bool {
      for (i, c) in sortColumns.enumerated() {
        let descending = i < keys.count ? keys[i].descending : false
        let (x, y) = (prepared[a], prepared[b])
        if c < dimensionCount {
          let (s, t) = (x.texts[i], y.texts[i])
          if s != t { return descending ? Assembler.labelOrder(t, s) : Assembler.labelOrder(s, t) }
        } else {
          let (m, n) = (x.numbers[i], y.numbers[i])
          if m.isNaN != n.isNaN { return n.isNaN }  // n/a last
          if m != n && !m.isNaN { return descending ? m > n : m < n }
        }
      }
      return a < b
    }
    var indices = Array(rows.indices)
    if let ranking = query.ranking, ranking.per == nil, rows.count > 8 * ranking.count {
      // Top N: keep a sorted buffer of the best N instead of sorting everything.
      indices = TopN.select(indices, count: ranking.count, before: before)
    } else {
      indices.sort(by: before)
    }
    var sorted = indices.map { rows[$0] }
    if let ranking = query.ranking {
      if let per = ranking.per {
        guard let c = names.firstIndex(of: per.name), c < dimensionCount else {
          throw EngineError(.unknownDimension, "top ... per '\(per.name)': group by it too (by \(per.name), ...)", at: per.range)
        }
        var taken: [String: Int] = [:]
        sorted = sorted.filter { row in
          let k = row.keys[c]
          taken[k, default: 0] += 1
          return taken[k, default: 0] <= ranking.count
        }
        // Groups in label order, the rank order kept inside each.
        sorted = sorted.enumerated().sorted { a, b in
          a.element.keys[c] != b.element.keys[c] ? Assembler.labelOrder(a.element.keys[c], b.element.keys[c]) : a.offset < b.offset
        }.map(\.element)
      } else {
        sorted = Array(sorted.prefix(ranking.count))
      }
    }
    if let limit = query.limit { sorted = Array(sorted.prefix(limit)) }
    return sorted
  }

  /// Labels in natural order, "(unallocated)" last.
  static func labelOrder(_ a: String, _ b: String) -> Bool {
    let u = "(unallocated)"
    if a == u { return false }
    if b == u { return true }
    return a < b
  }

  /// `pivot by X`: the values of one dimension become columns.
  static func pivot(_ table: ResultTable, by pivot: PivotItem) throws -> ResultTable {
    let name: String
    switch pivot {
    case .grain(let unit): name = unit.word
    case .dimension(let d): name = d.name
    }
    guard let p = table.columns.firstIndex(where: { $0.role == .dimension && $0.name == name }) else {
      throw EngineError(.invalidArgument, "pivot by \(name): group by it too (by \(name), ...)")
    }
    let dims = table.columns.indices.filter { table.columns[$0].role == .dimension && $0 != p }
    let metrics = table.columns.indices.filter { table.columns[$0].role == .metric }
    var pivotValues: [String] = []
    var rowKeys: [[String]] = []
    var cells: [String: ResultValue] = [:]
    var flags: [String: [String]] = [:]
    for r in 0..<table.rowCount {
      let pv = table.columns[p].values[r].description
      if !pivotValues.contains(pv) { pivotValues.append(pv) }
      let key = dims.map { table.columns[$0].values[r].description }
      if !rowKeys.contains(key) { rowKeys.append(key) }
      for m in metrics {
        let cell = (key + [pv, table.columns[m].name]).joined(separator: "\u{1F}")
        cells[cell] = table.columns[m].values[r]
        flags[cell] = table.columns[m].cellFlags[r]
      }
    }
    var columns = dims.map { ResultTable.Column(name: table.columns[$0].name, role: .dimension) }
    for pv in pivotValues {
      for m in metrics {
        let name = metrics.count == 1 ? pv : "\(table.columns[m].name)_\(pv)"
        columns.append(ResultTable.Column(name: name, role: .metric, unit: table.columns[m].unit))
      }
    }
    for (r, key) in rowKeys.enumerated() {
      for (i, _) in dims.enumerated() { columns[i].values.append(.text(key[i])) }
      var c = dims.count
      for pv in pivotValues {
        for m in metrics {
          let cell = (key + [pv, table.columns[m].name]).joined(separator: "\u{1F}")
          columns[c].values.append(cells[cell] ?? .null)
          if let marks = flags[cell] { columns[c].cellFlags[r] = marks }
          c += 1
        }
      }
    }
    var result = table
    result.columns = columns
    return result
  }
}
