import Foundation
import Testing
@testable import ArqlLedger

@Suite("A load drops the pages of its mapped files and reads the same bytes after")
struct PageReleaseTests {
  /// The resident memory in kB of the mapping that holds `text`'s bytes (Linux
  /// /proc/self/smaps): this file's own pages, whatever other tests map meanwhile.
  static func residentKB(_ text: SourceText) -> Int? {
    // A /proc file reports size 0: read it to its end rather than by its size.
    guard let base = text.bytes.baseAddress, let data = FileHandle(forReadingAtPath: "/proc/self/smaps")?.readDataToEndOfFile()
    else { return nil }
    let smaps = String(decoding: data, as: UTF8.self)
    let address = UInt(bitPattern: Int(bitPattern: base))
    var inside = false
    for line in smaps.split(separator: "\n") {
      let words = line.split(separator: " ", omittingEmptySubsequences: true)
      if let range = words.first, range.contains("-"), !range.hasSuffix(":") {
        let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
        inside = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
      } else if inside, words.first == "Rss:", words.count >= 2 {
        return Int(words[1])
      }
    }
    return nil
  }

  /// A 32 MB CSV of numbered rows in a fresh folder.
  static func bigFile() throws -> (String, [UInt8]) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arql-pages-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var text = "id,amount\n"
    var row = 0
    while text.utf8.count < 32 << 20 {
      text += "R\(row),\(row % 997).50\n"
      row += 1
    }
    let path = folder.appendingPathComponent("t.csv").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (path, Array(text.utf8))
  }

  static func sum(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var total = 0
    for b in bytes { total &+= Int(b) }
    return total
  }

  @Test("a mapped file's pages leave resident memory and come back unchanged")
  func mappedPagesDropAndReturn() throws {
    let (path, expected) = try Self.bigFile()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let text = try SourceText.read(path: path, displayPath: path, encoding: .utf8, threads: 1)
    #expect(text.isMapped)
    let total = Self.sum(text.bytes)  // every page touched
    let before = try #require(Self.residentKB(text))
    text.releasePages()
    let after = try #require(Self.residentKB(text))
    #expect(before - after > 24 << 10, "resident file pages went from \(before) kB to \(after) kB")
    #expect(Self.sum(text.bytes) == total)
    #expect(Array(text.bytes) == expected)
  }

  @Test("a load of a large file keeps its records and values although its pages were dropped on the way")
  func loadAfterRelease() throws {
    let (path, _) = try Self.bigFile()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let text = try SourceText.read(path: path, displayPath: path, encoding: .utf8, threads: 2)
    try text.scanRecords(delimiter: 44, threads: 2)
    let (count, starts) = (text.recordCount, text.starts)
    text.releasePages()
    text.releaseRecords()
    // The records are found again by scanning the dropped pages, and read the same bytes.
    #expect(text.starts == starts)
    #expect(text.line(ofRecord: count - 1) == count)
    #expect(String(decoding: text.recordBytes(count - 1), as: UTF8.self) == "R\(count - 2),\((count - 2) % 997).50")
  }

  @Test("while a ledger is built, a timer drops the pages its loops have touched")
  func releaserDropsTouchedPages() throws {
    let (path, _) = try Self.bigFile()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let text = try SourceText.read(path: path, displayPath: path, encoding: .utf8, threads: 1)
    text.releasePages()
    let releaser = PageReleaser([text], milliseconds: 5)
    _ = Self.sum(text.bytes)
    Thread.sleep(forTimeInterval: 0.2)
    let during = try #require(Self.residentKB(text))
    releaser.stop()
    #expect(during < 8 << 10, "\(during) kB of the file resident after the walk")
    // Without the timer the walk keeps the file resident: the measure above can tell.
    _ = Self.sum(text.bytes)
    let kept = try #require(Self.residentKB(text))
    #expect(kept > 24 << 10)
  }

  @Test("text held in memory (converted from Latin-9) is never dropped")
  func memoryTextIsKept() throws {
    let bytes = Array("id,name\n1,caf\u{E9}\n".utf8)
    let text = SourceText(path: "t.csv", bytes: bytes, encoding: .utf8)
    #expect(!text.isMapped)
    text.releasePages()
    #expect(Array(text.bytes) == bytes)
  }
}
