import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// Computed amounts in mappings (issue #16): `column amount = Debit - Credit`, as accounting
/// exports (Sage, Cegid) split the amount in two columns.
@Suite("Computed amounts in mappings")
struct ComputedColumnTests {
  static let export = """
    Piece;Tiers;Date;Echeance;Debit;Credit
    F1;C1;10/01/2025;09/02/2025;1 200,00;
    A1;C1;15/01/2025;15/01/2025;;200,00
    F2;C2;20/01/2025;19/02/2025;600,00;

    """

  static func load(_ text: String, amount: String = "Debit - Credit", lenient: Bool = false) throws -> (EngineFixture, LoadReport) {
    let folder = EngineFixture.folder("computed", ["ecritures.csv": text])
    let mapping = folder + "/sage.map"
    try """
      [invoices]
      file = ecritures.csv
      column invoice_id = Piece
      column customer_id = Tiers
      column doc_date = Date
      column due_date = Echeance
      column amount = \(amount)
      thousands = space
      """.write(toFile: mapping, atomically: true, encoding: .utf8)
    var options = LoadOptions(lenient: lenient, rejectDirectory: folder)
    try MappingFile.load(path: mapping, into: &options)
    let (ledger, report) = try LedgerLoader.load(directory: nil, options: options, baseDirectory: folder)
    return (EngineFixture(ledger), report)
  }

  @Test("amount = Debit - Credit: a debit is an invoice, a credit a credit note; A + B adds")
  func difference() throws {
    let (engine, _) = try Self.load(Self.export)
    #expect(try engine.value("gross_open as of 2025-01-31") == "1800.00")
    #expect(try engine.value("unapplied as of 2025-01-31") == "-200.00")
    #expect(try engine.value("balance as of 2025-01-31") == "1600.00")
    let (sum, _) = try Self.load(Self.export, amount: "Debit + Credit")
    #expect(try sum.value("gross_open as of 2025-01-31") == "2000.00")
  }

  @Test("a row with both sides empty is an error at its line, rejected in lenient mode; a bad operand names its column")
  func bothEmpty() throws {
    let text = Self.export.replacingOccurrences(of: "F2;C2;20/01/2025;19/02/2025;600,00;", with: "F2;C2;20/01/2025;19/02/2025;;")
    do {
      _ = try Self.load(text)
      Issue.record("a row without amount loaded")
    } catch let error as LoadError {
      #expect(error.code == .missingValue)
      #expect(error.line == 4)
      #expect(error.message.contains("both Debit and Credit are empty"))
    }
    let (engine, report) = try Self.load(text, lenient: true)
    #expect(try engine.value("gross_open as of 2025-01-31") == "1200.00")
    let invoices = try #require(report.tables.first { $0.table == .invoices })
    #expect(invoices.read == 3 && invoices.loaded == 2 && invoices.rejected == 1)
    let bad = Self.export.replacingOccurrences(of: "1 200,00", with: "1 2OO,00")
    do {
      _ = try Self.load(bad)
      Issue.record("a bad amount loaded")
    } catch let error as LoadError {
      #expect(error.code == .badAmount)
      #expect(error.columnName == "Debit")
      #expect(error.line == 2)
    }
  }

  @Test("amount = Montant, negative when Sens = C: a signed amount from a debit/credit flag")
  func signedByFlag() throws {
    let export = """
      Piece;Tiers;Date;Echeance;Montant;Sens
      F1;C1;10/01/2025;09/02/2025;1 200,00;D
      A1;C1;15/01/2025;15/01/2025;200,00;C
      F2;C2;20/01/2025;19/02/2025;600,00; D

      """
    let (engine, _) = try Self.load(export, amount: "Montant, negative when Sens = C")
    #expect(try engine.value("gross_open as of 2025-01-31") == "1800.00")
    #expect(try engine.value("unapplied as of 2025-01-31") == "-200.00")
    let (listed, _) = try Self.load(export, amount: "Montant, negative when Sens in (C, Crédit)")
    #expect(try listed.value("balance as of 2025-01-31") == "1600.00")
  }

  static func keys(_ invoiceId: String, _ text: String) throws -> EngineFixture {
    let folder = EngineFixture.folder("computed-keys", ["lines.csv": text])
    let mapping = folder + "/k.map"
    try "[invoices]\nfile = lines.csv\ncolumn invoice_id = \(invoiceId)\ncolumn customer_id = Client\ncolumn doc_date = Date\ncolumn amount = Montant\n"
      .write(toFile: mapping, atomically: true, encoding: .utf8)
    var options = LoadOptions()
    try MappingFile.load(path: mapping, into: &options)
    return EngineFixture(try LedgerLoader.load(directory: nil, options: options, baseDirectory: folder).0)
  }

  @Test("a key made of several columns and text, or of the line number, when no column is unique; duplicates and empty keys still refused")
  func computedKeys() throws {
    let lines = "Journal,Piece,Client,Date,Montant\nVT,1,C1,2025-01-10,100.00\nVT,2,C2,2025-01-11,200.00\nAC,1,C1,2025-01-12,50.00\n"
    let joined = try Self.keys("Journal || '-' || Piece", lines)
    #expect(try joined.run("balance by invoice").columns[0].values.map(\.description) == ["AC-1", "VT-1", "VT-2"])
    let numbered = try Self.keys("line_number", lines)
    #expect(try numbered.run("balance by invoice").columns[0].values.map(\.description) == ["2", "3", "4"])
    // The same journal and piece twice is a duplicate id.
    let twice = lines + "VT,2,C3,2025-01-13,10.00\n"
    #expect(throws: LoadError.self) { try Self.keys("Journal || '-' || Piece", twice) }
    do {
      _ = try Self.keys("Journal || Piece", lines + ",,C3,2025-01-13,10.00\n")
      Issue.record("a row without a key loaded")
    } catch let error as LoadError {
      #expect(error.code == .missingValue)
      #expect(error.line == 5)
      #expect(error.message.contains("Journal, Piece are all empty"))
    }
  }
}

