import ArqlLanguage
import ArqlLedger

extension Executor {
  /// Evaluates a query at many dates (the buckets of a grain) at once when nothing but the
  /// metrics depends on the date: one pass over the documents walks each one's applications
  /// through the sorted bucket ends, instead of one full snapshot per bucket.
  /// - Returns: nil when the query needs the general path.
  func evaluateSeries(_ q: BoundQuery, _ plan: LogicalPlan, _ contexts: [EvaluationContext]) throws -> [Partial]? {
    try cancellation.check()
    let leaves = plan.leaves
    let dates = contexts.map(\.asOf)
    let counts = rowCounts
    func lookup(_ universe: Universe) -> (String) -> AttributeColumn? { { name in self.attributes.attribute(name, universe) } }
    let grouping = try self.grouping(plan, lookup, counts: counts)
    let groupCount = grouping.groupCodes.count
    var perContext: [[MetricLeaf: [Int64]]] = Array(repeating: [:], count: contexts.count)
    for leaf in leaves {
      var masks = grouping.whereMasks
      if let filter = leaf.filter {
        for u in Universe.allCases where grouping.used.contains(u) {
          let m = try FilterEvaluator(count: counts[u.rawValue], parameters: parameters, lookup: lookup(u), defined: dimensions).mask(filter)
          masks[u.rawValue] = masks[u.rawValue].map { zip($0, m).map { $0 && $1 } } ?? m
        }
      }
      if leaf.metric.kind == .window {
        for (k, context) in contexts.enumerated() {
          let values = try sum(leaf, context, nil, masks, grouping.rowGroups, groupCount)
          perContext[k][leaf] = leaf.whole ? wholeOverLinked(values, grouping, linkedSpecs: plan.linkedGroupSpecs) : values
        }
      } else {
        guard case .position(let kernel) = leaf.metric.kernel.evaluator else { return nil }
        let series = seriesSum(kernel, dates, masks, grouping.rowGroups, groupCount)
        try cancellation.check()
        for k in 0..<contexts.count {
          perContext[k][leaf] = leaf.whole ? wholeOverLinked(series[k], grouping, linkedSpecs: plan.linkedGroupSpecs) : series[k]
        }
      }
    }
    return zip(perContext, contexts).map { makePartial(q, grouping, $0, [:], topN: nil, context: $1) }
  }

  /// A point-in-time sum at every date of `dates` (ascending), per group.
  func seriesSum(_ kernel: PositionKernel, _ dates: [Int32], _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int) -> [[Int64]] {
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
}
