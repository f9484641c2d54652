import ArqlLedger

extension Executor {
  /// The net credit sales of every period, per group, in one pass over the documents:
  /// `[period][group]`.
  func periodSales(_ periods: [DateRange], _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int) -> [[Int64]] {
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

  /// The aged balance per bucket (then unapplied) per group; counts or amounts. One pass over
  /// the documents and one over the cash lines, split over the cores.
  func aging(_ spec: AgingSpec, _ snap: Snapshot, _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int) -> [[Int64]] {
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
    // The excess applied to a debit is unapplied credit.
    for (row, excess) in snap.overApplied where posting[Int(row)] <= d && (docMask?[Int(row)] ?? true) {
      result[bucketCount][Int(docGroups[Int(row)])] &+= counting ? 1 : excess
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
}
