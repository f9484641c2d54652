import ArqlLedger

extension Executor {
  /// Documents posted in the window: net credit sales and items issued (kpi-spec §2).
  func salesSum(_ kernel: SalesKernel, _ context: EvaluationContext, _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int)
    -> [Int64]
  {
    let inv = ledger.invoices
    let (first, last) = (context.window.first, context.window.last)
    let docMask = masks[Universe.documents.rawValue]
    let docGroups = rowGroups[Universe.documents.rawValue]
    let posting = inv.postingDate
    let amount = inv.amount
    let types = inv.docType
    let n = inv.count
    switch kernel {
    case .creditSales:
      return groupedSum(n, docGroups, docMask, groupCount) { r in
        let t = types[r]
        return posting[r] >= first && posting[r] <= last && t.isSale ? amount[r] : 0
      }
    case .itemCount:
      return groupedSum(n, docGroups, docMask, groupCount) { r in
        let t = types[r]
        return posting[r] >= first && posting[r] <= last && t.isIssued ? 1 : 0
      }
    }
  }
}
