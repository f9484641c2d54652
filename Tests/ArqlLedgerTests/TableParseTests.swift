import Foundation
import Synchronization
import Testing
@testable import ArqlLedger

/// The tables of a ledger are parsed several at once, largest file first (`TableParse`); what a
/// load reports must not depend on that order: the tables are the serial parse's, and the
/// error is the one of the first table, in table order, whose file is bad.
@Suite("Tables parsed at once")
struct TableParseTests {
  /// customers.csv (first in table order, smallest) and payments.csv (largest, parsed first)
  /// each hold a bad value; invoices.csv is good.
  static func folder(badCustomers: Bool, badPayments: Bool, badInvoices: Bool = false, customersFile: Bool = true) -> String {
    var invoices = "invoice_id,customer_id,doc_date,amount\n"
    var payments = "payment_id,customer_id,payment_date,amount,invoice_id\n"
    for i in 1...2_000 {
      invoices += "I\(i),C\(i % 3 + 1),2025-01-\(String(format: "%02d", i % 28 + 1)),\(i).00\n"
      payments += "P\(i),C\(i % 3 + 1),2025-02-\(String(format: "%02d", i % 28 + 1)),\(i).00,I\(i)\n"
      payments += "Q\(i),C\(i % 3 + 1),2025-03-\(String(format: "%02d", i % 28 + 1)),1.00,\n"
    }
    if badPayments { payments += "P0,C1,2025-02-31,1.00,\n" }
    if badInvoices { invoices += "I0,C1,2025-01-01,ten\n" }
    let customers = "customer_id,name,credit_limit\nC1,A,100.00\nC2,B,\(badCustomers ? "lots" : "5.00")\nC3,C,\n"
    var files = ["invoices.csv": invoices, "payments.csv": payments]
    if customersFile { files["customers.csv"] = customers }
    return TestLedger.with(files)
  }

  @Test("the error is the first bad table's in table order, however the parses overlap", arguments: [1, 2, 4])
  func firstErrorInTableOrder(threads: Int) throws {
    let options = LoadOptions(threads: threads)
    let both = try #require(TestLedger.loadError(Self.folder(badCustomers: true, badPayments: true), options))
    #expect(both.file?.hasSuffix("customers.csv") == true, "\(both)")
    #expect(both.code == .badAmount)
    let payments = try #require(TestLedger.loadError(Self.folder(badCustomers: false, badPayments: true), options))
    #expect(payments.file?.hasSuffix("payments.csv") == true, "\(payments)")
    #expect(payments.code == .badDate && payments.line == 4_002)
  }

  /// Without customers.csv the customers are the ids the rows name: every file is parsed (in
  /// lanes, not `LoadPipeline`) before anything is built.
  @Test("without customers.csv, parsed in lanes: the error is still the first bad table's", arguments: [1, 2, 4])
  func firstErrorWithoutCustomers(threads: Int) throws {
    let options = LoadOptions(threads: threads)
    let both = try #require(TestLedger.loadError(Self.folder(badCustomers: false, badPayments: true, badInvoices: true, customersFile: false), options))
    #expect(both.file?.hasSuffix("invoices.csv") == true && both.code == .badAmount, "\(both)")
    let (ledger, report) = try TestLedger.load(Self.folder(badCustomers: false, badPayments: false, customersFile: false), options)
    #expect(ledger.customers.count == 3 && ledger.payments.count == 4_000)
    #expect(!report.phases.contains { $0.name == "build invoices" })
  }

  @Test("a whole-ledger build: the progress line is told each file as its parse starts, then the build")
  func progress() throws {
    let told = Mutex<[String]>([])
    var options = LoadOptions(threads: 1)
    options.progress = { text in told.withLock { $0.append(text) } }
    _ = try TestLedger.load(Self.folder(badCustomers: false, badPayments: false), options)
    let phases = told.withLock { $0 }
    #expect(Set(phases.prefix(3)) == ["reading customers.csv", "reading invoices.csv", "reading payments.csv"], "\(phases)")
    #expect(phases.last == "checking references and building the ledger", "\(phases)")
  }

  @Test("the tables and the report are the serial parse's")
  func sameAsSerial() throws {
    let dir = Self.folder(badCustomers: false, badPayments: false)
    let (serial, serialReport) = try TestLedger.load(dir, LoadOptions(threads: 1))
    let (parallel, report) = try TestLedger.load(dir, LoadOptions(threads: 2))
    #expect(parallel.invoices.count == 2_000 && parallel.payments.count == 4_000)
    #expect(Array(parallel.payments.amount) == Array(serial.payments.amount))
    #expect(Array(parallel.invoices.docDate) == Array(serial.invoices.docDate))
    #expect(report.tables.map(\.table) == serialReport.tables.map(\.table))
    #expect(report.tables.map(\.loaded) == serialReport.tables.map(\.loaded))
  }
}
