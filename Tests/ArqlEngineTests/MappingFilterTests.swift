import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// Row filters in mapping files (issue #16): the rows of an export that belong to a table; the
/// others are not read, their values not checked, and counted in the report.
@Suite("Mapping row filters")
struct MappingFilterTests {
  static func load(_ files: [String: String], mapping: String) throws -> (EngineFixture, LoadReport) {
    let folder = EngineFixture.folder("filter", files)
    let path = folder + "/export.map"
    try mapping.write(toFile: path, atomically: true, encoding: .utf8)
    var options = LoadOptions()
    try MappingFile.load(path: path, into: &options)
    let (ledger, report) = try LedgerLoader.load(directory: nil, options: options, baseDirectory: folder)
    return (EngineFixture(ledger), report)
  }

  /// A general-ledger extract: customer lines (411) among bank and sales lines whose columns
  /// hold what an invoice column cannot (no customer, a label for a date).
  static let ledgerLines = """
    CompteNum;Piece;Client;Date;Echeance;Montant
    411000;F1;C1;2025-01-10;2025-02-09;1200,00
    706000;F1;;2025-01-10;;-1000,00
    445710;F1;;2025-01-10;;-200,00
    411000;F2;C2;2025-01-20;2025-02-19;600,00
    512000;R1;;voir relevé;;600,00
    411100;F3;C1;2025-02-01;2025-03-03;300,00

    """

  @Test("where CompteNum starts with '411' keeps the customer lines; the others are not read; errors keep their file line")
  func startsWith() throws {
    let mapping = """
      [invoices]
      file = gl.csv
      where CompteNum starts with '411'
      column invoice_id = Piece
      column customer_id = Client
      column doc_date = Date
      column due_date = Echeance
      column amount = Montant
      ignore = *
      """
    let (engine, report) = try Self.load(["gl.csv": Self.ledgerLines], mapping: mapping)
    #expect(try engine.value("gross_open as of 2025-02-01") == "2100.00")
    #expect(try engine.value("open_count as of 2025-02-01") == "3")
    let invoices = try #require(report.tables.first { $0.table == .invoices })
    #expect(invoices.read == 3 && invoices.loaded == 3)
    #expect(invoices.notes.contains("3 rows left out by the mapping (where CompteNum starts with '411')"))
    // A bad value on a kept line is reported at its own line of the file.
    let bad = Self.ledgerLines.replacingOccurrences(of: "411100;F3;C1;2025-02-01", with: "411100;F3;C1;2025-02-31")
    do {
      _ = try Self.load(["gl.csv": bad], mapping: mapping)
      Issue.record("an impossible date loaded")
    } catch let error as LoadError {
      #expect(error.line == 7)
      #expect(error.code == .badDate)
    }
  }

  @Test("=, in, not in and is empty; a condition on a missing column is L021; a condition that is not one is a mapping error")
  func forms() throws {
    let export = """
      Type,No,Customer,Date,Amount,Status
      Invoice,I1,C1,2025-01-10,100.00,open
      Invoice,I2,C2,2025-01-11,200.00,paid
      Credit,K1,C1,2025-01-12,-50.00,open
      Order,O1,C1,2025-01-13,999.00,
      Invoice,I3,C3,2025-01-14,300.00,

      """
    func total(_ condition: String) throws -> String {
      let mapping = "[invoices]\nfile = ar.csv\nwhere \(condition)\ncolumn invoice_id = No\ncolumn customer_id = Customer\ncolumn doc_date = Date\ncolumn amount = Amount\nignore = *\n"
      return try Self.load(["ar.csv": export], mapping: mapping).0.value("gross_open")
    }
    #expect(try total("Type = 'Invoice'") == "600.00")
    #expect(try total("Type in ('Invoice', Credit)") == "600.00")
    #expect(try total("Type != Order") == "600.00")
    #expect(try total("Type not in (Order, Credit)") == "600.00")
    #expect(try total("Status is empty") == "1299.00")
    #expect(try total("Status is not empty") == "300.00")
    do {
      _ = try total("Kind = 'Invoice'")
      Issue.record("a condition on a missing column loaded")
    } catch let error as LoadError {
      #expect(error.code == .unknownMappedColumn)
      #expect(error.message.contains("tests column 'Kind'"))
    }
    #expect(throws: LoadError.self) { try total("Type like 'Inv%'") }
  }

  @Test("recipe: one row per invoice with its settled date gives the invoices and, where settled, their payments")
  func settledDateRecipe() throws {
    let export = """
      InvoiceNo,Customer,InvoiceDate,DueDate,Amount,SettledDate
      A1,C1,2025-01-01,2025-01-31,1000.00,2025-01-21
      A2,C1,2025-01-05,2025-02-04,500.00,2025-02-14
      A3,C2,2025-01-10,2025-02-09,800.00,

      """
    let mapping = """
      [invoices]
      file = ar.csv
      column invoice_id = InvoiceNo
      column customer_id = Customer
      column doc_date = InvoiceDate
      column due_date = DueDate
      column amount = Amount
      ignore = SettledDate

      [payments]
      file = ar.csv
      where SettledDate is not empty
      column payment_id = InvoiceNo
      column invoice_id = InvoiceNo
      column customer_id = Customer
      column payment_date = SettledDate
      column amount = Amount
      ignore = *
      """
    let (engine, _) = try Self.load(["ar.csv": export], mapping: mapping)
    // Open at 2025-03-01: only A3. Days to pay: A1 20, A2 40 → the amount-weighted mean (20×1000 + 40×500) / 1500 = 26.7.
    #expect(try engine.value("gross_open as of 2025-03-01") == "800.00")
    #expect(try engine.value("avg_days_to_pay from 2025-01-01 to 2025-03-01") == "26.6667")
    #expect(try engine.value("avg_days_to_pay(weight: count) from 2025-01-01 to 2025-03-01") == "30.0000")
  }

  @Test("several files of one table: read as one, each row's error at its own file and line; a file with other columns is refused")
  func severalFiles() throws {
    let header = "invoice_id,customer_id,doc_type,doc_date,due_date,amount\n"
    let invoices = header + "I1,C1,INV,2025-01-10,2025-02-09,1000.00\nI2,C2,INV,2025-01-12,2025-02-11,500.00\n"
    let credits = header + "CN1,C1,CN,2025-01-20,2025-01-20,-200.00\nCN2,C2,CN,2025-01-21,2025-01-21,-50.00\n"
    let mapping = "[invoices]\nfile = invoices.csv, credit_notes.csv\n"
    let (engine, report) = try Self.load(["invoices.csv": invoices, "credit_notes.csv": credits], mapping: mapping)
    #expect(try engine.value("gross_open") == "1500.00")
    #expect(try engine.value("unapplied") == "-250.00")
    #expect(report.tables.first?.loaded == 4)
    do {
      _ = try Self.load(["invoices.csv": invoices, "credit_notes.csv": credits.replacingOccurrences(of: "-50.00", with: "-50.0O")], mapping: mapping)
      Issue.record("a bad amount in the second file loaded")
    } catch let error as LoadError {
      #expect(error.file?.hasSuffix("/credit_notes.csv") == true)
      #expect(error.line == 3 && error.column == 33)
    }
    do {
      _ = try Self.load(["invoices.csv": invoices, "credit_notes.csv": header + "I1,C1,CN,2025-01-20,2025-01-20,-200.00\n"], mapping: mapping)
      Issue.record("a duplicate id across files loaded")
    } catch let error as LoadError {
      #expect(error.file?.hasSuffix("/credit_notes.csv") == true && error.line == 2)
      #expect(error.message.contains("first at ") && error.message.contains("invoices.csv line 2"))
    }
    #expect(throws: LoadError.self) {
      try Self.load(["invoices.csv": invoices, "credit_notes.csv": "invoice_id,customer_id,amount\nCN1,C1,-200.00\n"], mapping: mapping)
    }
  }
}

