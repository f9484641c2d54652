/// The kinds of rows metrics aggregate: ledger documents (invoices, notes, write-offs), cash
/// lines (receipts, applied or not), and exposures outside the ledger (discounted bills not
/// yet matured, open orders, delivered not invoiced), and dispute episodes (each row of
/// disputes.csv, seen through its invoice for every document dimension).
enum Universe: Int, CaseIterable {
  case documents, cash, exposures, disputes
}
