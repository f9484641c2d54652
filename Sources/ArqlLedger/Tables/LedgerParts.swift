/// The tables of a ledger before they are joined into one: a whole load's, or an append's new
/// rows (with the customers table whole), whose references are rows of the combined tables.
struct LedgerParts {
  var customers: CustomerTable
  var invoices: InvoiceTable
  var payments: PaymentTable
  var disputes: DisputeTable
  var actions: ActionTable
  var promises: PromiseTable
  var exposures: ExposureTable
  var surveys: SurveyTable
  /// The tables read from a file.
  var tables: Set<TableKind>
}

extension Ledger {
  /// The ledger of a whole load's parts.
  init(_ parts: LedgerParts) {
    self.init(
      customers: parts.customers, invoices: parts.invoices, payments: parts.payments, disputes: parts.disputes, actions: parts.actions,
      promises: parts.promises, exposures: parts.exposures, surveys: parts.surveys, loadedTables: parts.tables)
  }
}
