import Foundation
import Testing
@testable import ArqlLedger

@Suite("Record scan: a text split over threads gives the records of one serial scan")
struct RecordScanTests {
  /// The records, blank lines and error of a scan, to compare two scans.
  struct Outcome: Equatable {
    var starts: [Int] = []
    var ends: [Int] = []
    var blanks = 0
    var error: String?
  }

  static func scan(_ bytes: [UInt8], threads: Int, partBytes: Int) -> Outcome {
    let text = SourceText(path: "t.csv", bytes: bytes, encoding: .utf8)
    do {
      try text.scanRecords(delimiter: 44, threads: threads, partBytes: partBytes)
      return Outcome(starts: text.starts, ends: text.ends, blanks: text.skippedBlankLines)
    } catch {
      return Outcome(error: "\(error)")
    }
  }

  /// A CSV text whose fields may be quoted and hold delimiters, doubled quotes, line feeds and
  /// CRLF; some lines are blank; with `unclosed`, one quoted field is never closed.
  static func text(_ rng: inout SplitMix64, rows: Int, unclosed: Bool) -> [UInt8] {
    var out = "id,note,amount\n"
    let unclosedRow = unclosed ? rng.int(0...(rows - 1)) : -1
    for row in 0..<rows {
      if rng.int(0...19) == 0 { out += rng.int(0...1) == 0 ? "\n" : ",,\r\n" }
      var note: String
      switch rng.int(0...5) {
      case 0: note = "\"a,b\""
      case 1: note = "\"line one\nline two\""
      case 2: note = "\"x\"\"y\nz\""
      case 3: note = "\"\n\n\""
      case 4: note = "plain"
      default: note = ""
      }
      if row == unclosedRow { note = "\"never closed\n" }
      out += "R\(row),\(note),\(rng.int(0...999)).00" + (rng.int(0...3) == 0 ? "\r\n" : "\n")
    }
    return Array(out.utf8)
  }

  @Test("records, blank lines and the unclosed-quote error match the serial scan, parts split anywhere")
  func partsMatchSerial() {
    var rng = SplitMix64(seed: 7)
    var spanned = 0
    for round in 0..<300 {
      let bytes = Self.text(&rng, rows: rng.int(1...60), unclosed: round % 5 == 0)
      let serial = Self.scan(bytes, threads: 1, partBytes: .max)
      for threads in [2, 3, 7] {
        let split = Self.scan(bytes, threads: threads, partBytes: 1)
        #expect(split == serial, "round \(round), \(threads) threads")
      }
      // Count texts where a part starts inside a quoted field, the case the re-scan is for.
      let parts = bytes.withUnsafeBufferPointer { SourceText.partStarts($0, parts: 2, minimum: 1) }
      if serial.error == nil, parts.count == 2, !serial.starts.contains(parts[1]) { spanned += 1 }
    }
    #expect(spanned > 20, "too few texts had a part start inside a record: \(spanned)")
  }

  /// The regions the parts write into are sized from the first 256 KB's line length: long
  /// lines there and short ones after overflow them, and the text is scanned again into arrays.
  @Test("lines much shorter after the first 256 KB (regions too small) still give the serial scan's records", arguments: [2, 3])
  func shorterLinesLaterOn(threads: Int) {
    var text = "id,note\n"
    for row in 0..<2_000 { text += "R\(row)," + String(repeating: "x", count: 200) + "\n" }
    for row in 0..<100_000 { text += "\(row % 10),\(row % 7)\n" }
    let bytes = Array(text.utf8)
    let serial = Self.scan(bytes, threads: 1, partBytes: .max)
    #expect(serial.starts.count == 102_001 && serial.error == nil)
    #expect(Self.scan(bytes, threads: threads, partBytes: 1) == serial)
    // Uniform lines fit their regions.
    let uniform = Array(("id,note\n" + (0..<50_000).map { "R\($0),\($0 % 97)\n" }.joined()).utf8)
    #expect(Self.scan(uniform, threads: threads, partBytes: 1) == Self.scan(uniform, threads: 1, partBytes: .max))
  }

  @Test("records are found again after they are released, as before")
  func releasedRecordsComeBack() throws {
    var rng = SplitMix64(seed: 3)
    let bytes = Self.text(&rng, rows: 40, unclosed: false)
    let text = SourceText(path: "t.csv", bytes: bytes, encoding: .utf8)
    try text.scanRecords(delimiter: 44)
    let (starts, ends, count) = (text.starts, text.ends, text.recordCount)
    text.releaseRecords()
    #expect(text.recordsReleased)
    #expect(text.recordCount == count)
    #expect(text.starts == starts)
    #expect(!text.recordsReleased)
    #expect(text.ends == ends)
    #expect(text.line(ofRecord: count - 1) == text.lineAndColumn(of: starts[count - 1]).line)
  }
}
