/// The two kinds of rows metrics aggregate: ledger documents (invoices, notes, write-offs)
/// and cash lines (receipts, applied or not).
enum Universe: Int, CaseIterable {
  case documents, cash
}
