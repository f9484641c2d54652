import Foundation
import Synchronization
import Testing
@testable import ArqlLedger

/// With two threads a ledger's files are parsed and its tables built at once (`LoadPipeline`);
/// with one, every file is parsed and then the tables built in turn. Whatever the overlap, a
/// load gives the same ledger, the same rejects, and in strict mode the same error.
@Suite("Files parsed and tables built at once")
struct LoadPipelineTests {
  static func pipelined(_ report: LoadReport) -> Bool { report.phases.contains { $0.name == "build invoices" } }

  static func generated(seed: UInt64) throws -> String {
    let dir = TestLedger.folder()
    try LedgerGenerator.generate(GeneratorConfig(seed: seed, invoices: 6_000), to: dir, threads: 1)
    return dir
  }

  @Test("a generated ledger: every column, the application index and the report equal the serial load's", arguments: [11, 12])
  func sameLedger(seed: UInt64) throws {
    let dir = try Self.generated(seed: seed)
    let (serial, serialReport) = try TestLedger.load(dir, LoadOptions(threads: 1))
    for threads in [2, 3] {
      let (ledger, report) = try TestLedger.load(dir, LoadOptions(threads: threads))
      #expect(Self.pipelined(report) && !Self.pipelined(serialReport))
      #expect(try LedgerAppenderTests.encoded(ledger) == LedgerAppenderTests.encoded(serial))
      #expect(ledger.loadedTables == serial.loadedTables)
      #expect(report.tables.map(\.table) == serialReport.tables.map(\.table))
      #expect(report.tables.map(\.loaded) == serialReport.tables.map(\.loaded))
      #expect(report.tables.map(\.notes) == serialReport.tables.map(\.notes))
    }
  }

  @Test("files are parsed customers and documents first, then by the time their build will take")
  func parseOrder() {
    // The 10M ledger's sizes in MB: actions is the larger file, payments the longer build.
    let sizes: [TableKind: Int] = [.customers: 77, .invoices: 759, .payments: 689, .actions: 890, .promises: 130, .disputes: 38,
                                   .exposures: 17, .surveys: 10]
    let order = LoadPipeline.parseOrder(sizes.mapValues { $0 << 20 })
    #expect(order == [.customers, .invoices, .payments, .actions, .promises, .exposures, .disputes, .surveys])
    // A ledger whose actions file is three times its payments: actions' build is then longer.
    #expect(LoadPipeline.parseOrder([.customers: 1 << 20, .invoices: 100 << 20, .payments: 100 << 20, .actions: 300 << 20])
      == [.customers, .invoices, .actions, .payments])
    #expect(LoadPipeline.parseOrder([.invoices: 10, .surveys: 5]) == [.invoices, .surveys])
  }

  /// Rejects in every stage: a bad date (parse), a repeated customer, an unknown customer, a
  /// document applied to a credit, and in cascade the cash, disputes, actions and promises of
  /// rejected documents, whose messages name where the document was.
  static let lenientFiles = [
    "customers.csv": "customer_id,name,credit_limit\nC1,A,100.00\nC2,B,\nC2,again,\nC3,C,-5.00\n",
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,amount,applies_to
      I1,C1,INV,2025-01-01,100.00,
      I2,C1,INV,2025-13-01,50.00,
      I3,C9,INV,2025-01-03,70.00,
      I4,C3,INV,2025-01-04,20.00,
      CN1,C1,CN,2025-01-05,10.00,I1
      CN2,C1,CN,2025-01-06,10.00,CN1
      I5,C2,INV,2025-01-07,30.00,

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id
      P1,C1,2025-01-10,100.00,I1
      P2,C1,2025-01-11,10.00,I2
      P3,C9,2025-01-12,5.00,I5
      P4,C2,2025-01-12,-5.00,I5
      P5,C2,2025-01-13,30.00,I5

      """,
    "disputes.csv": "dispute_id,invoice_id,reason,opened,amount\nD1,I3,price,2025-01-08,10.00\nD2,I5,price,2025-01-09,5.00\n",
    "actions.csv": "action_id,customer_id,invoice_id,agent,type,date,outcome\nA1,C1,I2,x,call,2025-01-09,ok\nA2,C2,I5,x,call,2025-01-09,ok\n"
      + "A2,C2,I5,x,call,2025-01-10,ok\n",
    "promises.csv": "promise_id,customer_id,invoice_id,amount,promised_date,created\nR1,C1,I3,10.00,2025-02-01,2025-01-20\n"
      + "R2,C2,I5,10.00,2025-02-01,2025-01-20\n",
    "exposures.csv": "customer_id,kind,amount,date\nC1,DNI,5.00,2025-01-01\nC9,DNI,5.00,2025-01-01\n",
  ]

  @Test("lenient: the same rows rejected in every table, for the same reasons, cascades included")
  func sameRejects() throws {
    let dir = TestLedger.with(Self.lenientFiles)
    func load(_ threads: Int) throws -> (Ledger, LoadReport, [String: String]) {
      let rejects = TestLedger.folder()
      let (ledger, report) = try TestLedger.load(dir, LoadOptions(lenient: true, rejectDirectory: rejects, threads: threads))
      var files: [String: String] = [:]
      for name in try FileManager.default.contentsOfDirectory(atPath: rejects) {
        files[name] = try String(contentsOfFile: rejects + "/" + name, encoding: .utf8)
      }
      return (ledger, report, files)
    }
    let (serial, serialReport, serialRejects) = try load(1)
    let (ledger, report, rejects) = try load(2)
    #expect(Self.pipelined(report))
    #expect(try LedgerAppenderTests.encoded(ledger) == LedgerAppenderTests.encoded(serial))
    #expect(report.tables.map(\.rejected) == serialReport.tables.map(\.rejected))
    #expect(rejects == serialRejects)
    // The cascade is there to compare: I2's payment and action name the rejected I2's line.
    let byTable = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.table, $0) })
    #expect(byTable[.customers]?.rejected == 2 && byTable[.invoices]?.rejected == 4 && byTable[.payments]?.rejected == 3)
    #expect(byTable[.disputes]?.rejected == 1 && byTable[.actions]?.rejected == 2 && byTable[.promises]?.rejected == 1)
    #expect(byTable[.exposures]?.rejected == 1)
    let cash = rejects.first { $0.key.hasPrefix("payments") }?.value ?? ""
    #expect(cash.contains("unknown invoice 'I2' (its row at"), "\(cash)")
    // The rows left after the rejects name their own documents and customers (a build works
    // from the rows left, not from ids walked before some were rejected).
    for loaded in [ledger, serial] {
      let payments = loaded.payments
      let lines = (0..<payments.amount.count).map { row in
        [payments.paymentId[row], loaded.customers.id[Int(payments.customer[row])], loaded.invoices.id[Int(payments.invoice[row])]]
      }
      #expect(lines == [["P1", "C1", "I1"], ["P5", "C2", "I5"]])
      let actions = loaded.actions
      #expect((0..<actions.customer.count).map { [actions.id[$0], loaded.invoices.id[Int(actions.invoice[$0])]] } == [["A2", "I5"]])
    }
  }

  /// Files good but for the named problems; each case's error is the one a serial load throws.
  static let strictCases: [(name: String, files: [String: String], code: LoadError.Code, file: String)] = {
    let customers = "customer_id,name\nC1,A\nC2,B\n"
    let invoices = "invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,100.00\nI2,C2,2025-01-02,50.00\n"
    let payments = "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-01-10,100.00,I1\n"
    let actions = "action_id,customer_id,invoice_id,agent,type,date,outcome\nA1,C1,I1,x,call,2025-01-09,ok\n"
    let huge = "92233720368547758.07"
    return [
      // A bad file comes before a broken rule, however early the rule's table.
      ("parse before build", ["customers.csv": customers, "invoices.csv": invoices.replacingOccurrences(of: "C2,", with: "C7,"),
                              "payments.csv": payments, "actions.csv": actions + "A2,C1,I1,x,call,2025-02-30,ok\n"], .badDate, "actions.csv"),
      // A sum beyond Int64 comes before a broken rule.
      ("sums before build", ["customers.csv": customers, "invoices.csv": invoices.replacingOccurrences(of: "C2,", with: "C7,"),
                             "payments.csv": payments + "P2,C1,2025-01-11,\(huge),I2\n", "actions.csv": actions], .badAmount, "payments.csv"),
      // Broken rules: the first table's in table order.
      ("documents before cash", ["customers.csv": customers, "invoices.csv": invoices + "I3,C9,2025-01-03,1.00\n",
                                 "payments.csv": payments + "P2,C1,2025-01-11,1.00,I9\n", "actions.csv": actions], .unknownCustomer, "invoices.csv"),
      ("cash before actions", ["customers.csv": customers, "invoices.csv": invoices, "payments.csv": payments + "P2,C1,2025-01-11,1.00,I9\n",
                               "actions.csv": actions + "A1,C1,I1,x,call,2025-01-10,ok\n"], .unknownInvoice, "payments.csv"),
      ("customers first", ["customers.csv": customers + "C1,again\n", "invoices.csv": invoices, "payments.csv": payments,
                           "actions.csv": actions + "A2,C1,I8,x,call,2025-01-10,ok\n"], .duplicateId, "customers.csv"),
      ("a later table alone", ["customers.csv": customers, "invoices.csv": invoices, "payments.csv": payments,
                               "actions.csv": actions + "A2,C1,I8,x,call,2025-01-10,ok\n"], .unknownInvoice, "actions.csv"),
    ]
  }()

  @Test("strict: the error is the serial load's — a bad file, then a sum, then a broken rule, each the first in table order",
        arguments: 0..<6)
  func sameError(index: Int) throws {
    let (name, files, code, file) = Self.strictCases[index]
    let dir = TestLedger.with(files)
    let serial = try #require(TestLedger.loadError(dir, LoadOptions(threads: 1)), "\(name)")
    #expect(serial.code == code && serial.file?.hasSuffix(file) == true, "\(name): \(serial)")
    for threads in [2, 4] {
      let error = try #require(TestLedger.loadError(dir, LoadOptions(threads: threads)), "\(name)")
      #expect(error.description == serial.description, "\(name), \(threads) threads")
    }
  }

  @Test("the progress line is told each file as its parse starts and each table as its build starts")
  func progress() throws {
    let told = Mutex<[String]>([])
    var options = LoadOptions(threads: 2)
    options.progress = { text in told.withLock { $0.append(text) } }
    let dir = try Self.generated(seed: 13)
    _ = try TestLedger.load(dir, options)
    let phases = told.withLock { $0 }
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }
    #expect(files.count == TableKind.allCases.count)
    for file in files {
      let reading = try #require(phases.firstIndex { $0.hasPrefix("reading \(file)") }, "\(phases)")
      let building = try #require(phases.firstIndex(of: "checking and building \(file)"), "\(phases)")
      #expect(reading < building, "\(phases)")
    }
    // Nothing is built before the customers; the documents before the tables that name them.
    let builds = phases.filter { $0.hasPrefix("checking and building") }.map { $0.dropFirst("checking and building ".count) }
    #expect(builds.count == files.count && builds.first == "customers.csv", "\(phases)")
    let documents = try #require(builds.firstIndex(of: "invoices.csv"))
    for file in ["payments.csv", "disputes.csv", "actions.csv", "promises.csv"] {
      #expect(try #require(builds.firstIndex(of: Substring(file))) > documents, "\(phases)")
    }
  }
}
