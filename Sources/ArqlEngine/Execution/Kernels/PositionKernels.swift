import ArqlLedger

extension Executor {
  /// Open amounts at D (kpi-spec §1.3–§1.5, §1.9): one pass over the documents posted by D,
  /// and for `balance` and `unapplied` one over the cash not applied at D.
  func positionSum(_ kernel: PositionKernel, _ context: EvaluationContext, _ snap: Snapshot?, _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>],
                   _ groupCount: Int) -> [Int64]
  {
    let inv = ledger.invoices
    let d = context.asOf
    let docMask = masks[Universe.documents.rawValue]
    let docGroups = rowGroups[Universe.documents.rawValue]
    let posting = inv.postingDate
    let due = inv.dueDate
    let open = snap?.open ?? []  // point-in-time metrics always get a snapshot; debits never below 0
    let debit = attributes.debitFlags
    let n = inv.count
    var acc: [Int64]
    switch kernel {
    case .balance:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d ? open[r] : 0 }
    case .grossOpen:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] ? open[r] : 0 }
    case .overdue:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] && d - due[r] >= 1 ? open[r] : 0 }
    case .notDue:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] && d - due[r] <= 0 ? open[r] : 0 }
    case .unapplied:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && !debit[r] ? open[r] : 0 }
    case .openCount:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] && open[r] != 0 ? 1 : 0 }
    case .overdueDays:
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in
        posting[r] <= d && debit[r] && d - due[r] >= 1 ? open[r] &* Int64(d - due[r]) : 0
      }
    case .disputedAmount, .openDisputes:
      // Open disputed amount = max(0, min(open amount at D, the dispute's amount when given)).
      let dispute = snap?.openDispute ?? []
      let disputes = ledger.disputes.amount
      let counting = kernel == .openDisputes
      acc = groupedSum(n, docGroups, docMask, groupCount) { r in
        let k = dispute[r]
        guard k >= 0, posting[r] <= d else { return 0 }
        if counting { return 1 }
        return max(0, min(open[r], disputes[Int(k)] ?? open[r]))
      }
    }
    if kernel == .balance || kernel == .unapplied {
      // What was applied beyond a debit's amount is unapplied credit, not a negative open item.
      for (row, excess) in snap?.overApplied ?? [] where posting[Int(row)] <= d && (docMask?[Int(row)] ?? true) {
        acc[Int(docGroups[Int(row)])] &+= excess
      }
      let pay = ledger.payments
      let cashAmount = pay.amount
      let unapplied = snap?.unappliedCash ?? []
      let cash = groupedSum(pay.count, rowGroups[Universe.cash.rawValue], masks[Universe.cash.rawValue], groupCount) { p in
        unapplied[p] ? -cashAmount[p] : 0
      }
      for g in 0..<groupCount { acc[g] &+= cash[g] }
    }
    return acc
  }

  /// The balance at D of groups that hold both ends of every application (each customer's,
  /// when no payment or credit note applies to another customer's document): the amounts of
  /// the documents posted by D less the cash received by D. An application moves an amount
  /// between two rows of one group, and cash applied to a document posted after D is
  /// unapplied cash of that group, so the open amount of each item need not be known. Rows
  /// without a where mask only.
  func balanceFromAmounts(_ context: EvaluationContext, _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int) -> [Int64] {
    let d = context.asOf
    let (documents, cash) = (ledger.invoices, ledger.payments)
    let (docGroups, cashGroups) = (rowGroups[Universe.documents.rawValue], rowGroups[Universe.cash.rawValue])
    let accumulators = Accumulators(width: groupCount, rows: documents.count + cash.count)
    accumulators.run { k in
      let sums = accumulators.slice(k)
      // Each chunk takes its share of both tables; plain loops over the buffers.
      func add(_ dates: ColumnArray<Int32>, _ amounts: ColumnArray<Int64>, _ groups: ColumnArray<Int32>, sign: Int64) {
        let rows = accumulators.range(k, rows: dates.count)
        dates.withUnsafeBufferPointer { dates in
          amounts.withUnsafeBufferPointer { amounts in
            groups.withUnsafeBufferPointer { groups in
              for row in rows where dates[row] <= d { sums[Int(groups[row])] &+= sign &* amounts[row] }
            }
          }
        }
      }
      add(documents.postingDate, documents.amount, docGroups, sign: 1)
      add(cash.paymentDate, cash.amount, cashGroups, sign: -1)
    }
    return accumulators.merged()
  }
}
