/// The kinds of rows metrics aggregate: ledger documents (invoices, notes, write-offs), cash
/// lines (receipts, applied or not), and exposures outside the ledger (discounted bills not
/// yet matured, open orders, delivered not invoiced).
enum Universe: Int, CaseIterable {
  case documents, cash, exposures
}
