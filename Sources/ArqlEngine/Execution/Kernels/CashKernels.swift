import ArqlLedger

extension Executor {
  /// Cash of the window: every receipt (`collected`), or the cash applied in the window to
  /// debit items posted by D (kpi-spec §1.9) as an amount, a count, or the amount times days
  /// late, days to pay or days of terms (DBT and the payment averages, kpi-spec §3.5, §6.1).
  func cashSum(_ kernel: CashKernel, _ context: EvaluationContext, _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int)
    -> [Int64]
  {
    cashSums([kernel], context, masks, rowGroups, groupCount)[0]
  }

  /// Several cash kernels of one window in one pass over the cash lines (a payment delay
  /// reads three): the target, dates and debit flag of each line are read once, and the
  /// loop is a plain one over buffers rather than a closure a row.
  /// - Returns: per kernel, its sum per group.
  func cashSums(_ kernels: [CashKernel], _ context: EvaluationContext, _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int)
    -> [[Int64]]
  {
    let width = kernels.count
    let inv = ledger.invoices
    let pay = ledger.payments
    let d = context.asOf
    let (first, last) = (context.window.first, context.window.last)
    let cashMask = masks[Universe.cash.rawValue]
    let cashGroups = rowGroups[Universe.cash.rawValue]
    let n = pay.count
    let accumulators = Accumulators(width: groupCount * width, rows: n)
    let debit = attributes.debitFlags
    let (amount, paid, target, posting, due, docDate) = (pay.amount, pay.paymentDate, pay.invoice, inv.postingDate, inv.dueDate, inv.docDate)
    let flag = cancellation
    accumulators.run { k in
      let base = accumulators.slice(k)
      let rows = accumulators.range(k, rows: n)
      var start = rows.lowerBound
      while start < rows.upperBound && !flag.isCancelled {  // morsels of 64K rows between checks
        let stop = min(rows.upperBound, start + 65_536)
        for p in start..<stop {
          if let cashMask, !cashMask[p] { continue }
          let day = paid[p]
          guard day >= first, day <= last else { continue }
          let slot = base + Int(cashGroups[p]) * width
          let t = Int(target[p])
          let applied = t >= 0 && posting[t] <= d && debit[t]
          let a = amount[p]
          for i in 0..<width {
            switch kernels[i] {
            case .collected: slot[i] &+= a
            case _ where !applied: continue
            case .applied: slot[i] &+= a
            case .daysLate: slot[i] &+= a &* Int64(max(0, day - due[t]))
            case .daysToPay: slot[i] &+= a &* Int64(day - docDate[t])
            case .terms: slot[i] &+= a &* Int64(due[t] - docDate[t])
            case .count: slot[i] &+= 1
            case .daysLateCount: slot[i] &+= Int64(max(0, day - due[t]))
            case .daysLateSigned: slot[i] &+= a &* Int64(day - due[t])
            case .daysToPayCount: slot[i] &+= Int64(day - docDate[t])
            case .daysLateSignedCount: slot[i] &+= Int64(day - due[t])
            }
          }
        }
        start = stop
      }
    }
    return accumulators.mergedColumns(groupCount: groupCount)
  }
}
