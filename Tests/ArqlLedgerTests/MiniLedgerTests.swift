import Testing
@testable import ArqlLedger

/// kpi-spec.md §2: the derived building blocks of the mini-ledger, to the cent.
@Suite("Mini-ledger balances (kpi-spec §2)")
struct MiniLedgerTests {
  static let ledger: Ledger? = try? TestLedger.load(TestLedger.miniLedger).0

  @Test("row counts and defaults")
  func counts() throws {
    let ledger = try #require(Self.ledger)
    #expect(ledger.customers.count == 3)
    #expect(ledger.invoices.count == 11)
    #expect(ledger.payments.count == 6)
    #expect(ledger.disputes.count == 3)
    #expect(ledger.actions.count == 13)
    #expect(ledger.promises.count == 4)
    #expect(ledger.exposures.count == 2)
    #expect(ledger.surveys.count == 0)
    #expect(!ledger.loadedTables.contains(.surveys))
    #expect(ledger.latestPostingDate == TestLedger.day("2025-03-30"))
    // CN1 is stored negative and is a credit note.
    let cn = try #require(ledger.invoices.id.dictionary.firstIndex(of: "CN1"))
    #expect(ledger.invoices.amount[cn] == -100_000)
    #expect(ledger.invoices.docType[cn] == .creditNote)
    #expect(ledger.invoices.dueDateDefaulted.trueCount == 0)
    #expect(ledger.payments.invoice.filter { $0 < 0 }.count == 1)  // PU is unapplied
  }

  @Test("AR, current, overdue and unapplied at each month end", arguments: [
    ("2024-12-31", 15_000.0, 9_000.0, 6_000.0, 0.0),
    ("2025-01-31", 21_000.0, 17_000.0, 4_000.0, 0.0),
    ("2025-02-28", 16_500.0, 11_000.0, 6_500.0, -1_000.0),
    ("2025-03-31", 25_000.0, 18_000.0, 8_500.0, -1_500.0),
  ])
  func balances(date: String, ar: Double, current: Double, overdue: Double, unapplied: Double) throws {
    let ledger = try #require(Self.ledger)
    let b = ledger.balances(at: TestLedger.day(date))
    #expect(b.net == TestLedger.cents(ar))
    #expect(b.notDue == TestLedger.cents(current))
    #expect(b.overdue == TestLedger.cents(overdue))
    #expect(b.unapplied == TestLedger.cents(unapplied))
    #expect(b.grossOpen == b.notDue + b.overdue)
  }

  @Test("open amounts of each invoice at 2025-03-31 (kpi-spec §2 table)")
  func openAmounts() throws {
    let ledger = try #require(Self.ledger)
    let open = ledger.applications.openAmounts(at: TestLedger.day("2025-03-31"), invoices: ledger.invoices)
    let expected: [String: Double] = [
      "I1": 0, "I2": 2_500, "I3": 0, "I4": 0, "I5": 4_000, "I6": 6_000, "I7": 2_000, "I8": 7_000, "I9": 3_000, "I10": 2_000,
      "CN1": -1_000,
    ]
    for (id, amount) in expected {
      let row = try #require(ledger.invoices.id.dictionary.firstIndex(of: id))
      #expect(open[row] == TestLedger.cents(amount), "\(id)")
    }
    // Before I7's partial payment of 2025-03-25 it was fully open.
    let before = ledger.applications.openAmounts(at: TestLedger.day("2025-03-24"), invoices: ledger.invoices)
    let i7 = try #require(ledger.invoices.id.dictionary.firstIndex(of: "I7"))
    #expect(before[i7] == 500_000)
  }
}
