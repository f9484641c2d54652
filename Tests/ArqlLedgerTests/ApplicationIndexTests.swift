import Testing
@testable import ArqlLedger

@Suite("Point-in-time open amounts")
struct ApplicationIndexTests {
  static let customers = "customer_id,payment_terms_days\nC1,30\n"

  @Test("a credit note applied to an invoice reduces it from the credit note's posting date")
  func creditNoteApplies() throws {
    let dir = TestLedger.with([
      "customers.csv": Self.customers,
      "invoices.csv": """
        invoice_id,customer_id,doc_type,doc_date,amount,applies_to
        I1,C1,INV,2025-01-10,1000.00,
        CN1,C1,CN,2025-01-20,300.00,I1
        W1,C1,WO,2025-03-01,-200.00,I1
        """,
      "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-02-01,500.00,I1\n",
    ])
    let (ledger, _) = try TestLedger.load(dir)
    #expect(ledger.invoices.amount == [100_000, -30_000, -20_000])  // CN sign normalised
    func at(_ date: String) -> [Int64] { ledger.applications.openAmounts(at: TestLedger.day(date), invoices: ledger.invoices) }
    #expect(at("2025-01-19") == [100_000, 0, 0])
    #expect(at("2025-01-20") == [70_000, 0, 0])
    #expect(at("2025-02-01") == [20_000, 0, 0])
    #expect(at("2025-03-01") == [0, 0, 0])
    #expect(ledger.balances(at: TestLedger.day("2025-01-20")).net == 70_000)
    #expect(ledger.balances(at: TestLedger.day("2025-01-20")).unapplied == 0)
    #expect(ledger.balances(at: TestLedger.day("2025-03-01")).net == 0)
    // Due date defaulted from the customer's 30-day terms.
    #expect(ledger.invoices.dueDate[0] == TestLedger.day("2025-02-09"))
    #expect(ledger.invoices.dueDateDefaulted[0])
  }

  @Test("cash applied to an invoice posted later stays unapplied until the invoice is posted")
  func advancePayment() throws {
    let dir = TestLedger.with([
      "invoices.csv": "invoice_id,customer_id,doc_date,posting_date,due_date,amount\nI1,C1,2025-02-10,2025-02-12,2025-03-12,800.00\n",
      "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-02-01,800.00,I1\nP2,C1,2025-02-05,50.00,\n",
    ])
    let (ledger, _) = try TestLedger.load(dir)
    #expect(!ledger.customers.declared)
    #expect(ledger.customers.id.dictionary == ["C1"])
    let early = ledger.balances(at: TestLedger.day("2025-02-11"))
    #expect(early.grossOpen == 0)
    #expect(early.unapplied == -85_000)
    let posted = ledger.balances(at: TestLedger.day("2025-02-12"))
    #expect(posted.grossOpen == 0)
    #expect(posted.unapplied == -5_000)
    #expect(posted.net == -5_000)  // a credit balance stays negative
  }

  @Test("a document without doc_type is a credit note when negative; partial payments leave the rest open")
  func signInference() throws {
    let dir = TestLedger.with([
      "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nA,C1,2025-01-01,2025-01-31,100.00\nB,C1,2025-01-05,2025-01-05,-40.00\n",
      "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP,C1,2025-01-10,30.00,A\n",
    ])
    let (ledger, _) = try TestLedger.load(dir)
    #expect(ledger.invoices.docType == [.invoice, .creditNote])
    let b = ledger.balances(at: TestLedger.day("2025-02-01"))
    #expect(b.grossOpen == 7_000)
    #expect(b.overdue == 7_000)
    #expect(b.unapplied == -4_000)
    #expect(b.net == 3_000)
    let due = ledger.balances(at: TestLedger.day("2025-01-31"))
    #expect(due.overdue == 0)  // due today is not overdue
    #expect(due.notDue == 7_000)
  }
}
