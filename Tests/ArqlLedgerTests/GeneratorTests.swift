import Foundation
import Testing
@testable import ArqlLedger

@Suite("Ledger generator")
struct GeneratorTests {
  static func files(_ dir: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for kind in TableKind.allCases {
      result[kind.fileName] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + kind.fileName))
    }
    return result
  }

  @Test("same seed gives byte-identical files whatever the thread count; another seed differs")
  func determinism() throws {
    let config = GeneratorConfig(seed: 7, invoices: 30_000, customers: 20_000)
    let a = TestLedger.folder()
    let b = TestLedger.folder()
    let c = TestLedger.folder()
    try LedgerGenerator.generate(config, to: a, threads: 1)
    try LedgerGenerator.generate(config, to: b, threads: 2)
    try LedgerGenerator.generate(GeneratorConfig(seed: 8, invoices: 30_000, customers: 20_000), to: c, threads: 2)
    let fa = try Self.files(a)
    #expect(fa == (try Self.files(b)))
    #expect(fa[TableKind.invoices.fileName] != (try Self.files(c))[TableKind.invoices.fileName])
  }

  @Test("round trip: row counts and money sums of the load equal the generator's, to the cent")
  func roundTrip() throws {
    let dir = TestLedger.folder()
    let totals = try LedgerGenerator.generate(GeneratorConfig(seed: 3, invoices: 20_000), to: dir)
    let (ledger, report) = try TestLedger.load(dir)
    #expect(report.rejected == 0)
    for kind in TableKind.allCases { #expect(ledger.rowCount(kind) == totals.rows[kind] ?? 0, "\(kind)") }
    #expect(ledger.invoices.amount.reduce(0, +) == totals.amounts[.invoices])
    #expect(ledger.payments.amount.reduce(0, +) == totals.amounts[.payments])
    #expect(ledger.promises.amount.reduce(0, +) == totals.amounts[.promises])
    #expect(ledger.exposures.amount.reduce(0, +) == totals.amounts[.exposures])
    #expect(ledger.disputes.amount.sum == totals.amounts[.disputes])
    // Realism the KPIs depend on.
    let invoices = ledger.invoices.docType.filter { $0 == .invoice }.count
    #expect(invoices == 20_000)
    let creditNotes = ledger.invoices.docType.filter { $0 == .creditNote }.count
    #expect(Double(creditNotes) / Double(invoices) > 0.03)
    #expect(ledger.invoices.docType.contains(.writeOff))
    #expect(ledger.payments.invoice.contains(-1))  // unapplied cash
    #expect(Set(ledger.payments.paymentId.codes).count < ledger.payments.count)  // receipts settling several invoices
    #expect(ledger.customers.division.dictionary.count == 3)
    let b = try #require(ledger.latestPostingDate.map { ledger.balances(at: $0) })
    #expect(b.overdue > 0 && b.notDue > 0 && b.unapplied < 0)
  }
}
