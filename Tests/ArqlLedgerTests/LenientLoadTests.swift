import Foundation
import Testing
@testable import ArqlLedger

@Suite("Strict and lenient loads")
struct LenientLoadTests {
  static let files = [
    "customers.csv": "customer_id,name\nC1,A\nC2,B\nC2,dup\n",
    "invoices.csv": """
      invoice_id,customer_id,doc_date,amount
      I1,C1,2025-01-01,100.00
      I2,C1,2025-13-01,50.00
      I3,C9,2025-01-03,70.00
      I4,C2,2025-01-04,"1,5"
      I5,C2,2025-01-05,20.00

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id
      P1,C1,2025-01-10,100.00,I1
      P2,C1,2025-01-11,10.00,I2
      P3,C2,2025-01-12,5.00,I5
      P4,C2,2025-01-12,-5.00,I5

      """,
  ]

  @Test("a row rejected for another reason claims no id: a later valid row with its id loads (issue #16 item 4)")
  func rejectedRowsClaimNothing() throws {
    let dir = TestLedger.with([
      "customers.csv": "customer_id\nC1\n",
      "invoices.csv": "invoice_id,customer_id,doc_type,doc_date,amount\nI1,C9,INV,2025-01-10,100.00\nI1,C1,INV,2025-01-11,100.00\n"
        + "I2,C1,INV,2025-01-12,-50.00\nI2,C1,INV,2025-01-13,50.00\nI3,C1,INV,2025-01-14,10.00\nI3,C1,INV,2025-01-15,20.00\n",
    ])
    let (ledger, report) = try TestLedger.load(dir, LoadOptions(lenient: true, rejectDirectory: TestLedger.folder()))
    // I1 (unknown customer) and I2 (a negative invoice) are rejected and leave their ids to the
    // valid rows after them; the second I3 is a real duplicate.
    #expect(ledger.invoices.id.dictionary == ["I1", "I2", "I3"])
    #expect(ledger.invoices.amount == [10_000, 5_000, 1_000])
    let invoices = try #require(report.tables.first { $0.table == .invoices })
    #expect(invoices.read == 6 && invoices.loaded == 3 && invoices.rejected == 3)
  }

  @Test("a payment line repeated (same id, invoice, date, amount) is an error; a receipt split over invoices repeats its id (issue #16 item 6)")
  func repeatedPaymentLines() throws {
    let files = [
      "invoices.csv": "invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-10,100.00\nI2,C1,2025-01-11,50.00\n",
      "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-02-01,100.00,I1\nP1,C1,2025-02-01,30.00,I2\n"
        + "P1,C1,2025-02-01,20.00,I2\nP1,C1,2025-02-01,100.00,I1\n",
    ]
    let error = try #require(TestLedger.loadError(TestLedger.with(files)))
    #expect(error.code == .duplicateId)
    #expect(error.line == 5)
    #expect(error.message.contains("payment line repeated: payment_id 'P1' with the same invoice, date and amount as line 2"))
    let (ledger, _) = try TestLedger.load(TestLedger.with(files), LoadOptions(lenient: true, rejectDirectory: TestLedger.folder()))
    #expect(ledger.payments.amount == [10_000, 3_000, 2_000])  // the split over I1 and I2 (twice, different amounts) stays
  }

  @Test("strict mode is all-or-nothing")
  func strict() throws {
    let dir = TestLedger.with(Self.files)
    let error = try #require(TestLedger.loadError(dir))
    #expect(error.code == .badDate)  // the first problem in load order: rows are typed before references are checked
    #expect(error.line == 3)
  }

  @Test("lenient mode: read = loaded + rejected, and the reject files hold exactly the bad rows with their reasons")
  func lenient() throws {
    let dir = TestLedger.with(Self.files)
    let rejects = TestLedger.folder()
    let (ledger, report) = try TestLedger.load(dir, LoadOptions(lenient: true, rejectDirectory: rejects))
    for table in report.tables { #expect(table.read == table.loaded + table.rejected, "\(table.table)") }
    let byTable = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.table, $0) })
    #expect(byTable[.customers]?.rejected == 1)
    #expect(byTable[.invoices]?.rejected == 3)
    #expect(byTable[.payments]?.rejected == 2)
    #expect(ledger.invoices.id.dictionary == ["I1", "I5"])
    #expect(ledger.invoices.amount == [10_000, 2_000])
    #expect(ledger.payments.count == 2)
    #expect(ledger.payments.amount == [10_000, 500])

    let invoiceRejects = try String(contentsOfFile: rejects + "/invoices.rejects.csv", encoding: .utf8)
    let lines = invoiceRejects.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0] == "invoice_id,customer_id,doc_date,amount,arql_line,arql_error")
    #expect(lines[1].hasPrefix("I2,C1,2025-13-01,50.00,3,\"L031 "))
    #expect(lines[2].hasPrefix("I3,C9,2025-01-03,70.00,4,\"L041 unknown customer 'C9'"))
    #expect(lines[3].hasPrefix("I4,C2,2025-01-04,\"1,5\",5,\"L032 '1,5' is not an amount"))
    let paymentRejects = try String(contentsOfFile: rejects + "/payments.rejects.csv", encoding: .utf8)
    #expect(paymentRejects.contains("P2,C1,2025-01-11,10.00,I2,3,\"L042 unknown invoice 'I2' (its row at \(dir)/invoices.csv:3 was rejected)"))
    #expect(paymentRejects.contains("P4,C2,2025-01-12,-5.00,I5,5,\"L035 a payment amount must be positive"))
    let customerRejects = try String(contentsOfFile: rejects + "/customers.rejects.csv", encoding: .utf8)
    #expect(customerRejects.contains("C2,dup,4,\"L040 duplicate customer_id 'C2' (first at line 3)"))
    // The rejected rows, fixed, load through the same schema with the two extra columns ignored.
    var options = LoadOptions()
    options.tables[.invoices] = TableMapping(file: rejects + "/invoices.rejects.csv", ignored: ["arql_line", "arql_error"])
    let fixedDir = TestLedger.with(["customers.csv": "customer_id\nC1\nC2\nC9\n"])
    let reloadError = TestLedger.loadError(fixedDir, options)
    #expect(reloadError?.code == .badDate)  // I2's date is still wrong: nothing was silently altered
  }

  @Test("the unquoted amount 1,5 in a comma file is a field count problem, not a silent 1")
  func quotedCommaDecimal() throws {
    let dir = TestLedger.with(["invoices.csv": "invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,1,5\n"])
    #expect(TestLedger.loadError(dir)?.code == .fieldCount)
  }
}
