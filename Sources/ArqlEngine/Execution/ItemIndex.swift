import ArqlLedger

/// What the `item` attribute names: a document by its id, a cash line by its payment id (the
/// lines of one payment are one item), or `cash YYYY-MM-DD #N` when the line has no id; and
/// the way back from a name to its rows, for `list`.
struct ItemIndex {
  /// Labels: the invoices' ids (their dictionary codes), then the cash items.
  let labels: LabelList
  /// The label code of each cash line.
  let cashCodes: [Int32]
  /// The first row of each label: a document row, or a cash row.
  let rows: [Row]

  enum Row: Equatable {
    case document(Int)
    case cash(Int)
  }

  init(ledger: Ledger) {
    let invoices = ledger.invoices
    var labels = invoices.id.dictionary
    var rows = [Row](repeating: .document(-1), count: labels.count)
    for r in 0..<invoices.count where invoices.id.codes[r] >= 0 { rows[Int(invoices.id.codes[r])] = .document(r) }
    var index = [String: Int32](minimumCapacity: labels.count)
    for (k, label) in labels.enumerated() { index[label] = Int32(k) }
    let payments = ledger.payments
    var byPayment = [Int32: Int32]()
    var cashCodes = [Int32](repeating: -1, count: payments.count)
    for p in 0..<payments.count {
      let id = payments.paymentId.codes[p]
      if id >= 0, let code = byPayment[id] {
        cashCodes[p] = code
        continue
      }
      var label = id >= 0 ? payments.paymentId.dictionary[Int(id)] : "cash \(Day.iso(payments.paymentDate[p])) #\(p + 1)"
      // A payment named like an invoice stays apart from it.
      if index[label] != nil { label += " (cash)" }
      let code = Int32(labels.count)
      labels.append(label)
      rows.append(.cash(p))
      index[label] = code
      cashCodes[p] = code
      if id >= 0 { byPayment[id] = code }
    }
    self.labels = labels
    self.cashCodes = cashCodes
    self.rows = rows
    self.index = index
  }

  private let index: [String: Int32]

  /// The rows an item's name stands for.
  func row(of label: String) -> Row? { index[label].map { rows[Int($0)] } }
}
