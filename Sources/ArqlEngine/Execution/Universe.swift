/// The kinds of rows metrics aggregate: ledger documents (invoices, notes, write-offs), cash
/// lines (receipts, applied or not), and exposures outside the ledger (discounted bills not
/// yet matured, open orders, delivered not invoiced), and the rows of the tables linked to an
/// invoice or a customer — dispute episodes, collection actions, promises to pay, surveys —
/// which take every document dimension through their invoice, else their customer.
enum Universe: Int, CaseIterable {
  case documents, cash, exposures, disputes, actions, promises, surveys

  /// The universes of the ledger's amounts; the others are counted by their own metrics.
  static let ledger: Set<Universe> = [.documents, .cash, .exposures]
}
