import ArqlLedger

extension Executor {
  /// The kernels over dispute episodes: opened or resolved in the window (with the days and
  /// amounts of the resolutions), open at the as-of date (with their days open). Open at D
  /// means opened ≤ D and not resolved by D (kpi-spec §1.9).
  func disputeSum(_ kernel: DisputeKernel, _ context: EvaluationContext, _ mask: [Bool]?, _ groups: ColumnArray<Int32>, _ groupCount: Int) -> [Int64] {
    let disputes = ledger.disputes
    let opened = disputes.opened
    let resolved = disputes.resolved
    let d = context.asOf
    let (first, last) = (context.window.first, context.window.last)
    let invoiceAmount = ledger.invoices.amount
    let target = disputes.invoice
    let amounts = disputes.amount
    let posting = ledger.invoices.postingDate
    let types = ledger.invoices.docType
    let firstEpisode = kernel == .firstOfInvoice ? firstDisputeEpisode : []
    return groupedSum(disputes.count, groups, mask, groupCount) { k in
      let closed = resolved[k]
      let resolvedInWindow = closed.map { $0 >= first && $0 <= last && $0 <= d && $0 >= opened[k] } ?? false
      // The disputed amount when given, else the invoice's.
      let amount = { amounts[k] ?? (target[k] >= 0 ? invoiceAmount[Int(target[k])] : 0) }
      switch kernel {
      case .opened: return opened[k] >= first && opened[k] <= last && opened[k] <= d ? 1 : 0
      case .resolved: return resolvedInWindow ? 1 : 0
      case .resolutionDays: return resolvedInWindow ? Int64((closed ?? 0) - opened[k]) : 0
      case .resolutionDaysAmount: return resolvedInWindow ? amount() &* Int64((closed ?? 0) - opened[k]) : 0
      case .resolvedAmount: return resolvedInWindow ? amount() : 0
      case .firstOfInvoice:
        // The window's invoice cohort (issued in W), disputed by D: its first episode counts.
        let t = Int(target[k])
        guard t >= 0, firstEpisode[t] == Int32(k), opened[k] <= d else { return 0 }
        return posting[t] >= first && posting[t] <= last && types[t].isIssued ? 1 : 0
      case .episodesOpen, .openDays:
        guard opened[k] <= d, (closed ?? .max) > d else { return 0 }
        return kernel == .episodesOpen ? 1 : Int64(d - opened[k])
      }
    }
  }
}
