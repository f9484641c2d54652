/// A loaded ledger: the native tables in columnar form plus the application index.
public struct Ledger: Sendable {
  public var customers: CustomerTable
  public var invoices: InvoiceTable
  public var payments: PaymentTable
  public var disputes: DisputeTable
  public var actions: ActionTable
  public var promises: PromiseTable
  public var exposures: ExposureTable
  public var surveys: SurveyTable
  /// The tables that came from a file (the others are empty).
  public var loadedTables: Set<TableKind>
  /// Applications per document, for point-in-time open amounts.
  public internal(set) var applications: ApplicationIndex

  init(
    customers: CustomerTable, invoices: InvoiceTable, payments: PaymentTable, disputes: DisputeTable, actions: ActionTable,
    promises: PromiseTable, exposures: ExposureTable, surveys: SurveyTable, loadedTables: Set<TableKind>
  ) {
    self.init(customers: customers, invoices: invoices, payments: payments, disputes: disputes, actions: actions, promises: promises,
              exposures: exposures, surveys: surveys, loadedTables: loadedTables,
              applications: ApplicationIndex(invoices: invoices, payments: payments))
  }

  /// A ledger whose application index is already built (read from a snapshot).
  init(
    customers: CustomerTable, invoices: InvoiceTable, payments: PaymentTable, disputes: DisputeTable, actions: ActionTable,
    promises: PromiseTable, exposures: ExposureTable, surveys: SurveyTable, loadedTables: Set<TableKind>, applications: ApplicationIndex
  ) {
    self.customers = customers
    self.invoices = invoices
    self.payments = payments
    self.disputes = disputes
    self.actions = actions
    self.promises = promises
    self.exposures = exposures
    self.surveys = surveys
    self.loadedTables = loadedTables
    self.applications = applications
  }

  /// The number of rows of a table.
  public func rowCount(_ table: TableKind) -> Int {
    switch table {
    case .customers: return customers.count
    case .invoices: return invoices.count
    case .payments: return payments.count
    case .disputes: return disputes.count
    case .actions: return actions.count
    case .promises: return promises.count
    case .exposures: return exposures.count
    case .surveys: return surveys.count
    }
  }

  /// The latest posting date of a document or cash line: the default as-of date.
  public var latestPostingDate: Int32? {
    let documents = invoices.postingDate.max()
    let cash = payments.paymentDate.max()
    switch (documents, cash) {
    case let (a?, b?): return max(a, b)
    case let (a?, nil): return a
    case let (nil, b?): return b
    default: return nil
    }
  }

  /// The earliest document or cash date.
  public var earliestDate: Int32? {
    [invoices.postingDate.min(), payments.paymentDate.min()].compactMap { $0 }.min()
  }

  /// Whether a document is a debit item (counted in gross open receivables) rather than a
  /// credit item (counted with unapplied credits).
  @inlinable
  public func isDebit(_ row: Int) -> Bool {
    switch invoices.docType[row].debitRule {
    case .always: return true
    case .never: return false
    case .whenNotNegative: return invoices.amount[row] >= 0
    }
  }

  /// The receivable building blocks at day `asOf` (kpi-spec §1.4).
  /// - Complexity: O(documents + applications + cash lines).
  public func balances(at asOf: Int32) -> Balances {
    let open = applications.openAmounts(at: asOf, invoices: invoices)
    var result = Balances(asOf: asOf)
    for row in 0..<invoices.count where invoices.postingDate[row] <= asOf {
      let value = open[row]
      if isDebit(row) && value < 0 {
        result.unapplied &+= value  // applied beyond its amount: the excess is unapplied credit
      } else if isDebit(row) {
        result.grossOpen &+= value
        if value != 0 {
          result.openItems += 1
          if asOf - invoices.dueDate[row] >= 1 { result.overdue &+= value } else { result.notDue &+= value }
        }
      } else {
        result.unapplied &+= value
      }
    }
    for line in 0..<payments.count where payments.paymentDate[line] <= asOf {
      let target = payments.invoice[line]
      if target < 0 || invoices.postingDate[Int(target)] > asOf { result.unapplied &-= payments.amount[line] }
    }
    return result
  }
}

extension Ledger {
  /// A ledger with no rows (for checking scripts without data).
  public static var empty: Ledger {
    let none = DictionaryColumn.allNull(count: 0)
    let invoices = InvoiceTable(
      id: none, customer: [], docType: [], docDate: [], postingDate: [], dueDate: [], dueDateDefaulted: BoolColumn(count: 0), amount: [],
      currency: none, amountCurrency: MoneyColumn(values: []), appliesTo: [], division: none, salesRep: none, collector: none,
      netAmount: MoneyColumn(values: []), status: none, extras: [])
    return Ledger(
      customers: .implicit(ids: []), invoices: invoices,
      payments: PaymentTable(paymentId: none, customer: [], paymentDate: [], amount: [], invoice: [], matchDate: DayColumn(values: []),
                             matchMethod: none, user: none, extras: []),
      disputes: DisputeTable(id: none, invoice: [], reason: none, opened: [], resolved: DayColumn(values: []), amount: MoneyColumn(values: []),
                             outcome: none, owner: none, extras: []),
      actions: ActionTable(id: none, customer: [], invoice: [], agent: none, type: none, date: [], outcome: none, extras: []),
      promises: PromiseTable(id: none, customer: [], invoice: [], amount: [], promisedDate: [], created: [], cancelled: BoolColumn(count: 0),
                             status: none, extras: []),
      exposures: ExposureTable(customer: [], kind: [], amount: [], date: [], extras: []),
      surveys: SurveyTable(date: [], customer: [], agent: none, score: [], extras: []), loadedTables: [])
  }
}
