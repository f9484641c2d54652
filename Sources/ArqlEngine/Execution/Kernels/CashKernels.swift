import ArqlLedger

extension Executor {
  /// Cash of the window: every receipt (`collected`), or the cash applied in the window to
  /// debit items posted by D (kpi-spec §1.9) as an amount, a count, or the amount times days
  /// late, days to pay or days of terms (DBT and the payment averages, kpi-spec §3.5, §6.1).
  func cashSum(_ kernel: CashKernel, _ context: EvaluationContext, _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int)
    -> [Int64]
  {
    let inv = ledger.invoices
    let pay = ledger.payments
    let d = context.asOf
    let (first, last) = (context.window.first, context.window.last)
    let cashMask = masks[Universe.cash.rawValue]
    let cashGroups = rowGroups[Universe.cash.rawValue]
    let cashAmount = pay.amount
    let paid = pay.paymentDate
    if kernel == .collected {
      return groupedSum(pay.count, cashGroups, cashMask, groupCount) { p in paid[p] >= first && paid[p] <= last ? cashAmount[p] : 0 }
    }
    let posting = inv.postingDate
    let due = inv.dueDate
    let docDate = inv.docDate
    let debit = attributes.debitFlags
    let target = pay.invoice
    return groupedSum(pay.count, cashGroups, cashMask, groupCount) { p in
      let t = Int(target[p])
      guard t >= 0, paid[p] >= first, paid[p] <= last, posting[t] <= d, debit[t] else { return 0 }
      switch kernel {
      case .collected, .applied: return cashAmount[p]
      case .daysLate: return cashAmount[p] &* Int64(max(0, paid[p] - due[t]))
      case .daysToPay: return cashAmount[p] &* Int64(paid[p] - docDate[t])
      case .terms: return cashAmount[p] &* Int64(due[t] - docDate[t])
      case .count: return 1
      case .daysLateCount: return Int64(max(0, paid[p] - due[t]))
      case .daysLateSigned: return cashAmount[p] &* Int64(paid[p] - due[t])
      case .daysToPayCount: return Int64(paid[p] - docDate[t])
      case .daysLateSignedCount: return Int64(paid[p] - due[t])
      }
    }
  }
}
