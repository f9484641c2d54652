import ArqlLedger

extension Executor {
  /// The cash-application kernels (kpi-spec §8.2): receipts of the window, those matched
  /// automatically, those matched by D (amount, partly, and the days to match), and the cash
  /// still unmatched at D (amount, lines, amount × days since receipt).
  func matchingSum(_ kernel: MatchingKernel, _ context: EvaluationContext, _ snap: Snapshot?, _ mask: [Bool]?, _ groups: ColumnArray<Int32>,
                   _ groupCount: Int) -> [Int64]
  {
    let pay = ledger.payments
    let paid = pay.paymentDate
    let amount = pay.amount
    let target = pay.invoice
    let matchDate = pay.matchDate
    let d = context.asOf
    let (first, last) = (context.window.first, context.window.last)
    let unmatched = snap?.unappliedCash ?? []
    let open = snap?.open ?? []
    let automatic = autoMatchedFlags
    return groupedSum(pay.count, groups, mask, groupCount) { p in
      let received = paid[p] >= first && paid[p] <= last && paid[p] <= d
      switch kernel {
      case .receipts: return received ? 1 : 0
      case .autoMatched: return received && automatic[p] ? 1 : 0
      case .autoMatchedAmount: return received && automatic[p] ? amount[p] : 0
      case .matchedAmount: return received && !unmatched[p] ? amount[p] : 0
      case .matchLagDays, .matchesDated:
        guard received, !unmatched[p], let matched = matchDate[p], matched >= paid[p] else { return 0 }
        return kernel == .matchesDated ? 1 : Int64(matched - paid[p])
      case .partialMatches:
        // Matched to an invoice that the receipt left partly open.
        return received && !unmatched[p] && target[p] >= 0 && open[Int(target[p])] != 0 ? 1 : 0
      case .unmatchedCash: return unmatched[p] ? amount[p] : 0
      case .unmatchedCount: return unmatched[p] ? 1 : 0
      case .unmatchedDays: return unmatched[p] ? amount[p] &* Int64(d - paid[p]) : 0
      }
    }
  }
}
