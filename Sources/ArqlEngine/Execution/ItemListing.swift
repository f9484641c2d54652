import ArqlLanguage
import ArqlLedger
import ArqlSupport

/// The rows of `list`: a result grouped by `item` turned into one row per open item, with
/// what a credit manager reads beside the amount (customer, type, dates, days past due, the
/// open dispute and the last promise to pay), items that add nothing left out.
struct ItemListing {
  let ledger: Ledger
  let items: ItemIndex
  let asOf: Int32
  /// Where a promise stands at the as-of date.
  let promiseState: (Int) -> PromiseOutcome

  /// The columns before the metrics, after `item`.
  static let leading = ["customer", "name", "type", "doc_date", "due_date", "days_past_due"]
  /// The columns after the metrics.
  static let trailing = ["dispute", "promise"]

  /// One row per item of `totals` (grouped by `item`) that has an amount in some metric.
  func table(from totals: ResultTable) -> ResultTable {
    let allMetrics = totals.columns.indices.filter { totals.columns[$0].role == .metric }
    let rows = (0..<totals.rowCount).filter { r in allMetrics.contains { ItemListing.counts(totals.columns[$0].values[r]) } }
    // An aged balance lists each item in its bucket: one `bucket` column, then the total.
    let buckets = allMetrics.filter { totals.agingBucket(of: totals.columns[$0].name).map { $0.bucket != "total" } ?? false }
    let metrics = allMetrics.filter { !buckets.contains($0) }
    let disputes = openDisputes()
    let promises = lastPromises()
    let invoices = ledger.invoices
    let payments = ledger.payments
    let customers = ledger.customers
    func label(_ column: DictionaryColumn, _ row: Int32) -> ResultValue {
      guard row >= 0, Int(row) < column.codes.count, column.codes[Int(row)] >= 0 else { return .null }
      return .text(column.dictionary[Int(column.codes[Int(row)])])
    }
    var columns = [ResultTable.Column(name: "item", role: .dimension)]
    columns += ["customer", "name", "type", "doc_date", "due_date"].map { ResultTable.Column(name: $0, role: .dimension) }
    columns.append(ResultTable.Column(name: "days_past_due", role: .metric, unit: .days))
    if !buckets.isEmpty { columns.append(ResultTable.Column(name: "bucket", role: .dimension)) }
    for m in metrics { columns.append(ResultTable.Column(name: totals.columns[m].name, role: .metric, unit: totals.columns[m].unit)) }
    columns += ItemListing.trailing.map { ResultTable.Column(name: $0, role: .dimension) }
    for (n, r) in rows.enumerated() {
      guard case .text(let name) = totals.columns[0].values[r] else { continue }
      var info: [ResultValue] = [.null, .null, .null, .null, .null, .null]
      var trailing: [ResultValue] = [.text(""), .text("")]
      switch items.row(of: name) {
      case .document(let d)?:
        let customer = invoices.customer[d]
        let due = invoices.dueDate[d]
        let overdue = ledger.isDebit(d) ? Int64(max(0, asOf - due)) : nil
        info = [label(customers.id, customer), label(customers.name, customer), .text(invoices.docType[d].code),
                .text(Day.iso(invoices.docDate[d])), .text(Day.iso(due)), overdue.map { .integer($0) } ?? .null]
        if disputes[d] >= 0 { trailing[0] = disputeText(Int(disputes[d])) }
        if promises[d] >= 0 { trailing[1] = promiseText(Int(promises[d])) }
      case .cash(let p)?:
        let customer = payments.customer[p]
        info = [label(customers.id, customer), label(customers.name, customer), .text("PAY"), .text(Day.iso(payments.paymentDate[p])),
                .text(""), .null]
      case nil:
        break
      }
      let bucket: [ResultValue] = buckets.isEmpty ? [] : [
        .text(buckets.first { ItemListing.counts(totals.columns[$0].values[r]) }
          .flatMap { totals.agingBucket(of: totals.columns[$0].name)?.bucket }
          .map { ResultTable.agingRange($0) ?? $0 } ?? "")
      ]
      let cells = [ResultValue.text(name)] + info + bucket + metrics.map { totals.columns[$0].values[r] } + trailing
      for (c, value) in cells.enumerated() { columns[c].values.append(value) }
      let first = 1 + info.count + bucket.count
      for (k, m) in metrics.enumerated() where totals.columns[m].cellFlags[r] != nil {
        columns[first + k].cellFlags[n] = totals.columns[m].cellFlags[r]
      }
    }
    var table = ResultTable(columns: columns, window: nil, asOf: totals.asOf, asOfSource: totals.asOfSource)
    table.flags = totals.flags
    table.agingMetric = totals.agingMetric
    // What the rows add up to: the query's total without list.
    let sums = metrics.compactMap { m -> String? in
      let column = totals.columns[m]
      guard column.unit == .money, column.values.allSatisfy({ if case .money = $0 { return true } else { return $0 == .null } }) else { return nil }
      let total = column.values.reduce(Int64(0)) { sum, value in if case .money(let c) = value { return sum &+ c } else { return sum } }
      return "\(column.name) \(Money.format(total))"
    }
    let count = rows.count
    table.notes = ["\(count) open item\(count == 1 ? "" : "s")" + (sums.isEmpty ? "" : "; together: " + sums.joined(separator: ", "))]
      + totals.notes.filter { !$0.hasPrefix("by item") }
    return table
  }

  /// Whether a cell says the item adds something.
  static func counts(_ value: ResultValue) -> Bool {
    switch value {
    case .money(let c): return c != 0
    case .integer(let i): return i != 0
    case .number(let d): return d != 0 && d.isFinite
    case .text, .null: return false
    }
  }

  /// The dispute open at the as-of date on each document, or -1.
  private func openDisputes() -> [Int32] {
    var result = [Int32](repeating: -1, count: ledger.invoices.count)
    let d = ledger.disputes
    for row in 0..<d.count where d.opened[row] <= asOf && d.invoice[row] >= 0 {
      if let resolved = d.resolved[row], resolved <= asOf { continue }
      if result[Int(d.invoice[row])] < 0 { result[Int(d.invoice[row])] = Int32(row) }
    }
    return result
  }

  /// The last promise to pay made by the as-of date on each document (not cancelled), or -1.
  private func lastPromises() -> [Int32] {
    var result = [Int32](repeating: -1, count: ledger.invoices.count)
    let p = ledger.promises
    for row in 0..<p.count where p.created[row] <= asOf && p.invoice[row] >= 0 && !p.cancelled[row] {
      let invoice = Int(p.invoice[row])
      let last = result[invoice]
      if last < 0 || p.created[Int(last)] <= p.created[row] { result[invoice] = Int32(row) }
    }
    return result
  }

  /// "D0012 pricing since 2025-10-03".
  private func disputeText(_ row: Int) -> ResultValue {
    let d = ledger.disputes
    var parts: [String] = []
    if d.id.codes[row] >= 0 { parts.append(d.id.dictionary[Int(d.id.codes[row])]) }
    if d.reason.codes[row] >= 0 { parts.append(d.reason.dictionary[Int(d.reason.codes[row])]) }
    parts.append("since " + Day.iso(d.opened[row]))
    return .text(parts.joined(separator: " "))
  }

  /// "pending, 1,200.00 by 2026-01-15", "kept 2025-11-02", "broken 2025-11-10".
  private func promiseText(_ row: Int) -> ResultValue {
    let p = ledger.promises
    let outcome = promiseState(row)
    let promised = "\(Money.format(p.amount[row])) by \(Day.iso(p.promisedDate[row]))"
    switch outcome.state {
    case .pending: return .text("pending: " + promised)
    case .kept: return .text("kept " + (outcome.day.map(Day.iso) ?? ""))
    case .partial: return .text("partial: " + promised)
    case .broken: return .text("broken: " + promised)
    case .cancelled, .notYetMade: return .null
    }
  }

  /// Orders the rows (`order by` any column; `top N` / `bottom N` by the first amount; by
  /// customer and due date otherwise) and keeps `top`, `bottom` or `limit` rows.
  static func arrange(_ table: inout ResultTable, clauses: Clauses, range: SourceRange) throws {
    let names = table.columns.map(\.name)
    let firstMetric = leading.count + 1 + (names.contains("bucket") ? 1 : 0)
    var keys: [(column: Int, descending: Bool)] = []
    for item in clauses.order ?? [] {
      switch item.key {
      case .position(let p):
        guard p >= 1 && p <= names.count else { throw EngineError(.invalidArgument, "order by \(p): the list has \(names.count) columns", at: range) }
        keys.append((p - 1, item.descending ?? false))
      case .name(let id):
        let aged = table.agingMetric.flatMap { $0 == id.name ? names.firstIndex(of: id.name + "_total") : nil }
        guard let c = names.firstIndex(of: id.name) ?? aged else {
          throw EngineError(.unknownDimension, "order by '\(id.name)': no such column in the list", at: id.range,
                            label: DidYouMean.suggestion(for: id.name, among: names).map { "did you mean '\($0)'?" },
                            notes: ["columns: " + names.joined(separator: ", ")])
        }
        keys.append((c, item.descending ?? (clauses.ranking?.top ?? false)))
      }
    }
    if let ranking = clauses.ranking, keys.isEmpty {
      let total = table.agingMetric.flatMap { names.firstIndex(of: $0 + "_total") } ?? firstMetric
      keys.append((total, ranking.top))
    }
    if keys.isEmpty { keys = [(1, false), (5, false), (0, false)] }  // customer, due date, item
    let columns = table.columns
    func before(_ a: Int, _ b: Int) -> Bool {
      for (c, descending) in keys {
        // Empty text (a cash line's due date) sorts with n/a, last.
        let blank: (ResultValue) -> ResultValue = { $0 == .text("") ? .null : $0 }
        let (x, y) = (blank(columns[c].values[a]), blank(columns[c].values[b]))
        if x == y { continue }
        if x == .null || y == .null { return y == .null }  // n/a last
        if case .text(let s) = x, case .text(let t) = y { return descending ? t < s : s < t }
        let (m, n) = (x.doubleValue ?? 0, y.doubleValue ?? 0)
        if m != n { return descending ? m > n : m < n }
      }
      return a < b
    }
    var order = Array(0..<table.rowCount).sorted(by: before)
    if let count = clauses.ranking?.count { order = Array(order.prefix(count)) }
    if let limit = clauses.limit { order = Array(order.prefix(limit)) }
    if order.count < table.rowCount, !table.notes.isEmpty { table.notes[0] += " (\(order.count) shown)" }
    for c in table.columns.indices {
      let values = table.columns[c].values
      table.columns[c].values = order.map { values[$0] }
      let flags = table.columns[c].cellFlags
      table.columns[c].cellFlags = Dictionary(uniqueKeysWithValues: order.enumerated().compactMap { n, r in flags[r].map { (n, $0) } })
    }
  }
}
