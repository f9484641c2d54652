/// One table built on its own (`LoadPipeline`): a builder holding only that table's parsed
/// file, given what the tables it refers to produced. The steps are `buildParts`'s, so the
/// table is the one a whole-ledger build gives.
extension LedgerBuilder {
  /// What the tables a table refers to have produced, for building it apart.
  struct References {
    var customers: CustomerTable = Ledger.empty.customers
    var customerIndex = ReferenceIndex(ids: [])
    var invoiceIndex = ReferenceIndex(ids: [])
    /// The rejected customers' and documents' ids, for the messages of rows naming them.
    var rejectedIds: [TableKind: [String: String]] = [:]
  }

  /// A built table; customers and documents with the index later tables resolve against.
  enum BuiltTable {
    case customers(CustomerTable, ReferenceIndex)
    case invoices(InvoiceTable, ReferenceIndex)
    case payments(PaymentTable)
    case disputes(DisputeTable)
    case actions(ActionTable)
    case promises(PromiseTable)
    case exposures(ExposureTable)
    case surveys(SurveyTable)
  }

  /// Builds `kind` (an empty table when this builder holds no file for it), then lets its
  /// parsed columns go. Its parse rejects must have been noted and its sums checked
  /// (`noteParseRejects`, `checkSums(of:totals:)`).
  mutating func buildTable(_ kind: TableKind, references: References) throws -> BuiltTable {
    for (target, ids) in references.rejectedIds where target != kind { rejectedIds[target] = ids }
    let built: BuiltTable
    switch kind {
    case .customers:
      let (table, index) = try buildCustomers()
      built = .customers(table, index)
    case .invoices:
      let (table, index) = try buildInvoices(customers: references.customers, customerIndex: references.customerIndex)
      built = .invoices(table, index)
    case .payments:
      built = .payments(try buildPayments(customerIndex: references.customerIndex, invoiceIndex: references.invoiceIndex))
    case .disputes:
      built = .disputes(try buildDisputes(invoiceIndex: references.invoiceIndex))
    case .actions:
      built = .actions(try buildActions(customerIndex: references.customerIndex, invoiceIndex: references.invoiceIndex))
    case .promises:
      built = .promises(try buildPromises(customerIndex: references.customerIndex, invoiceIndex: references.invoiceIndex))
    case .exposures:
      built = .exposures(try buildExposures(customerIndex: references.customerIndex))
    case .surveys:
      built = .surveys(try buildSurveys(customerIndex: references.customerIndex))
    }
    letGo(kind)
    return built
  }

  /// The tables `kind`'s build resolves against, which must be built first.
  static func referencedTables(of kind: TableKind) -> [TableKind] {
    switch kind {
    case .customers: return []
    case .invoices, .exposures, .surveys: return [.customers]
    case .payments, .disputes, .actions, .promises: return [.customers, .invoices]
    }
  }
}

extension LedgerParts {
  /// The ledger's parts from each table built apart; a table missing from `built` is empty.
  init(_ built: [TableKind: LedgerBuilder.BuiltTable], tables: Set<TableKind>) {
    let empty = Ledger.empty
    self.init(customers: empty.customers, invoices: empty.invoices, payments: empty.payments, disputes: empty.disputes,
              actions: empty.actions, promises: empty.promises, exposures: empty.exposures, surveys: empty.surveys, tables: tables)
    for table in built.values {
      switch table {
      case .customers(let t, _): customers = t
      case .invoices(let t, _): invoices = t
      case .payments(let t): payments = t
      case .disputes(let t): disputes = t
      case .actions(let t): actions = t
      case .promises(let t): promises = t
      case .exposures(let t): exposures = t
      case .surveys(let t): surveys = t
      }
    }
  }
}
