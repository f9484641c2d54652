import ArqlLedger

/// The kinds of rows metrics aggregate: ledger documents (invoices, notes, write-offs), cash
/// lines (receipts, applied or not), and exposures outside the ledger (discounted bills not
/// yet matured, open orders, delivered not invoiced), and the rows of the tables linked to an
/// invoice or a customer — dispute episodes, collection actions, promises to pay, surveys —
/// which take every document dimension through their invoice, else their customer; and the
/// customers of customers.csv that have none of the ledger's rows (a credit limit and no
/// document yet), so that per-customer rollups of customer attributes count them too.
enum Universe: Int, CaseIterable {
  case documents, cash, exposures, disputes, actions, promises, surveys, customers

  /// The universes of the ledger's amounts; the others are counted by their own metrics.
  static let ledger: Set<Universe> = [.documents, .cash, .exposures]

  /// The invoice row of each row of a linked universe (-1: none); empty for the ledger's.
  /// `customersWithoutRows`: the row count of `.customers`.
  func linkedInvoices(in ledger: Ledger, customersWithoutRows: Int) -> ColumnArray<Int32> {
    switch self {
    case .documents, .cash, .exposures: return []
    case .disputes: return ledger.disputes.invoice
    case .actions: return ledger.actions.invoice
    case .promises: return ledger.promises.invoice
    case .surveys: return ColumnArray(repeating: -1, count: ledger.surveys.count)
    case .customers: return ColumnArray(repeating: -1, count: customersWithoutRows)
    }
  }
}
