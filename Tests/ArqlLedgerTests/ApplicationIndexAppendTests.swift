import Testing
@testable import ArqlLedger

/// The application index of an append is merged, not rebuilt (issue #13): it must equal the
/// full build entry for entry, ties of date included.
@Suite("Application index: merging an append")
struct ApplicationIndexAppendTests {
  /// Random documents and cash lines over a few days (many ties), the first `documents` and
  /// `lines` referring only to each other, the rest to anything earlier.
  static func tables(seed: UInt64, documents: Int, lines: Int, extraDocuments: Int, extraLines: Int)
    -> (InvoiceTable, PaymentTable)
  {
    var random = SplitMix64(seed: seed)
    func pick(_ n: Int) -> Int { Int(random.next() % UInt64(max(n, 1))) }
    var invoices = Ledger.empty.invoices
    var payments = Ledger.empty.payments
    for doc in 0..<(documents + extraDocuments) {
      let credit = doc > 0 && pick(4) == 0
      invoices.postingDate.append(Int32(20_000 + pick(6)))
      invoices.amount.append(Int64(credit ? -(1 + pick(500)) : 1 + pick(5_000)))
      // A credit settles an earlier debit that settles nothing itself (no chains).
      let target = credit ? pick(doc) : -1
      invoices.appliesTo.append(target >= 0 && invoices.appliesTo[target] < 0 ? Int32(target) : -1)
    }
    for line in 0..<(lines + extraLines) {
      let within = line < lines ? documents : documents + extraDocuments
      payments.invoice.append(within == 0 || pick(5) == 0 ? -1 : Int32(pick(within)))
      payments.paymentDate.append(Int32(20_000 + pick(6)))
      payments.amount.append(Int64(1 + pick(900)))
    }
    return (invoices, payments)
  }

  /// The first rows of the tables.
  static func prefix(_ invoices: InvoiceTable, _ payments: PaymentTable, documents: Int, lines: Int) -> (InvoiceTable, PaymentTable) {
    var i = invoices
    i.postingDate = ColumnArray(i.postingDate.prefix(documents))
    i.amount = ColumnArray(i.amount.prefix(documents))
    i.appliesTo = ColumnArray(i.appliesTo.prefix(documents))
    var p = payments
    p.invoice = ColumnArray(p.invoice.prefix(lines))
    p.paymentDate = ColumnArray(p.paymentDate.prefix(lines))
    p.amount = ColumnArray(p.amount.prefix(lines))
    return (i, p)
  }

  static func same(_ a: ApplicationIndex, _ b: ApplicationIndex) -> Bool {
    a.offsets == b.offsets && a.date == b.date && a.amount == b.amount && a.source == b.source
  }

  @Test("merged equals rebuilt, for 300 random ledgers and appends (ties of date, credits on old and new documents, empty appends)")
  func mergedEqualsRebuilt() {
    for seed in UInt64(1)...300 {
      let documents = Int(seed % 40), lines = Int(seed * 7 % 50)
      let extraDocuments = Int(seed % 3 == 0 ? 0 : seed % 13), extraLines = Int(seed % 5 == 0 ? 0 : seed % 17)
      let (invoices, payments) = Self.tables(seed: seed, documents: documents, lines: lines, extraDocuments: extraDocuments, extraLines: extraLines)
      let (oldInvoices, oldPayments) = Self.prefix(invoices, payments, documents: documents, lines: lines)
      let merged = ApplicationIndex(invoices: oldInvoices, payments: oldPayments)
        .appending(invoices: invoices, payments: payments, documents: documents, lines: lines)
      let rebuilt = ApplicationIndex(invoices: invoices, payments: payments)
      #expect(Self.same(merged, rebuilt), "seed \(seed): \(documents)+\(extraDocuments) documents, \(lines)+\(extraLines) lines")
    }
  }

  @Test("a new cash line on the date of an old credit goes before it; a new credit on that date goes after it")
  func tiesFollowTheFullBuild() {
    var invoices = Ledger.empty.invoices
    invoices.postingDate = [100, 105, 105]
    invoices.amount = [1_000, -100, -50]
    invoices.appliesTo = [-1, 0, 0]  // CN1 (old) and CN2 (new) both settle I1 on day 105
    var payments = Ledger.empty.payments
    payments.invoice = [0, 0]
    payments.paymentDate = [105, 105]  // P1 old, P2 new, both on day 105
    payments.amount = [10, 20]
    let (oldInvoices, oldPayments) = Self.prefix(invoices, payments, documents: 2, lines: 1)
    let merged = ApplicationIndex(invoices: oldInvoices, payments: oldPayments).appending(invoices: invoices, payments: payments, documents: 2, lines: 1)
    // I1's applications: P1, P2 (cash first, by line), then CN1, CN2 (by document).
    #expect(Array(merged.source[0..<4]) == [0, 1, -2, -3])
    #expect(Self.same(merged, ApplicationIndex(invoices: invoices, payments: payments)))
  }
}
