import ArqlLedger

/// The attributes that depend on the evaluation date: open amount, days past due, age, and
/// whether an invoice is in dispute (with the dispute's reason).
struct ContextAttributes {
  static let names = ["open_amount", "days_past_due", "age", "disputed", "reason", "owner", "outcome"]

  let ledger: Ledger
  /// The evaluation date.
  let asOf: Int32
  /// The ledger's state at `asOf`, asked for only by the attributes that read it (once per
  /// attribute, never per row): a query that groups by customer attributes alone never
  /// computes it.
  let state: () -> Snapshot
  /// The row count of `Universe.customers`.
  var customersWithoutRows = 0

  func attribute(_ name: String, _ universe: Universe) -> AttributeColumn? {
    let invoices = ledger.invoices
    let payments = ledger.payments
    let d = asOf
    if universe == .disputes {
      // A dispute episode's own reason; its owner and outcome are its own columns too.
      if name == "reason" { return .text(codes: ledger.disputes.reason.codes, labels: ledger.disputes.reason.dictionary) }
      if name == "owner" || name == "outcome" { return nil }
    }
    if !Universe.ledger.contains(universe) {
      let linked = universe.linkedInvoices(in: ledger, customersWithoutRows: customersWithoutRows)
      // Through the invoice; rows without one have no open amount, age or dispute.
      return attribute(name, .documents)?.gathered(linked)
    }
    if universe == .exposures {
      let e = ledger.exposures
      switch name {
      case "open_amount": return .number(values: (0..<e.count).map { e.date[$0] <= d ? e.amount[$0] : 0 }, scale: 2, valid: nil)
      case "days_past_due": return .number(values: [Int64](repeating: 0, count: e.count), scale: 0, valid: [Bool](repeating: false, count: e.count))
      case "age": return .number(values: e.date.map { Int64(d - $0) }, scale: 0, valid: nil)
      case "disputed": return .bool(values: [Bool](repeating: false, count: e.count))
      case "reason": return .text(codes: [Int32](repeating: 0, count: e.count), labels: ["(no dispute)"])
      default: return nil
      }
    }
    let docs = universe == .documents
    switch name {
    case "open_amount":
      let snapshot = state()
      if docs { return .number(values: snapshot.open, scale: 2, valid: nil) }
      let unapplied = snapshot.unappliedCash
      return .number(values: (0..<payments.count).map { unapplied[$0] ? -payments.amount[$0] : 0 }, scale: 2, valid: nil)
    case "days_past_due":
      if docs { return .number(values: invoices.dueDate.map { Int64(d - $0) }, scale: 0, valid: nil) }
      return .number(values: [Int64](repeating: 0, count: payments.count), scale: 0, valid: [Bool](repeating: false, count: payments.count))
    case "age":
      if docs { return .number(values: invoices.docDate.map { Int64(d - $0) }, scale: 0, valid: nil) }
      return .number(values: payments.paymentDate.map { Int64(d - $0) }, scale: 0, valid: nil)
    case "disputed":
      let dispute = state().openDispute
      if docs { return .bool(values: dispute.map { $0 >= 0 }) }
      return .bool(values: payments.invoice.map { $0 >= 0 && dispute[Int($0)] >= 0 })
    case "reason", "owner", "outcome":
      // The document's dispute open at D (kpi-spec §5: "by dispute reason: price 2 500; none 24 000").
      let column = name == "reason" ? ledger.disputes.reason : name == "owner" ? ledger.disputes.owner : ledger.disputes.outcome
      let labels = column.dictionary + ["(no dispute)"]
      let none = Int32(column.dictionary.count)
      let dispute = state().openDispute
      let documentCodes: [Int32] = dispute.map { $0 >= 0 ? max(-1, column.codes[Int($0)]) : none }
      if docs { return .text(codes: documentCodes, labels: labels) }
      return .text(codes: payments.invoice.map { $0 >= 0 ? documentCodes[Int($0)] : none }, labels: labels)
    default:
      return nil
    }
  }
}
