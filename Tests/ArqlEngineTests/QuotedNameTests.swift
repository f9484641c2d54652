import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// Columns with spaces or accents (issue #18 item 5, issue #16 item 8): named in backticks in any
/// case, or renamed by the mapping.
@Suite("Quoted and renamed column names")
struct QuotedNameTests {
  static let files = [
    "customers.csv": "customer_id,Raison sociale,Région\nC1,Société A,Nord\nC2,Société B,Sud\nC3,Société A,Sud\n",
    "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,2025-01-10,2025-02-09,100.00\nI2,C2,2025-01-12,2025-02-11,250.00\nI3,C3,2025-01-15,2025-02-14,40.00\n",
  ]

  @Test("a column with a space and an accent is named in backticks, whatever the case; a wrong name is E011 with the available names")
  func backticks() throws {
    let folder = EngineFixture.folder("quoted", Self.files)
    let engine = EngineFixture(try LedgerLoader.load(directory: folder).0)
    let table = try engine.run("balance by `Raison sociale`")
    #expect(table.columns[0].values.map(\.description) == ["Société A", "Société B"])
    #expect(table.columns[1].values.map(\.description) == ["140.00", "250.00"])
    #expect(try engine.run("balance by `RÉGION`").columns[1].values.map(\.description) == ["100.00", "290.00"])
    #expect(try engine.value("balance where `Raison sociale` = 'Société A'") == "140.00")
    #expect(throws: (any Error).self) { try engine.run("balance by `Raison social`") }
  }

  @Test("rename keeps a file column as an attribute under another name; renaming a missing column or onto a native one is an error")
  func rename() throws {
    let folder = EngineFixture.folder("renamed", Self.files)
    let mapping = folder + "/ledger.map"
    try "[customers]\nrename raison = Raison sociale\n".write(toFile: mapping, atomically: true, encoding: .utf8)
    var options = LoadOptions()
    try MappingFile.load(path: mapping, into: &options)
    let (ledger, _) = try LedgerLoader.load(directory: folder, options: options)
    #expect(ledger.customers.extras.map(\.name) == ["raison", "Région"])
    #expect(try EngineFixture(ledger).run("balance by raison").columns[1].values.map(\.description) == ["140.00", "250.00"])

    try "[customers]\nrename raison = Raison socile\n".write(toFile: mapping, atomically: true, encoding: .utf8)
    var missing = LoadOptions()
    try MappingFile.load(path: mapping, into: &missing)
    do {
      _ = try LedgerLoader.load(directory: folder, options: missing)
      Issue.record("a rename of a missing column loaded")
    } catch let error as LoadError {
      #expect(error.code == .unknownMappedColumn)
      #expect(error.message.contains("renames column 'Raison socile'"))
      #expect(error.notes.joined().contains("Raison sociale"))
    }
    try "[customers]\nrename Division = Région\n".write(toFile: mapping, atomically: true, encoding: .utf8)
    var native = LoadOptions()
    #expect(throws: LoadError.self) { try MappingFile.load(path: mapping, into: &native) }
    // `column` with a name that is not native says how to rename.
    try "[customers]\ncolumn raison = Raison sociale\n".write(toFile: mapping, atomically: true, encoding: .utf8)
    var wrong = LoadOptions()
    do {
      try MappingFile.load(path: mapping, into: &wrong)
      Issue.record("column onto a non-native name was accepted")
    } catch let error as LoadError {
      #expect(error.notes.contains("to keep a file column as an attribute under another name: rename raison = Raison sociale"))
    }
  }

  @Test("a window given with a date grouped by a grain keeps that date's buckets in the window (issue #18 item 11)")
  func dateGrainWindow() throws {
    let folder = EngineFixture.folder("date-grain", Self.files)
    let engine = EngineFixture(try LedgerLoader.load(directory: folder).0, today: "2025-03-05")
    // Due 2025-02-09, 2025-02-11 and 2025-02-14: with as of 2025-03-05, last 1 month is February.
    let february = try engine.run("balance by due_date.month last 1 month as of 2025-03-05")
    #expect(february.columns[0].values.map(\.description) == ["2025-02"])
    #expect(february.columns[1].values.map(\.description) == ["390.00"])
    #expect(february.notes.contains { $0.contains("the window keeps the rows whose due_date falls in 2025-02-01..2025-02-28") })
    // A window with no due date in it: no bucket, not a bucket of zero.
    #expect(try engine.run("balance by due_date.month from 2025-04-01 to 2025-06-30 as of 2025-03-05").rowCount == 0)
    // The rows, not whole buckets: due 2025-02-11 (250.00) and 2025-02-14 (40.00), not 2025-02-09.
    #expect(try engine.run("balance by due_date.month from 2025-02-10 to 2025-02-28 as of 2025-03-05").columns[1].values.map(\.description) == ["290.00"])
  }
}

