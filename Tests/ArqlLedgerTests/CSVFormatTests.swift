import Foundation
import Testing
@testable import ArqlLedger

@Suite("CSV format features")
struct CSVFormatTests {
  @Test("RFC 4180 quoting: delimiters, doubled quotes and newlines inside fields; CRLF; BOM")
  func quoting() throws {
    let text = "\u{FEFF}customer_id,name,division\r\n"
      + "C1,\"Dupont, Fils & Cie\",North\r\n"
      + "C2,\"The \"\"Best\"\" Co\",South\r\n"
      + "C3,\"Two\r\nLines\",  North  \r\n"
      + "C4,5\" screens,\"\"\r\n"
    let dir = TestLedger.with([
      "customers.csv": text,
      "invoices.csv": "invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,10.00\n",
    ])
    let (ledger, _) = try TestLedger.load(dir)
    #expect(ledger.customers.id.dictionary == ["C1", "C2", "C3", "C4"])
    #expect(ledger.customers.name[0] == "Dupont, Fils & Cie")
    #expect(ledger.customers.name[1] == "The \"Best\" Co")
    #expect(ledger.customers.name[2] == "Two\r\nLines")
    #expect(ledger.customers.name[3] == "5\" screens")
    #expect(ledger.customers.division[2] == "North")
    #expect(ledger.customers.division[3] == nil)
  }

  @Test("delimiters ; | tab detected, decimal comma detected, dd/MM/yyyy detected", arguments: [";", "|", "\t"])
  func delimiters(delimiter: String) throws {
    let rows = [["invoice_id", "customer_id", "doc_date", "amount"], ["I1", "C1", "13/01/2025", "1234,50"],
                ["I2", "C1", "02/02/2025", "-12,5"]]
    let dir = TestLedger.with(["invoices.csv": rows.map { $0.joined(separator: delimiter) }.joined(separator: "\n") + "\n"])
    let (ledger, report) = try TestLedger.load(dir)
    #expect(ledger.invoices.amount == [123_450, -1_250])
    #expect(ledger.invoices.docDate == [TestLedger.day("2025-01-13"), TestLedger.day("2025-02-02")])
    let notes = report.tables[0].notes.joined(separator: "; ")
    #expect(notes.contains("decimal comma"))
    #expect(notes.contains("dd/MM/yyyy"))
  }

  @Test("thousands separators detected from amounts with both . and ,")
  func thousands() throws {
    let dir = TestLedger.with(["invoices.csv": "invoice_id;customer_id;doc_date;amount\nI1;C1;2025-01-01;1.234.567,89\nI2;C1;2025-01-02;12,00\n"])
    let (ledger, _) = try TestLedger.load(dir)
    #expect(ledger.invoices.amount == [123_456_789, 1_200])
  }

  @Test("ISO-8859-15 input is detected and transcoded")
  func latin9() throws {
    var bytes = Array("customer_id,name\nC1,Soci".utf8)
    bytes += [0xE9, 0x74, 0xE9, 0x20, 0xA4]  // "été €" in Latin-9
    bytes += Array("\n".utf8)
    let dir = TestLedger.withBytes([
      "customers.csv": bytes, "invoices.csv": Array("invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,1\n".utf8),
    ])
    let (ledger, report) = try TestLedger.load(dir)
    #expect(ledger.customers.name[0] == "Société €")
    #expect(report.tables[0].notes.contains("encoding ISO-8859-15 (detected)"))
  }

  @Test("yyyyMMdd and M/d/yyyy dates; parentheses when allowed")
  func datesAndParens() throws {
    let dir = TestLedger.with(["invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,20250105,20250204,(10.00)\n"])
    #expect(TestLedger.loadError(dir)?.code == .badAmount)
    var options = LoadOptions()
    options.csv.parenthesesAreNegative = true
    let (ledger, _) = try TestLedger.load(dir, options)
    #expect(ledger.invoices.amount == [-1_000])
    #expect(ledger.invoices.docType == [.creditNote])
    #expect(ledger.invoices.dueDate == [TestLedger.day("2025-02-04")])
  }

  @Test("ambiguous day/month dates ask for a format; giving it loads")
  func ambiguousDates() throws {
    let dir = TestLedger.with(["invoices.csv": "invoice_id,customer_id,doc_date,amount\nI1,C1,03/04/2025,1\nI2,C1,05/06/2025,1\n"])
    let error = try #require(TestLedger.loadError(dir))
    #expect(error.code == .ambiguousDates)
    #expect(error.notes.joined().contains("date_format"))
    var options = LoadOptions()
    options.csv.dateFormat = .monthDayYearSlash
    let (ledger, _) = try TestLedger.load(dir, options)
    #expect(ledger.invoices.docDate[0] == TestLedger.day("2025-03-04"))
  }

  @Test("unknown extra columns are kept as attributes; blank lines are skipped and counted")
  func extrasAndBlankLines() throws {
    let dir = TestLedger.with(["invoices.csv": "invoice_id,customer_id,doc_date,amount,region\n\nI1,C1,2025-01-01,1,EMEA\n,,,,\nI2,C1,2025-01-01,2,APAC\n"])
    let (ledger, report) = try TestLedger.load(dir)
    #expect(ledger.invoices.extras.map(\.name) == ["region"])
    #expect(ledger.invoices.extras[0].column.dictionary == ["EMEA", "APAC"])
    #expect(report.tables[0].read == 2)
    #expect(report.tables[0].notes.contains("2 blank lines skipped"))
  }

  @Test("large files are split over threads with the same result as one thread")
  func parallelEqualsSerial() throws {
    var text = "invoice_id,customer_id,doc_date,amount,division\n"
    for i in 0..<120_000 {
      text += "I\(i),C\(i % 977),2025-\(String(format: "%02d", i % 12 + 1))-\(String(format: "%02d", i % 28 + 1)),\(i % 5000).\(String(format: "%02d", i % 100)),\"D,\(i % 7)\"\n"
    }
    let dir = TestLedger.with(["invoices.csv": text])
    let (one, _) = try TestLedger.load(dir, LoadOptions(threads: 1))
    let (two, _) = try TestLedger.load(dir, LoadOptions(threads: 2))
    #expect(one.invoices.amount == two.invoices.amount)
    #expect(one.invoices.docDate == two.invoices.docDate)
    #expect(one.invoices.customer == two.invoices.customer)
    #expect(one.invoices.division == two.invoices.division)
    #expect(one.customers.id.dictionary == two.customers.id.dictionary)
    #expect(two.invoices.division.dictionary.count == 7)
    var expected: Int64 = 0
    for i in 0..<120_000 { expected += Int64(i % 5000) * 100 + Int64(i % 100) }
    #expect(two.invoices.amount.reduce(0, +) == expected)
  }
}
