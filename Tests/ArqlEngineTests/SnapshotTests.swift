import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// Snapshots (issue #13): a ledger saved as it is in memory opens with the same answers; the
/// folder's snapshot is used only while its files are unchanged; damaged, foreign, other-version
/// and inconsistent files are refused with L006 / L002, never used.
@Suite("Snapshots")
struct SnapshotTests {
  /// A generated ledger with every table, plus an extra column with empty values.
  static func ledgerFolder(_ name: String) throws -> String {
    let folder = EngineFixture.folder(name, [:])
    _ = try LedgerGenerator.generate(GeneratorConfig(seed: 21, invoices: 1_500), to: folder, threads: 2)
    // An extra column, some values empty: kept as an attribute, nulls and all.
    let path = folder + "/invoices.csv"
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let tagged = [lines[0] + ",Region"] + lines.dropFirst().enumerated().map { k, line in line + (k % 3 == 0 ? "," : k % 3 == 1 ? ",Nord" : ",Sud") }
    try (tagged.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return folder
  }

  static let queries = [
    "balance, gross_open, overdue, not_due, unapplied, open_count by division",
    "aged balance by division", "balance by Region",
    "dso, countback_dso, bpdso, cei by quarter last 4 quarters",
    "dbt, avg_days_to_pay, collected by month last 6 months vs previous period",
    "payment_delay, payment_class by category", "credit_overrun, customers_over_limit by division",
    "forecast by month next 6 months by division", "promise_kept_rate by quarter last 4 quarters",
    "disputed_amount, dispute_dso by division", "balance by customer top 10 as of 2025-06-30",
    "balance by invoice top 5", "list items limit 20",
  ]

  static func same(_ a: EngineFixture, _ b: EngineFixture) throws {
    for q in queries {
      #expect(try a.run(q).columns.map { $0.values.map(\.description) } == b.run(q).columns.map { $0.values.map(\.description) }, "\(q)")
    }
  }

  @Test("a snapshot opens the ledger it was written from: every query gives the same answer")
  func roundTrip() throws {
    let folder = try Self.ledgerFolder("snap-roundtrip")
    let out = EngineFixture.folder("snap-out", [:]) + "/copy.arqlsnap"
    let (ledger, _, path, bytes) = try LedgerLoader.writeSnapshot(directory: folder, to: out)
    #expect(path == out && bytes > 0)
    let (opened, report) = try LedgerLoader.load(directory: out)
    #expect(report.snapshot == out)
    #expect(report.tables.map(\.loaded) == TableKind.allCases.filter { ledger.loadedTables.contains($0) }.map { ledger.rowCount($0) })
    #expect(opened.loadedTables == ledger.loadedTables)
    #expect(opened.invoices.extras.map(\.name) == ["Region"])
    // Read in place from the mapped file, not copied: columns, and the document ids.
    #expect(opened.invoices.amount.isBorrowed && opened.invoices.docType.isBorrowed && opened.payments.customer.isBorrowed)
    #expect(opened.invoices.id.dictionary.isMapped && !ledger.invoices.id.dictionary.isMapped)
    #expect(Array(opened.invoices.id.dictionary) == Array(ledger.invoices.id.dictionary))
    try Self.same(EngineFixture(ledger), EngineFixture(opened))
  }

  @Test("a folder's snapshot is opened while its files are unchanged, and written again when one changes, another is added or the options differ")
  func freshness() throws {
    let folder = try Self.ledgerFolder("snap-fresh")
    _ = try LedgerLoader.writeSnapshot(directory: folder, to: nil)
    #expect(FileManager.default.fileExists(atPath: folder + "/ledger.arqlsnap"))
    let (first, firstReport) = try LedgerLoader.load(directory: folder)
    #expect(firstReport.snapshot != nil)
    #expect(firstReport.notes.joined().contains("opened from ledger.arqlsnap"))
    // A new invoice: the snapshot is out of date, the files are read, and it is written again.
    let invoices = folder + "/invoices.csv"
    let header = try String(contentsOfFile: invoices, encoding: .utf8).split(separator: "\n")[0]
    let row = header.split(separator: ",", omittingEmptySubsequences: false).map { column -> String in
      switch column {
      case "invoice_id": return "SNAP-1"
      case "customer_id": return String(first.customers.id.dictionary[0])
      case "doc_type": return "INV"
      case "doc_date", "posting_date": return "2025-06-01"
      case "due_date": return "2025-07-01"
      case "amount": return "1234.56"
      case "currency": return "EUR"
      default: return ""
      }
    }.joined(separator: ",")
    try (try String(contentsOfFile: invoices, encoding: .utf8) + row + "\n").write(toFile: invoices, atomically: true, encoding: .utf8)
    let (second, secondReport) = try LedgerLoader.load(directory: folder)
    #expect(secondReport.snapshot == nil)
    #expect(secondReport.notes.joined().contains("ledger.arqlsnap was out of date (invoices.csv"))
    #expect(second.invoices.count == first.invoices.count + 1)
    let (third, thirdReport) = try LedgerLoader.load(directory: folder)
    #expect(thirdReport.snapshot != nil)
    #expect(third.invoices.count == second.invoices.count)
    try Self.same(EngineFixture(second), EngineFixture(third))
    // Other options: not the snapshot's.
    var lenient = LoadOptions()
    lenient.lenient = true
    lenient.rejectDirectory = NSTemporaryDirectory()
    #expect(try LedgerLoader.load(directory: folder, options: lenient).1.notes.joined().contains("other load options"))
    // A table file added beside the others.
    let (_, _) = try LedgerLoader.load(directory: folder)  // written again with the default options
    try FileManager.default.removeItem(atPath: folder + "/surveys.csv")
    let (fewer, fewerReport) = try LedgerLoader.load(directory: folder)
    #expect(fewerReport.notes.joined().contains("not the ones it was written from"))
    #expect(fewer.surveys.count == 0)
  }

  @Test("a ledger read through a mapping keeps its snapshot beside the mapping file, opened by the next load through it")
  func besideMapping() throws {
    let folder = try Self.ledgerFolder("snap-mapping")
    try FileManager.default.moveItem(atPath: folder + "/invoices.csv", toPath: folder + "/export.csv")
    let mapping = folder + "/ledger.map"
    try "[invoices]\nfile = export.csv\n".write(toFile: mapping, atomically: true, encoding: .utf8)
    var options = LoadOptions()
    try MappingFile.load(path: mapping, into: &options)
    let (ledger, _, path, _) = try LedgerLoader.writeSnapshot(directory: nil, options: options, baseDirectory: folder, to: nil)
    #expect(path == folder + "/ledger.arqlsnap")
    let (opened, report) = try LedgerLoader.load(directory: nil, options: options, baseDirectory: folder)
    #expect(report.snapshot == path)
    #expect(opened.invoices.count == ledger.invoices.count)
  }

  @Test("a damaged, cut, foreign or other-version snapshot is refused with what is wrong; with its folder at hand the folder is read")
  func damaged() throws {
    let folder = try Self.ledgerFolder("snap-damaged")
    let out = EngineFixture.folder("snap-damaged-out", [:]) + "/s.arqlsnap"
    _ = try LedgerLoader.writeSnapshot(directory: folder, to: out)
    let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
    func refusal(_ bytes: [UInt8]) -> LoadError? {
      let path = EngineFixture.folder("snap-bad", [:]) + "/bad.arqlsnap"
      FileManager.default.createFile(atPath: path, contents: Data(bytes))
      do {
        _ = try SnapshotFile.read(path: path)
        return nil
      } catch {
        return error
      }
    }
    var flipped = good
    flipped[good.count - 100] ^= 0x40
    #expect(refusal(flipped)?.code == .damagedSnapshot)
    #expect(refusal(flipped)?.message.contains("does not match its checksum") == true)
    // The checksum is kept while a section is read: a damaged byte anywhere (a count, a
    // string length, a column's value) is still said to be one, and nothing of it is used.
    for position in stride(from: 32, to: good.count, by: max(1, good.count / 97)) {
      var damaged = good
      damaged[position] ^= 0x5A
      #expect(refusal(damaged)?.message.contains("does not match its checksum") == true, "byte \(position) of \(good.count)")
    }
    #expect(refusal(Array(good.prefix(good.count / 2)))?.message.contains("it was cut short") == true)
    #expect(refusal(good + [0])?.message.contains("more data than its header says") == true)
    #expect(refusal(Array(good.prefix(20)))?.message.contains("header is cut short") == true)
    var version = good
    version[8] = 9
    #expect(refusal(version)?.message.contains("snapshot format 9; this arql reads format \(SnapshotFile.formatVersion)") == true)
    #expect(refusal(Array("invoice_id,customer_id\n".utf8))?.code == .unreadable)
    #expect(refusal(Array("invoice_id,customer_id\n".utf8))?.message.contains("is not an arql snapshot") == true)
    // Opened by name, a damaged snapshot whose folder is there reads the folder, with a warning.
    let path = EngineFixture.folder("snap-fallback", [:]) + "/f.arqlsnap"
    FileManager.default.createFile(atPath: path, contents: Data(flipped))
    let (ledger, report) = try LedgerLoader.load(directory: path)
    #expect(report.snapshot == nil)
    #expect(report.notes.joined().contains("does not match its checksum (in its "))
    #expect(report.notes.joined().contains("; read \(folder) instead"))
    #expect(ledger.invoices.count == (try LedgerLoader.load(directory: folder).0.invoices.count))
  }

  @Test("a snapshot whose checksums hold but whose rows point outside their tables is refused, never indexed")
  func inconsistent() throws {
    let folder = try Self.ledgerFolder("snap-inconsistent")
    var (ledger, report) = try LedgerLoader.load(directory: folder)
    report.notes = []
    ledger.invoices.customer[0] = Int32(ledger.customers.count + 5)
    let path = EngineFixture.folder("snap-inconsistent-out", [:]) + "/i.arqlsnap"
    try SnapshotFile.write(ledger, report: report, ledgerPath: folder, options: LoadOptions(), sources: [], to: path)
    do {
      _ = try SnapshotFile.read(path: path)
      Issue.record("an inconsistent snapshot was opened")
    } catch {
      #expect(error.code == .damagedSnapshot)
      #expect(error.message.contains("a row of invoices.customer points outside its table"))
    }
  }
}
