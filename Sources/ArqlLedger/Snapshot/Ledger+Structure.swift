extension Ledger {
  /// What would make the tables inconsistent: columns of one table of different lengths, a row
  /// reference, dictionary code or date out of range, an application index that does not cover
  /// the documents. A ledger read from a snapshot is checked before any kernel indexes into it,
  /// so a file that passes its checksum but was made by hand cannot crash arql. Lengths are
  /// checked here; the value ranges are gathered for `SnapshotVerifier`, which checks them while
  /// it reads the file (`StructureCheck.problem(outside:)` then says the first problem).
  func structureCheck() -> StructureCheck {
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
    // Dates in the years a load reads, and terms a load accepts: the engine's day arithmetic
    // and amounts are sized for what a load can give, and a snapshot gives no more.
    let days: [(String, ColumnArray<Int32>)] = [
      ("invoices.doc_date", invoices.docDate), ("invoices.posting_date", invoices.postingDate), ("invoices.due_date", invoices.dueDate),
      ("payments.payment_date", payments.paymentDate), ("payments.match_date", payments.matchDate.values),
      ("disputes.opened", disputes.opened), ("disputes.resolved", disputes.resolved.values), ("actions.date", actions.date),
      ("promises.promised_date", promises.promisedDate), ("promises.created", promises.created), ("exposures.date", exposures.date),
      ("surveys.date", surveys.date), ("the application index", applications.date),
    ]
    for (name, values) in days { check.days(name, values) }
    if customers.paymentTermsDays.values.contains(where: { !(0...3650).contains($0) }) {
      check.fail("a payment term of customers is outside 0 to 3650 days")
    }
    return check
  }
}

/// Collects the first inconsistency found. Lengths are checked as they come; the value ranges
/// (a pass over every code and row reference) are gathered and checked at the end on all cores.
struct StructureCheck {
  var problem: String?
  /// Columns whose values must fall in `low..<high`, and what to say if one does not.
  private(set) var ranges: [SnapshotVerifier.RangeCheck] = []
  private var messages: [String] = []

  mutating func fail(_ text: String) { if problem == nil { problem = text } }

  /// Every column of a table has its row count; dictionary codes point into their dictionary.
  mutating func table(_ name: String, _ count: Int, dictionaries: [DictionaryColumn], lengths: [Int], validities: [Validity] = [],
                      bools: [BoolColumn] = []) {
    guard problem == nil else { return }
    if lengths.contains(where: { $0 != count }) || dictionaries.contains(where: { $0.codes.count != count })
      || bools.contains(where: { $0.count != count || $0.words.count != (count + 63) / 64 })
      // A bitmap is read only when the column has nulls: then it must cover every row.
      || validities.contains(where: { $0.words.isEmpty ? $0.nullCount != 0 : $0.words.count != (count + 63) / 64 })
    {
      return fail("the columns of \(name) have different lengths")
    }
    for column in dictionaries {
      range(column.codes, -1, Int64(column.dictionary.count), "a code of \(name) is outside its dictionary")
    }
  }

  /// Row references fall in the table they point to (-1 allowed where nullable).
  mutating func rows(_ name: String, _ values: ColumnArray<Int32>, below limit: Int, nullable: Bool) {
    guard problem == nil else { return }
    range(values, nullable ? -1 : 0, Int64(limit), "a row of \(name) points outside its table")
  }

  /// Days fall between `Day.earliest` and `Day.latest` (a null row's 0 does).
  mutating func days(_ name: String, _ values: ColumnArray<Int32>) {
    guard problem == nil else { return }
    range(values, Day.earliest, Int64(Day.latest) + 1, "a date of \(name) is outside the years arql reads (1000 to 9999)")
  }

  /// Offsets run from 0 to the number of applications without going back; sources exist.
  mutating func applications(_ index: ApplicationIndex, documents: Int, payments: Int) {
    guard problem == nil else { return }
    let total = index.date.count
    guard index.offsets.count == documents + 1, index.amount.count == total, index.source.count == total, index.offsets.first == 0,
      index.offsets.last.map({ Int($0) == total }) ?? false
    else { return fail("the application index does not cover the documents") }
    let backwards = index.offsets.withUnsafeBufferPointer { offsets in
      var back = 0
      for k in 0..<documents { back |= offsets[k] > offsets[k + 1] ? 1 : 0 }
      return back != 0
    }
    if backwards { return fail("the application index goes back") }
    range(index.source, Int32(clamping: -documents), Int64(payments), "an application's source is outside its table")
  }

  private mutating func range(_ values: ColumnArray<Int32>, _ low: Int32, _ high: Int64, _ message: String) {
    ranges.append(SnapshotVerifier.RangeCheck(values: values, low: low, high: high))
    messages.append(message)
  }

  /// The first problem: a length one, or the first range (in the order they were added) that a
  /// value falls outside of (`outside`, per range, from `SnapshotVerifier.verify`).
  func problem(outside: [Bool]) -> String? {
    if let problem { return problem }
    return ranges.indices.first { outside[$0] }.map { messages[$0] }
  }
}
