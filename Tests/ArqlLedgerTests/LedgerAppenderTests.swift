import Foundation
import Testing
@testable import ArqlLedger

/// Appends (issue #13): a day's export added to a loaded ledger gives the ledger a full load of
/// the files with those rows gives, with the same checks and the same all-or-nothing rule.
@Suite struct LedgerAppenderTests {
  /// The date column of each table of the demo, by field position, to cut it into days.
  static let dateField: [String: Int] = [
    "invoices.csv": 3, "payments.csv": 2, "actions.csv": 5, "promises.csv": 5, "disputes.csv": 3, "exposures.csv": 3, "surveys.csv": 0,
  ]

  static var demo: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("examples/demo").path
  }

  /// The demo cut at `cut`: a base folder of the rows dated up to it, the later rows as one
  /// file per table, and a folder of the base rows followed by the later rows (a full load of
  /// the same rows in the same order).
  static func split(at cut: String, dropCustomers: Bool = false, reversed: Bool = false) throws -> (base: String, days: [String], full: String) {
    let base = TestLedger.folder()
    let full = TestLedger.folder()
    let days = TestLedger.folder()
    var dayFiles: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: demo).sorted() where name.hasSuffix(".csv") {
      let lines = try String(contentsOfFile: demo + "/" + name, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
      guard let header = lines.first else { continue }
      if name == "customers.csv" {
        if !dropCustomers {
          try lines.joined(separator: "\n").appending("\n").write(toFile: base + "/" + name, atomically: true, encoding: .utf8)
          try lines.joined(separator: "\n").appending("\n").write(toFile: full + "/" + name, atomically: true, encoding: .utf8)
        }
        continue
      }
      guard let field = dateField[name] else { continue }
      let rows = lines.dropFirst()
      var early = rows.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[field] <= cut }
      if reversed { early.reverse() }  // ids out of order: the ledger's ids are interned, not searched
      let late = rows.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[field] > cut }
      let write = { (path: String, body: [Substring]) in
        try ([String(header)] + body.map(String.init)).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
      }
      try write(base + "/" + name, Array(early))
      try write(full + "/" + name, Array(early) + Array(late))
      if !late.isEmpty {
        let day = days + "/" + name.replacingOccurrences(of: ".csv", with: "_day.csv")
        try write(day, Array(late))
        dayFiles.append(day)
      }
    }
    return (base, dayFiles, full)
  }

  /// Every column of every table, and the application index, as JSON: equal ledgers, byte for byte.
  static func encoded(_ ledger: Ledger) throws -> [String] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return try [
      encoder.encode(ledger.customers), encoder.encode(ledger.invoices), encoder.encode(ledger.payments), encoder.encode(ledger.disputes),
      encoder.encode(ledger.actions), encoder.encode(ledger.promises), encoder.encode(ledger.exposures), encoder.encode(ledger.surveys),
      encoder.encode(ledger.applications),
    ].map { String(decoding: $0, as: UTF8.self) }
  }

  /// A ledger opened from a snapshot reads its columns from the mapped file; an append copies
  /// what it grows and leaves the file alone, and gives what a full load gives.
  @Test func appendingToAMappedSnapshotEqualsAFullLoad() throws {
    let (base, days, full) = try Self.split(at: "2025-09-30")
    let (baseLedger, report) = try TestLedger.load(base)
    let path = TestLedger.folder() + "/base.arqlsnap"
    try SnapshotFile.write(baseLedger, report: report, ledgerPath: base, options: LoadOptions(), sources: [], to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let (mapped, _) = try SnapshotFile.read(path: path)
    #expect(mapped.invoices.customer.isBorrowed && mapped.payments.amount.isBorrowed && mapped.applications.offsets.isBorrowed)
    #expect(mapped.invoices.id.dictionary.isMapped == (mapped.invoices.count >= 1024))
    #expect(try Self.encoded(mapped) == Self.encoded(baseLedger))
    var keys = LedgerKeys()
    let (appended, _) = try LedgerAppender.append(days, to: mapped, options: LoadOptions(), keys: &keys)
    let (reloaded, _) = try TestLedger.load(full)
    #expect(try Self.encoded(appended) == Self.encoded(reloaded))
    // The opened ledger and the file are as they were.
    #expect(try Self.encoded(mapped) == Self.encoded(baseLedger))
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test(arguments: [false, true]) func appendingADaysExportEqualsAFullLoad(reversed: Bool) throws {
    let (base, days, full) = try Self.split(at: "2025-09-30", reversed: reversed)
    #expect(days.count >= 5)
    let (baseLedger, _) = try TestLedger.load(base)
    var keys = LedgerKeys()
    let (appended, report) = try LedgerAppender.append(days, to: baseLedger, options: LoadOptions(), keys: &keys)
    let (reloaded, _) = try TestLedger.load(full)
    #expect(try Self.encoded(appended) == Self.encoded(reloaded))
    #expect(appended.loadedTables == reloaded.loadedTables)
    // The report counts the new rows of each table.
    for table in report.tables {
      #expect(table.loaded == reloaded.rowCount(table.table) - baseLedger.rowCount(table.table))
      #expect(table.read == table.loaded && table.rejected == 0)
    }
    // The receipts that repeat across the cut keep one code (receipt ids are dictionary-encoded).
    #expect(Set(appended.payments.paymentId.dictionary).count == appended.payments.paymentId.dictionary.count)
  }

  @Test func appendsOneAfterAnotherEqualAFullLoad() throws {
    let (base, days, full) = try Self.split(at: "2025-06-30")
    var (ledger, _) = try TestLedger.load(base)
    var keys = LedgerKeys()
    // Documents first, then the rest one file at a time, with the same keys: the second
    // append finds the first one's ids.
    let invoices = days.filter { $0.hasSuffix("invoices_day.csv") }
    for file in invoices + days.filter({ !$0.hasSuffix("invoices_day.csv") }) {
      ledger = try LedgerAppender.append([file], to: ledger, options: LoadOptions(), keys: &keys).0
    }
    // The full folder holds the tables in another row order only where a table had two parts; here each table has one day file.
    #expect(try Self.encoded(ledger) == Self.encoded(try TestLedger.load(full).0))
  }

  @Test func newCustomerIdsExtendALedgerWithoutCustomersFile() throws {
    let (base, days, full) = try Self.split(at: "2025-09-30", dropCustomers: true)
    let (baseLedger, _) = try TestLedger.load(base)
    var keys = LedgerKeys()
    let (appended, report) = try LedgerAppender.append(days, to: baseLedger, options: LoadOptions(), keys: &keys)
    let (reloaded, _) = try TestLedger.load(full)
    // Customers are numbered in order of first use, which differs; the position per customer id does not.
    #expect(Set(appended.customers.id.dictionary) == Set(reloaded.customers.id.dictionary))
    let asOf = TestLedger.day("2025-12-31")
    func perCustomer(_ ledger: Ledger) -> [String: Int64] {
      let open = ledger.applications.openAmounts(at: asOf, invoices: ledger.invoices)
      var sums: [String: Int64] = [:]
      for row in 0..<ledger.invoices.count { sums[ledger.customers.id[Int(ledger.invoices.customer[row])] ?? "", default: 0] += open[row] }
      return sums
    }
    #expect(perCustomer(appended) == perCustomer(reloaded))
    #expect(appended.balances(at: asOf) == reloaded.balances(at: asOf))
    if appended.customers.count > baseLedger.customers.count { #expect(report.notes.contains { $0.contains("new customer") }) }
  }

  /// A small ledger: two customers, two invoices, a credit note applied to the first, a receipt.
  static func small() throws -> (Ledger, String) {
    let dir = TestLedger.with([
      "customers.csv": "customer_id,name\nC1,One\nC2,Two\n",
      "invoices.csv": "invoice_id,customer_id,doc_type,doc_date,due_date,amount,applies_to\n"
        + "I1,C1,INV,2025-01-10,2025-02-09,100.00,\nI2,C2,INV,2025-01-15,2025-02-14,200.00,\nCN1,C1,CN,2025-01-20,2025-01-20,-10.00,I1\n",
      "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nR1,C2,2025-02-01,50.00,I2\n",
    ])
    return (try TestLedger.load(dir).0, dir)
  }

  static func appendError(_ files: [String: String], table: TableKind? = nil, to ledger: Ledger) -> LoadError? {
    let dir = TestLedger.with(files)
    var keys = LedgerKeys()
    do {
      _ = try LedgerAppender.append(files.keys.sorted().map { dir + "/" + $0 }, table: table, to: ledger, options: LoadOptions(), keys: &keys)
      return nil
    } catch {
      return error as? LoadError
    }
  }

  @Test func rowsThatBreakARuleAgainstTheLedgerFailTheAppend() throws {
    let (ledger, _) = try Self.small()
    let header = "invoice_id,customer_id,doc_type,doc_date,due_date,amount,applies_to\n"
    // An id the ledger has.
    var error = Self.appendError(["new_invoices.csv": header + "I9,C1,INV,2025-03-01,2025-03-31,5.00,\nI2,C2,INV,2025-03-01,2025-03-31,5.00,\n"], to: ledger)
    #expect(error?.code == .duplicateId && error?.line == 3 && error?.message.contains("the ledger already has it") == true)
    // A customer the ledger lacks (it has customers.csv).
    error = Self.appendError(["invoices_0301.csv": header + "I9,C7,INV,2025-03-01,2025-03-31,5.00,\n"], to: ledger)
    #expect(error?.code == .unknownCustomer && error?.line == 2 && error?.column != nil)
    // A credit applied to the ledger's credit note, which applies itself: a chain.
    error = Self.appendError(["invoices_0301.csv": header + "CN2,C1,CN,2025-03-01,2025-03-01,-1.00,CN1\n"], to: ledger)
    #expect(error?.code == .inconsistentRow && error?.message.contains("CN1, which itself applies to I1") == true)
    // Cash on an invoice nobody has.
    error = Self.appendError(["payments_0301.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nR2,C1,2025-03-01,5.00,I404\n"], to: ledger)
    #expect(error?.code == .unknownInvoice)
    // The ledger's receipt line again: the export appended twice.
    error = Self.appendError(["payments_0301.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nR1,C2,2025-02-01,50.00,I2\n"], to: ledger)
    #expect(error?.code == .duplicateId && error?.message.contains("a line the ledger already has") == true)
    // A customer file appended to a ledger without one would change what its customers are.
    let (implicit, _) = try TestLedger.load(TestLedger.with(["invoices.csv": header + "I1,C1,INV,2025-01-10,2025-02-09,100.00,\n"]))
    error = Self.appendError(["customers_new.csv": "customer_id,name\nC9,Nine\n"], to: implicit)
    #expect(error?.message.contains("has no customers.csv") == true)
    // A file whose table neither its name nor its header says.
    error = Self.appendError(["today.csv": "a,b\n1,2\n"], to: ledger)
    #expect(error?.message.contains("which table") == true)
  }

  @Test func validRowsReferToTheLedgerAndToEachOther() throws {
    let (ledger, _) = try Self.small()
    let dir = TestLedger.with([
      "customers_new.csv": "customer_id,name\nC3,Three\n",
      "invoices_new.csv": "invoice_id,customer_id,doc_type,doc_date,due_date,amount,applies_to\n"
        + "I3,C3,INV,2025-03-01,2025-03-31,30.00,\nCN3,C2,CN,2025-03-02,2025-03-02,-20.00,I2\n",
      "export.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nR1,C2,2025-03-05,30.00,I2\nR3,C3,2025-03-06,30.00,I3\n",
    ])
    var keys = LedgerKeys()
    let files = ["customers_new.csv", "invoices_new.csv", "export.csv"].map { dir + "/" + $0 }
    let (appended, report) = try LedgerAppender.append(files, to: ledger, options: LoadOptions(), keys: &keys)
    #expect(report.tables.map(\.table) == [.customers, .invoices, .payments])  // export.csv: payments by its header
    #expect(appended.customers.count == 3 && appended.invoices.count == 5 && appended.payments.count == 3)
    // I2 (200) less R1 50 (ledger), CN3 20 and R1 30 (new): 100. I3 paid in full. I1: 100 − CN1 10.
    let open = appended.applications.openAmounts(at: TestLedger.day("2025-03-31"), invoices: appended.invoices)
    #expect(Array(open.prefix(2)) == [9_000, 10_000] && open[3] == 0)
    #expect(appended.invoices.customer[3] == 2 && appended.payments.invoice[2] == 3)
    // R1 repeats the ledger's receipt id with another date and amount (a split receipt): one code.
    #expect(appended.payments.paymentId.codes == [0, 0, 1])
    // The keys now hold the new ids: appending I3 again is a duplicate.
    let again = TestLedger.with(["invoices_again.csv": "invoice_id,customer_id,doc_date,amount\nI3,C3,2025-03-09,1.00\n"])
    #expect(throws: LoadError.self) { try LedgerAppender.append([again + "/invoices_again.csv"], to: appended, options: LoadOptions(), keys: &keys) }
  }

  @Test func lenientAppendAddsTheGoodRowsAndWritesTheOthers() throws {
    let (ledger, _) = try Self.small()
    let rejects = TestLedger.folder()
    var options = LoadOptions()
    options.lenient = true
    options.rejectDirectory = rejects
    let dir = TestLedger.with([
      "invoices_0301.csv": "invoice_id,customer_id,doc_date,amount\nI2,C2,2025-03-01,1.00\nI7,C1,2025-03-01,7.00\nI8,C404,2025-03-01,8.00\nI9,C1,2025-02-30,9.00\n",
    ])
    var keys = LedgerKeys()
    let (appended, report) = try LedgerAppender.append([dir + "/invoices_0301.csv"], to: ledger, options: options, keys: &keys)
    let table = try #require(report.tables.first)
    #expect(table.read == 4 && table.loaded == 1 && table.rejected == 3 && table.read == table.loaded + table.rejected)
    #expect(appended.invoices.count == 4 && appended.invoices.id[3] == "I7")
    let written = try String(contentsOfFile: try #require(table.rejectFile), encoding: .utf8)
    #expect(table.rejectFile?.hasSuffix("invoices_0301.rejects.csv") == true)
    for reason in ["already has it", "unknown customer 'C404'", "2025-02-30"] { #expect(written.contains(reason)) }
  }

  @Test func theTableOfAFileComesFromItsNameThenItsHeader() {
    #expect(LedgerAppender.tableKind(ofFile: "/x/payments_2026-12-03.csv", header: "a,b") == .payments)
    #expect(LedgerAppender.tableKind(ofFile: "0002.invoices.erp.csv", header: "") == .invoices)
    #expect(LedgerAppender.tableKind(ofFile: "invoice-export.csv", header: "") == .invoices)
    #expect(LedgerAppender.tableKind(ofFile: "bank.csv", header: "payment_id;customer_id;payment_date") == .payments)
    #expect(LedgerAppender.tableKind(ofFile: "erp.csv", header: "\"invoice_id\",\"customer_id\",\"doc_date\"") == .invoices)
    #expect(LedgerAppender.tableKind(ofFile: "today.csv", header: "id,value") == nil)
  }
}
