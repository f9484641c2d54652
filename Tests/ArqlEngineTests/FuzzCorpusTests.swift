import ArqlEngine
import ArqlLanguage
@testable import ArqlLedger
import Foundation
import Testing

/// Every input of the fuzzers' corpora (Tests/Fuzz: the seeds, and each crash the fuzzers found,
/// kept as `regression-*`) goes through the same entry points as `make fuzz`, in the normal test
/// run: what once crashed must now give an answer or a typed error.
@Suite("Fuzz corpora replayed")
struct FuzzCorpusTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz").path

  static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
    let folder = root + "/" + target
    return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { name in
      (name, Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
    }
  }

  /// A table input read as the fuzzers read it: the first byte picks the table and lenient mode.
  static func table(_ bytes: [UInt8]) -> (TableKind, LoadOptions, ParsedTable)? {
    guard let option = bytes.first else { return nil }
    let kind = TableKind.allCases[Int(option) % TableKind.allCases.count]
    var options = LoadOptions()
    options.lenient = option & 0x08 != 0
    let source = SourceText(path: "fuzz.csv", bytes: Array(bytes.dropFirst()), encoding: .utf8)
    guard let table = try? CSVTableReader.read(source: source, schema: .native(kind), mapping: TableMapping(), options: options.csv,
                                               lenient: options.lenient, threads: 1)
    else { return nil }
    return (kind, options, table)
  }

  @Test("queries: parsed and bound, and run on the mini-ledger")
  func queries() throws {
    let inputs = try Self.inputs("query")
    #expect(inputs.count >= 50)
    for (_, bytes) in inputs {
      let f = EngineFixture()
      let result = Parser.parse(String(decoding: bytes, as: UTF8.self), context: f.engine.parserContext)
      for statement in result.script.statements {
        if case .load = statement { continue }
        try? f.engine.check(statement)
        _ = try? f.engine.execute(statement)
      }
    }
  }

  @Test("mapping files: read or refused with a located error")
  func mappings() throws {
    for (name, bytes) in try Self.inputs("mapping") {
      var options = LoadOptions()
      do {
        try MappingFile.parse(String(decoding: bytes, as: UTF8.self), path: name, into: &options)
      } catch let error as LoadError {
        #expect(error.line != nil, "\(name): \(error)")
      }
    }
    // The fuzzer's first find: `= value` with no key crashed the reader.
    var options = LoadOptions()
    #expect(throws: LoadError.self) { try MappingFile.parse("[invoices]\n = Document Number\n", path: "m", into: &options) }
  }

  @Test("table files under every option: typed or refused, then built")
  func tables() throws {
    let inputs = try Self.inputs("csv")
    #expect(inputs.count >= 20)
    for (_, bytes) in inputs {
      guard let (kind, options, table) = Self.table(bytes) else { continue }
      var builder = LedgerBuilder(parsed: [kind: table], options: options)
      _ = try? builder.build()
    }
  }

  @Test("table files appended to the mini-ledger: added or refused; the merged index equals a rebuilt one")
  func appends() throws {
    let base = try LedgerLoader.load(directory: EngineFixture.miniLedgerPath).0
    var added = 0
    for (name, bytes) in try Self.inputs("append") {
      guard let (kind, options, table) = Self.table(bytes),
        let ledger = try? LedgerAppender.append(parsed: [kind: table], to: base, options: options)
      else { continue }
      added += 1
      let rebuilt = ApplicationIndex(invoices: ledger.invoices, payments: ledger.payments)
      #expect(ledger.applications.offsets == rebuilt.offsets && ledger.applications.date == rebuilt.date
                && ledger.applications.amount == rebuilt.amount && ledger.applications.source == rebuilt.source, "\(name)")
    }
    #expect(added >= 3)  // the seeds include appends that pass
  }

  @Test("FECs read in small parts, classified and built")
  func fecs() throws {
    for (_, bytes) in try Self.inputs("fec") {
      guard let option = bytes.first else { continue }
      Array(bytes.dropFirst()).withUnsafeBufferPointer { buffer in
        guard let fec = try? FecReader.read(buffer, path: "fuzz.txt", encoding: .utf8, threads: 1 + Int(option & 1), partBytes: 64 + Int(option >> 1) * 8)
        else { return }
        let built = FecLedger(fec, options: FecOptions())
        var builder = LedgerBuilder(parsed: [.invoices: built.invoices, .payments: built.payments, .customers: built.customers],
                                    options: LoadOptions())
        _ = try? builder.build()
      }
    }
  }

  @Test("snapshots that pass their checksums but were changed by hand: opened in place and queried, or refused")
  func snapshots() throws {
    let inputs = try Self.inputs("snapshot")
    #expect(inputs.contains { $0.name.hasPrefix("seed") })
    var opened = 0
    for (name, bytes) in inputs {
      guard let ledger = try? SnapshotFile.openResealed(bytes) else { continue }
      opened += 1
      let f = EngineFixture(ledger, today: "2025-06-30")
      for query in ["aged balance by division", "dso, cei by customer", "credit_overrun, payment_delay by category", "list items limit 20",
                    "disputed_amount by reason", "forecast by month next 3 months", "balance by invoice top 5"] {
        _ = try? f.run(query)
      }
      _ = name
    }
    #expect(opened >= 1)  // the seed itself opens
    // The seed's values changed by hand, checksums made to hold: each change is refused by the
    // checks after the checksums, never indexed.
    let seed = try #require(inputs.first { $0.name.hasPrefix("seed") }).bytes
    let good = try SnapshotFile.openResealed(seed)
    #expect(good.invoices.count == EngineFixture.mini?.invoices.count)
    var refused = 0
    for position in stride(from: seed.count / 3, to: seed.count, by: 61) {
      var changed = seed
      changed[position] ^= 0xFF
      do {
        let ledger = try SnapshotFile.openResealed(changed)
        _ = try? EngineFixture(ledger, today: "2025-06-30").run("aged balance by customer")
      } catch {
        refused += 1
      }
    }
    #expect(refused > 0)
  }
}
