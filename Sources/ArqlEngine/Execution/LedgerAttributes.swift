import ArqlLedger

/// The attributes of rows that do not depend on the evaluation date, computed once per ledger
/// and cached: dimensions with their attribution rules (kpi-spec §1.7 and §1.9) and plain
/// columns. Documents take their own value, else their customer's; cash lines applied to an
/// invoice take the invoice's attribution, unapplied cash its customer's.
final class LedgerAttributes {
  let ledger: Ledger
  private var cache: [String: AttributeColumn] = [:]

  /// Whether each document is a debit item (counted in gross open receivables).
  let debitFlags: [Bool]

  /// The customers of customers.csv with no document, cash line or exposure: the rows of
  /// `Universe.customers`.
  let customersWithoutRows: ColumnArray<Int32>

  /// The open items' names: documents by their id, cash lines by their payment's.
  private(set) lazy var items = ItemIndex(ledger: ledger)

  /// Whether every application joins two rows of one customer: each payment applied to a
  /// document of its own customer, each credit note or adjustment to one of its own
  /// customer's documents. Then a customer's balance is its amounts less its cash
  /// (`Executor.balanceFromAmounts`). One pass, at the first query that asks.
  private(set) lazy var applicationsWithinCustomers: Bool = {
    let customer = ledger.invoices.customer
    let payments = ledger.payments
    for (p, target) in payments.invoice.enumerated() where target >= 0 && payments.customer[p] != customer[Int(target)] { return false }
    for (doc, target) in ledger.invoices.appliesTo.enumerated() where target >= 0 && customer[doc] != customer[Int(target)] { return false }
    return true
  }()

  private var layouts: [String: CustomerLayout?] = [:]

  /// The customer layout of a dimension over some universes (nil when it is not one), worked
  /// out once per ledger: it is a property of the ledger's rows, like the attributes.
  func customerLayout(_ name: String, _ universes: Set<Universe>) -> CustomerLayout? {
    let key = name + "|" + universes.map { String($0.rawValue) }.sorted().joined(separator: ",")
    if let known = layouts[key] { return known }
    let layout = CustomerLayout(name, universes, attributes: self)
    layouts[key] = layout
    return layout
  }

  /// What proves the amount-weighted day sums exact (one pass, at the first such query).
  private(set) lazy var amountDayBounds = AmountDayBounds(ledger: ledger)

  init(ledger: Ledger) {
    self.ledger = ledger
    debitFlags = (0..<ledger.invoices.count).map { ledger.isDebit($0) }
    var seen = [Bool](repeating: false, count: ledger.customers.count)
    for rows in [ledger.invoices.customer, ledger.payments.customer, ledger.exposures.customer] {
      for c in rows where c >= 0 && Int(c) < seen.count { seen[Int(c)] = true }
    }
    customersWithoutRows = ColumnArray(seen.indices.filter { !seen[$0] }.map { Int32($0) })
  }

  /// Text dimensions: on documents with a customer fallback.
  static let itemOverCustomer = ["division", "sales_rep", "collector"]
  /// Text dimensions of the customer.
  static let customerText = ["customer", "name", "customer_name", "category", "country"]
  /// Text columns of documents only.
  static let documentText = ["currency", "doc_type", "status", "invoice", "item"]
  /// Text columns of cash lines only.
  static let cashText = ["payment_id", "match_method", "user"]
  /// Numbers, dates and flags (some depend on the evaluation date: see `ContextAttributes`).
  static let numeric = ["amount", "net_amount", "credit_limit", "payment_terms_days"]
  static let dates = ["doc_date", "due_date", "posting_date", "payment_date", "match_date"]
  /// Columns of exposures only.
  static let exposureColumns = ["kind", "date"]
  /// The own columns of the linked universes (`reason` of disputes is in `ContextAttributes`:
  /// on documents it is the reason of the dispute open at the evaluation date).
  static let ownColumns: [Universe: [String]] = [
    .disputes: ["dispute", "owner", "outcome", "opened", "resolved"],
    .actions: ["action", "agent", "action_type", "action_outcome", "action_date"],
    .promises: ["promise", "promise_status", "promised_date", "promise_created"],
    .surveys: ["agent", "survey_date", "score"],
  ]

  /// The names of the built-in attributes.
  static let builtinList: [String] = {
    var seen = Set<String>()
    return (itemOverCustomer + customerText + documentText + cashText + numeric + dates + exposureColumns
      + Universe.allCases.flatMap { ownColumns[$0] ?? [] } + ContextAttributes.names).filter { seen.insert($0).inserted }
  }()
  static let builtinNames = Set(builtinList)

  /// The name a file's extra column is queried by: its own, lower-cased, or with `_file` when
  /// a built-in has it (`Disputed` beside the boolean `disputed` is `disputed_file`): a file
  /// column is never hidden behind a built-in (issue #16 item 8).
  static func extraName(_ column: String) -> String {
    let name = column.lowercased()
    return builtinNames.contains(name) ? name + "_file" : name
  }

  /// The extra columns of every table (`QueryEngine.extraColumns`); those of invoices and
  /// customers are queryable, typed as queries see them.
  var extraColumns: [(table: TableKind, file: String, name: String?, type: String)] {
    func type(_ column: DictionaryColumn) -> String {
      switch AttributeColumn.text(codes: column.codes, labels: column.dictionary).typedFromText() {
      case .number: return "number"
      case .day: return "date"
      case .bool: return "true/false"
      case .text: return "text"
      }
    }
    let queryable: [(TableKind, [NamedColumn])] = [(.invoices, ledger.invoices.extras), (.customers, ledger.customers.extras)]
    let kept: [(TableKind, [NamedColumn])] = [(.payments, ledger.payments.extras), (.disputes, ledger.disputes.extras),
                                              (.actions, ledger.actions.extras), (.promises, ledger.promises.extras),
                                              (.exposures, ledger.exposures.extras), (.surveys, ledger.surveys.extras)]
    return queryable.flatMap { table, extras in extras.map { (table, $0.name, Self.extraName($0.name), type($0.column)) } }
      + kept.flatMap { table, extras in extras.map { (table, $0.name, nil, type($0.column)) } }
  }

  /// Built-in names that a file column also has, and the name that file column goes by.
  var shadowed: [String: String] {
    var result: [String: String] = [:]
    for extra in ledger.invoices.extras + ledger.customers.extras where Self.builtinNames.contains(extra.name.lowercased()) {
      result[extra.name.lowercased()] = Self.extraName(extra.name)
    }
    return result
  }

  /// Every name a query can use as a dimension or column.
  var names: [String] {
    Self.builtinList + ledger.invoices.extras.map { Self.extraName($0.name) }
      + ledger.customers.extras.map { Self.extraName($0.name) }
  }

  /// The attribute `name` of the rows of `universe`, or nil when the name is unknown.
  func attribute(_ name: String, _ universe: Universe) -> AttributeColumn? {
    let key = "\(universe.rawValue):\(name)"
    if let cached = cache[key] { return cached }
    guard let column = compute(name, universe) else { return nil }
    cache[key] = column
    return column
  }

  private var invoices: InvoiceTable { ledger.invoices }
  private var payments: PaymentTable { ledger.payments }
  private var customers: CustomerTable { ledger.customers }

  /// The customer row of each row of a universe.
  func customerRows(_ universe: Universe) -> ColumnArray<Int32> {
    switch universe {
    case .documents: return invoices.customer
    case .cash: return payments.customer
    case .exposures: return ledger.exposures.customer
    case .disputes: return disputeCustomers
    case .actions: return ledger.actions.customer
    case .promises: return ledger.promises.customer
    case .surveys: return ledger.surveys.customer
    case .customers: return customersWithoutRows
    }
  }

  /// The customer of each dispute: its invoice's.
  private lazy var disputeCustomers = ColumnArray(ledger.disputes.invoice.map { $0 >= 0 ? invoices.customer[Int($0)] : -1 })

  private var spares: [Universe: ColumnArray<Int32>] = [:]

  /// A column of `value` for every row of a universe, kept: the pair of rows no per-customer
  /// metric reads, asked for by every such query.
  func constantRows(_ universe: Universe, _ value: Int32) -> ColumnArray<Int32> {
    if let kept = spares[universe], kept.first == value, kept.count == rowCount(universe) { return kept }
    let column = ColumnArray(repeating: value, count: rowCount(universe))
    spares[universe] = column
    return column
  }

  /// The number of rows of a universe.
  func rowCount(_ universe: Universe) -> Int {
    switch universe {
    case .documents: return invoices.count
    case .cash: return payments.count
    case .exposures: return ledger.exposures.count
    case .disputes: return ledger.disputes.count
    case .actions: return ledger.actions.count
    case .promises: return ledger.promises.count
    case .surveys: return ledger.surveys.count
    case .customers: return customersWithoutRows.count
    }
  }

  /// A linked universe's own column.
  private func ownAttribute(_ name: String, _ universe: Universe) -> AttributeColumn? {
    func text(_ c: DictionaryColumn) -> AttributeColumn { .text(codes: c.codes, labels: c.dictionary) }
    switch (universe, name) {
    case (.disputes, "dispute"): return text(ledger.disputes.id)
    case (.disputes, "owner"): return text(ledger.disputes.owner)
    case (.disputes, "outcome"): return text(ledger.disputes.outcome)
    case (.disputes, "opened"): return .day(values: ledger.disputes.opened, valid: nil)
    case (.disputes, "resolved"):
      return .day(values: ledger.disputes.resolved.values, valid: validFlags(ledger.disputes.resolved.validity, ledger.disputes.count))
    case (.actions, "action"): return text(ledger.actions.id)
    case (.actions, "agent"): return text(ledger.actions.agent)
    case (.actions, "action_type"): return text(ledger.actions.type)
    case (.actions, "action_outcome"): return text(ledger.actions.outcome)
    case (.actions, "action_date"): return .day(values: ledger.actions.date, valid: nil)
    case (.promises, "promise"): return text(ledger.promises.id)
    case (.promises, "promise_status"): return text(ledger.promises.status)
    case (.promises, "promised_date"): return .day(values: ledger.promises.promisedDate, valid: nil)
    case (.promises, "promise_created"): return .day(values: ledger.promises.created, valid: nil)
    case (.surveys, "agent"): return text(ledger.surveys.agent)
    case (.surveys, "survey_date"): return .day(values: ledger.surveys.date, valid: nil)
    case (.surveys, "score"): return .number(values: ledger.surveys.score.map { Int64($0) }, scale: 0, valid: nil)
    default: return nil
    }
  }

  /// An own column of another universe, seen from rows that do not have it: no value.
  private func foreignAttribute(_ name: String, of owner: Universe, count: Int) -> AttributeColumn? {
    guard let template = ownAttribute(name, owner) else { return nil }
    switch template {
    case .text(_, let labels): return .text(codes: [Int32](repeating: -1, count: count), labels: labels)
    case .number(_, let scale, _): return .number(values: [Int64](repeating: 0, count: count), scale: scale, valid: [Bool](repeating: false, count: count))
    case .day: return .day(values: [Int32](repeating: 0, count: count), valid: [Bool](repeating: false, count: count))
    case .bool: return .bool(values: [Bool](repeating: false, count: count))
    }
  }

  /// Rows linked to an invoice or a customer: their own columns; the customer's dimensions;
  /// dimensions kept on items too, from their invoice else their customer; every other
  /// document column from their invoice.
  private func linkedAttribute(_ name: String, _ universe: Universe) -> AttributeColumn? {
    if let own = ownAttribute(name, universe) { return own }
    switch name {
    case _ where Self.itemOverCustomer.contains(name):
      return viaDocumentElseCustomer(name, invoices: universe.linkedInvoices(in: ledger, customersWithoutRows: customersWithoutRows.count),
                                     customers: customerRows(universe))
    case "customer": return .text(codes: customerRows(universe), labels: customers.id.dictionary)
    case "name", "customer_name": return viaCustomer(customers.name, universe)
    case "category": return viaCustomer(customers.category, universe)
    case "country": return viaCustomer(customers.country, universe)
    case "credit_limit", "payment_terms_days": return customerNumber(name, universe)
    default:
      if let extra = customers.extras.first(where: { Self.extraName($0.name) == name }) { return viaCustomer(extra.column, universe).typedFromText() }
      return attribute(name, .documents)?.gathered(universe.linkedInvoices(in: ledger, customersWithoutRows: customersWithoutRows.count))
    }
  }

  /// A numeric column of the customer.
  private func customerNumber(_ name: String, _ universe: Universe) -> AttributeColumn {
    let rows = customerRows(universe)
    let column = name == "credit_limit" ? customers.creditLimit.values : customers.paymentTermsDays.values
    let validity = name == "credit_limit" ? customers.creditLimit.validity : customers.paymentTermsDays.validity
    return .number(values: rows.map { $0 >= 0 ? column[Int($0)] : 0 }, scale: name == "credit_limit" ? 2 : 0,
                   valid: rows.map { $0 >= 0 && validity.isValid(Int($0)) })
  }

  /// Exposure rows: customer dimensions, their kind, amount and date; nothing of documents.
  private func exposureAttribute(_ name: String) -> AttributeColumn? {
    let e = ledger.exposures
    let n = e.count
    switch name {
    case "division": return viaCustomer(customers.division, .exposures)
    case "sales_rep": return viaCustomer(customers.salesRep, .exposures)
    case "collector": return viaCustomer(customers.collector, .exposures)
    case "customer": return .text(codes: e.customer, labels: customers.id.dictionary)
    case "name", "customer_name": return viaCustomer(customers.name, .exposures)
    case "category": return viaCustomer(customers.category, .exposures)
    case "country": return viaCustomer(customers.country, .exposures)
    case "kind": return .text(codes: e.kind.map { Int32($0.rawValue) }, labels: ExposureTable.Kind.allCases.map(\.code))
    case "amount": return .number(values: e.amount, scale: 2, valid: nil)
    case "date": return .day(values: e.date, valid: nil)
    case "credit_limit", "payment_terms_days": return customerNumber(name, .exposures)
    default:
      if let extra = customers.extras.first(where: { Self.extraName($0.name) == name }) { return viaCustomer(extra.column, .exposures).typedFromText() }
      guard let template = attribute(name, .cash) else { return nil }
      // Anything else has no value on an exposure.
      switch template {
      case .text(_, let labels): return .text(codes: [Int32](repeating: -1, count: n), labels: labels)
      case .number(_, let scale, _): return .number(values: [Int64](repeating: 0, count: n), scale: scale, valid: [Bool](repeating: false, count: n))
      case .day: return .day(values: [Int32](repeating: 0, count: n), valid: [Bool](repeating: false, count: n))
      case .bool: return .bool(values: [Bool](repeating: false, count: n))
      }
    }
  }

  private func compute(_ name: String, _ universe: Universe) -> AttributeColumn? {
    if let own = ownAttribute(name, universe) { return own }
    if let owner = Universe.allCases.first(where: { Self.ownColumns[$0]?.contains(name) ?? false }) {
      return foreignAttribute(name, of: owner, count: rowCount(universe))
    }
    if !Universe.ledger.contains(universe) { return linkedAttribute(name, universe) }
    if universe == .exposures { return exposureAttribute(name) }
    let docs = universe == .documents
    switch name {
    case _ where Self.itemOverCustomer.contains(name):
      guard docs else { return viaDocumentElseCustomer(name, invoices: payments.invoice, customers: payments.customer) }
      let itemColumn: DictionaryColumn = name == "division" ? invoices.division : name == "sales_rep" ? invoices.salesRep : invoices.collector
      return mergedText(item: itemColumn, customer: customerColumn(name))
    case "customer":
      return .text(codes: customerRows(universe), labels: customers.id.dictionary)
    case "name", "customer_name":
      return viaCustomer(customers.name, universe)
    case "category":
      return viaCustomer(customers.category, universe)
    case "country":
      return viaCustomer(customers.country, universe)
    case "currency":
      return viaInvoice(invoices.currency, universe)
    case "status":
      return viaInvoice(invoices.status, universe)
    case "invoice":
      return viaInvoice(invoices.id, universe)
    case "item":
      // A document is its own item; a cash line is its payment's (what `list` shows).
      return .text(codes: docs ? invoices.id.codes : ColumnArray(items.cashCodes), labels: items.labels)
    case "doc_type":
      let labels = DocType.allCases.map(\.code) + ["PAY"]
      if docs { return .text(codes: invoices.docType.map { Int32($0.rawValue) }, labels: labels) }
      return .text(codes: [Int32](repeating: Int32(DocType.allCases.count), count: payments.count), labels: labels)
    case "payment_id":
      return docs ? .text(codes: [Int32](repeating: -1, count: invoices.count), labels: []) : .text(codes: payments.paymentId.codes, labels: payments.paymentId.dictionary)
    case "match_method":
      return docs ? .text(codes: [Int32](repeating: -1, count: invoices.count), labels: []) : .text(codes: payments.matchMethod.codes, labels: payments.matchMethod.dictionary)
    case "user":
      // Documents have a user when the file has the column (who booked an adjustment).
      if docs, let extra = invoices.extras.first(where: { $0.name.lowercased() == "user" }) { return viaInvoice(extra.column, universe) }
      return docs ? .text(codes: [Int32](repeating: -1, count: invoices.count), labels: []) : .text(codes: payments.user.codes, labels: payments.user.dictionary)
    case "amount":
      return .number(values: docs ? invoices.amount : payments.amount, scale: 2, valid: nil)
    case "net_amount":
      if docs { return .number(values: invoices.netAmount.values, scale: 2, valid: validFlags(invoices.netAmount.validity, invoices.count)) }
      return .number(values: [Int64](repeating: 0, count: payments.count), scale: 2, valid: [Bool](repeating: false, count: payments.count))
    case "credit_limit", "payment_terms_days":
      return customerNumber(name, universe)
    case "doc_date", "due_date", "posting_date":
      let column = name == "doc_date" ? invoices.docDate : name == "due_date" ? invoices.dueDate : invoices.postingDate
      if docs { return .day(values: column, valid: nil) }
      // Cash lines take the date of the invoice they pay.
      return .day(values: payments.invoice.map { $0 >= 0 ? column[Int($0)] : 0 }, valid: payments.invoice.map { $0 >= 0 })
    case "payment_date":
      if docs { return .day(values: [Int32](repeating: 0, count: invoices.count), valid: [Bool](repeating: false, count: invoices.count)) }
      return .day(values: payments.paymentDate, valid: nil)
    case "match_date":
      if docs { return .day(values: [Int32](repeating: 0, count: invoices.count), valid: [Bool](repeating: false, count: invoices.count)) }
      return .day(values: payments.matchDate.values, valid: validFlags(payments.matchDate.validity, payments.count))
    default:
      if let extra = invoices.extras.first(where: { Self.extraName($0.name) == name }) { return viaInvoice(extra.column, universe).typedFromText() }
      if let extra = customers.extras.first(where: { Self.extraName($0.name) == name }) { return viaCustomer(extra.column, universe).typedFromText() }
      return nil
    }
  }

  private func validFlags(_ validity: Validity, _ count: Int) -> [Bool]? {
    validity.nullCount == 0 ? nil : (0..<count).map { validity.isValid($0) }
  }

  /// A customer column seen from the rows of a universe.
  private func viaCustomer(_ column: DictionaryColumn, _ universe: Universe) -> AttributeColumn {
    let codes = customerRows(universe).map { $0 >= 0 ? column.codes[Int($0)] : -1 }
    return .text(codes: codes, labels: column.dictionary)
  }

  /// A document column seen from the rows of a universe (cash: the invoice it pays).
  private func viaInvoice(_ column: DictionaryColumn, _ universe: Universe) -> AttributeColumn {
    if universe == .documents { return .text(codes: column.codes, labels: column.dictionary) }
    return .text(codes: payments.invoice.map { $0 >= 0 ? column.codes[Int($0)] : -1 }, labels: column.dictionary)
  }

  /// The customers' column of a dimension kept on documents too.
  private func customerColumn(_ name: String) -> DictionaryColumn {
    name == "division" ? customers.division : name == "sales_rep" ? customers.salesRep : customers.collector
  }

  /// The documents' own value, else their customer's, in one list of labels.
  private func mergedText(item: DictionaryColumn, customer: DictionaryColumn) -> AttributeColumn {
    var labels = item.dictionary
    var index = Dictionary(labels.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
    let customerMap: [Int32] = customer.dictionary.map { value in
      if let code = index[value] { return code }
      let code = Int32(labels.count)
      labels.append(value)
      index[value] = code
      return code
    }
    let codes: [Int32] = (0..<invoices.count).map { r in
      if item.codes[r] >= 0 { return item.codes[r] }
      let row = invoices.customer[r]
      guard row >= 0, customer.codes[Int(row)] >= 0 else { return -1 }
      return customerMap[Int(customer.codes[Int(row)])]
    }
    return .text(codes: codes, labels: labels)
  }

  /// Rows that point at an invoice (cash lines, disputes, actions...) take the invoice's value
  /// of a dimension kept on documents (the documents' column, made once per ledger), and rows
  /// without one their customer's, through the same labels (which hold every customer value).
  private func viaDocumentElseCustomer(_ name: String, invoices linked: ColumnArray<Int32>, customers owners: ColumnArray<Int32>) -> AttributeColumn? {
    guard case .text(let codes, let labels)? = attribute(name, .documents) else { return nil }
    let customerColumn = customerColumn(name)
    let index = Dictionary(labels.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
    let customerCodes: [Int32] = customerColumn.dictionary.map { index[$0] ?? -1 }
    return .text(codes: (0..<linked.count).map { r in
      if linked[r] >= 0 { return codes[Int(linked[r])] }
      let c = owners[r]
      guard c >= 0, customerColumn.codes[Int(c)] >= 0 else { return -1 }
      return customerCodes[Int(customerColumn.codes[Int(c)])]
    }, labels: labels)
  }
}
