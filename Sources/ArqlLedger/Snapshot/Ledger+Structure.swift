extension Ledger {
  /// What makes the tables inconsistent, or nil: columns of one table of different lengths,
  /// a row reference or dictionary code out of range, an application index that does not
  /// cover the documents. A ledger read from a snapshot is checked before any kernel indexes
  /// into it, so a file that passes its checksum but was made by hand cannot crash arql.
  /// - Complexity: O(rows).
  public func structuralProblem() -> String? {
    var check = StructureCheck()
    let c = customers.count
    check.table("customers", c, dictionaries: [customers.id, customers.name, customers.division, customers.salesRep, customers.collector,
                                               customers.category, customers.country] + customers.extras.map(\.column),
                lengths: [customers.creditLimit.values.count, customers.paymentTermsDays.values.count],
                validities: [customers.creditLimit.validity, customers.paymentTermsDays.validity])
    let n = invoices.count
    check.table("invoices", n, dictionaries: [invoices.id, invoices.currency, invoices.division, invoices.salesRep, invoices.collector,
                                              invoices.status] + invoices.extras.map(\.column),
                lengths: [invoices.customer.count, invoices.docType.count, invoices.docDate.count, invoices.postingDate.count,
                          invoices.dueDate.count, invoices.appliesTo.count, invoices.amountCurrency.values.count, invoices.netAmount.values.count],
                validities: [invoices.amountCurrency.validity, invoices.netAmount.validity], bools: [invoices.dueDateDefaulted])
    check.rows("invoices.customer", invoices.customer, below: c, nullable: false)
    check.rows("invoices.applies_to", invoices.appliesTo, below: n, nullable: true)
    let p = payments.count
    check.table("payments", p, dictionaries: [payments.paymentId, payments.matchMethod, payments.user] + payments.extras.map(\.column),
                lengths: [payments.customer.count, payments.paymentDate.count, payments.invoice.count, payments.matchDate.values.count],
                validities: [payments.matchDate.validity])
    check.rows("payments.customer", payments.customer, below: c, nullable: false)
    check.rows("payments.invoice", payments.invoice, below: n, nullable: true)
    check.table("disputes", disputes.count, dictionaries: [disputes.id, disputes.reason, disputes.outcome, disputes.owner] + disputes.extras.map(\.column),
                lengths: [disputes.invoice.count, disputes.resolved.values.count, disputes.amount.values.count],
                validities: [disputes.resolved.validity, disputes.amount.validity])
    check.rows("disputes.invoice", disputes.invoice, below: n, nullable: false)
    check.table("actions", actions.count, dictionaries: [actions.id, actions.agent, actions.type, actions.outcome] + actions.extras.map(\.column),
                lengths: [actions.customer.count, actions.invoice.count])
    check.rows("actions.customer", actions.customer, below: c, nullable: false)
    check.rows("actions.invoice", actions.invoice, below: n, nullable: true)
    check.table("promises", promises.count, dictionaries: [promises.id, promises.status] + promises.extras.map(\.column),
                lengths: [promises.customer.count, promises.invoice.count, promises.promisedDate.count, promises.created.count],
                bools: [promises.cancelled])
    check.rows("promises.customer", promises.customer, below: c, nullable: false)
    check.rows("promises.invoice", promises.invoice, below: n, nullable: true)
    check.table("exposures", exposures.count, dictionaries: exposures.extras.map(\.column),
                lengths: [exposures.customer.count, exposures.kind.count, exposures.date.count])
    check.rows("exposures.customer", exposures.customer, below: c, nullable: false)
    check.table("surveys", surveys.count, dictionaries: [surveys.agent] + surveys.extras.map(\.column),
                lengths: [surveys.customer.count, surveys.score.count])
    check.rows("surveys.customer", surveys.customer, below: c, nullable: false)
    check.applications(applications, documents: n, payments: p)
    return check.problem
  }
}

/// Collects the first inconsistency found.
struct StructureCheck {
  var problem: String?

  mutating func fail(_ text: String) { if problem == nil { problem = text } }

  /// Every column of a table has its row count; dictionary codes point into their dictionary.
  mutating func table(_ name: String, _ count: Int, dictionaries: [DictionaryColumn], lengths: [Int], validities: [Validity] = [],
                      bools: [BoolColumn] = []) {
    guard problem == nil else { return }
    if lengths.contains(where: { $0 != count }) || dictionaries.contains(where: { $0.codes.count != count })
      || bools.contains(where: { $0.count != count || $0.words.count != (count + 63) / 64 })
      || validities.contains(where: { !$0.words.isEmpty && $0.words.count != (count + 63) / 64 })
    {
      return fail("the columns of \(name) have different lengths")
    }
    for column in dictionaries {
      let size = Int32(column.dictionary.count)
      if column.codes.contains(where: { $0 < -1 || $0 >= size }) { return fail("a code of \(name) is outside its dictionary") }
    }
  }

  /// Row references fall in the table they point to (-1 allowed where nullable).
  mutating func rows(_ name: String, _ values: [Int32], below limit: Int, nullable: Bool) {
    guard problem == nil else { return }
    let low: Int32 = nullable ? -1 : 0
    if values.contains(where: { $0 < low || Int($0) >= limit }) { fail("a row of \(name) points outside its table") }
  }

  /// Offsets run from 0 to the number of applications without going back; sources exist.
  mutating func applications(_ index: ApplicationIndex, documents: Int, payments: Int) {
    guard problem == nil else { return }
    let total = index.date.count
    guard index.offsets.count == documents + 1, index.amount.count == total, index.source.count == total, index.offsets.first == 0,
      index.offsets.last.map({ Int($0) == total }) ?? false
    else { return fail("the application index does not cover the documents") }
    for k in 0..<documents where index.offsets[k] > index.offsets[k + 1] { return fail("the application index goes back") }
    if index.source.contains(where: { Int($0) >= payments || $0 < -Int32(documents) }) { fail("an application's source is outside its table") }
  }
}
