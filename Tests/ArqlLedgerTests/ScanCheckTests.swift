import Foundation
import Testing
@testable import ArqlLedger

/// A file read with `checkWhileScanning` is checked by its record scan (one walk for both):
/// the scan must find every byte the check at read time finds, wherever it lies, and the
/// problem must come before any other error, as when the check ran first.
@Suite("Record scan: the text check made while scanning")
struct ScanCheckTests {
  /// A CSV of about `bytes` bytes: numbered rows, and one quoted field of `quotedLines` lines
  /// (spanning a scan window) starting at row `quotedRow`.
  static func csv(bytes: Int, quotedRow: Int = 3_000, quotedLines: Int = 20_000) -> [UInt8] {
    var text = "id,note,amount\n"
    var row = 0
    while text.utf8.count < bytes {
      if row == quotedRow {
        text += "R\(row),\"" + (0..<quotedLines).map { "quoted line \($0)" }.joined(separator: "\n") + "\",1.00\n"
      } else {
        text += "R\(row),plain,\(row % 997).50\n"
      }
      row += 1
    }
    return Array(text.utf8)
  }

  static func write(_ bytes: [UInt8]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arql-scan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("t.csv").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// How a scan of the file read unchecked ended: its record starts, or the error's type and text.
  static func scanUnchecked(_ path: String, threads: Int, partBytes: Int) -> Result<[Int], ScanFailure> {
    do {
      let text = try SourceText.read(path: path, displayPath: path, encoding: .auto, threads: threads, checkWhileScanning: true)
      guard text.uncheckedText else { return .failure(.notDeferred) }
      try text.scanRecords(delimiter: 44, threads: threads, partBytes: partBytes)
      guard !text.uncheckedText else { return .failure(.stillUnchecked) }
      return .success(text.starts)
    } catch is SourceText.UncheckedTextProblem {
      return .failure(.notText)
    } catch {
      return .failure(.other("\(error)"))
    }
  }

  enum ScanFailure: Error, Equatable {
    case notText, notDeferred, stillUnchecked
    case other(String)
  }

  @Test("a clean file scans to the records of a file checked when read, and is then checked", arguments: [1, 2])
  func cleanFile(threads: Int) throws {
    let path = try Self.write(Self.csv(bytes: 1 << 20))
    let checked = try SourceText.read(path: path, displayPath: path, encoding: .auto, threads: threads)
    #expect(!checked.uncheckedText)
    try checked.scanRecords(delimiter: 44, threads: threads, partBytes: 1)
    let unchecked = Self.scanUnchecked(path, threads: threads, partBytes: 1)
    #expect((try? unchecked.get()) == checked.starts, "the records differ")
    #expect(checked.recordCount > 20_000)
  }

  /// Offsets across the file: the first window, window ends, inside the quoted field both in
  /// the window where its record starts and past it, the middle (where a second part starts),
  /// the last bytes.
  static func placements(_ bytes: [UInt8]) -> [Int] {
    let quoted = bytes.firstIndex(of: 34) ?? 0
    let window = SourceText.scanWindow
    return [20, window - 1, window, window + 1, quoted + 10, quoted + 150_000, bytes.count / 2 + 7, bytes.count - 2]
  }

  /// The quoted field (330 KB) crosses the first window's end (at row 6,000), or the middle of
  /// the file, so that the second part starts inside it and is scanned again (row 20,000).
  @Test("a NUL, an invalid byte or a byte-order mark anywhere stops the scan as not text",
        arguments: [(1, 6_000), (2, 6_000), (2, 20_000)])
  func badBytesAnywhere(threads: Int, quotedRow: Int) throws {
    let clean = Self.csv(bytes: 1 << 20, quotedRow: quotedRow)
    #expect((try? Self.scanUnchecked(try Self.write(clean), threads: threads, partBytes: 1).get()) != nil, "the clean file scans")
    let bad: [[UInt8]] = [[0], [0xFF], [0xEF, 0xBB, 0xBF], [0xC3]]
    for offset in Self.placements(clean) {
      for bytes in bad {
        var damaged = clean
        // On a letter or digit of a plain line or of the quoted field, so the records are unchanged.
        var at = offset
        while at < damaged.count && !(damaged[at] >= 48 && damaged[at] <= 122) { at += 1 }
        damaged.replaceSubrange(at..<at + 1, with: bytes)
        let path = try Self.write(damaged)
        let outcome = Self.scanUnchecked(path, threads: threads, partBytes: 1).map(\.count)
        #expect(outcome == .failure(.notText), "\(bytes) at \(at) of \(damaged.count)")
        // A file checked when read finds it too (the two agree on what is not text).
        #expect(throws: LoadError.self) {
          try SourceText.read(path: path, displayPath: path, encoding: .utf8, threads: threads)
        }
      }
    }
  }

  @Test("a bad byte after an unclosed quote is reported as not text, as a check at read time would")
  func badByteBeatsUnclosedQuote() throws {
    // The quote opens 600 KB before the end: more than a window, so the scan meets the
    // unclosed quote before it has checked the bytes at the end.
    var bytes = Self.csv(bytes: 300 << 10, quotedRow: 1_000_000)
    bytes += Array("R_open,\"never closed,1.00\n".utf8)
    bytes += Self.csv(bytes: 600 << 10, quotedRow: 1_000_000).dropFirst(15)
    #expect(bytes.count - (300 << 10) > 2 * SourceText.scanWindow)
    let unclosed = try Self.write(bytes)
    guard case .failure(.other(let message)) = Self.scanUnchecked(unclosed, threads: 2, partBytes: 1).map(\.count) else {
      Issue.record("an unclosed quote in a clean file is that error")
      return
    }
    #expect(message.contains("never closed"))
    bytes += [0x41, 0x00, 0x42, 10]
    let both = try Self.write(bytes)
    #expect(Self.scanUnchecked(both, threads: 2, partBytes: 1).map(\.count) == .failure(.notText))
  }

  @Test("a load reads a Latin-9 file whose first non-ASCII byte lies past the first window")
  func latin9PastFirstWindow() throws {
    var customers = "customer_id,name\n"
    for k in 0..<30_000 { customers += "C\(k),Customer \(k)\n" }
    var bytes = Array(customers.utf8)
    bytes += Array("C_last,Soci".utf8) + [0xE9, 0x74, 0xE9, 0x20, 0xA4] + [10]
    #expect(bytes.count > SourceText.scanWindow * 2)
    let dir = TestLedger.withBytes([
      "customers.csv": bytes, "invoices.csv": Array("invoice_id,customer_id,doc_date,amount\nI1,C_last,2025-01-01,1\n".utf8),
    ])
    let (ledger, report) = try TestLedger.load(dir)
    #expect(ledger.customers.name[30_000] == "Société €")
    #expect(report.tables.first { $0.table == .customers }?.notes.contains("encoding ISO-8859-15 (detected)") == true)
  }
}
