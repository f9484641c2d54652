#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one CSV file as UTF-8, with the byte ranges of its records.
///
/// Records are found in one serial pass that jumps from newline to newline with `memchr` and
/// runs the quote-aware state machine only on lines that hold a quote, so quoted delimiters
/// and newlines are handled exactly while plain files scan at memory speed.
final class SourceText: @unchecked Sendable {
  /// The path as the user gave it.
  let path: String
  /// The text, UTF-8, without a byte-order mark.
  let bytes: [UInt8]
  /// The encoding the file was read in.
  let encoding: TextEncoding
  /// Byte offset where each record starts; record 0 is the header.
  private(set) var starts: [Int] = []
  /// Byte offset where each record ends (before `\r\n` / `\n`).
  private(set) var ends: [Int] = []
  /// Lines that were blank (or held only delimiters) and so are not records.
  private(set) var skippedBlankLines = 0
  private var lineStarts: [Int]?

  init(path: String, bytes: [UInt8], encoding: TextEncoding) {
    self.path = path
    self.bytes = bytes
    self.encoding = encoding
  }

  /// Reads a file and decodes it to UTF-8.
  /// - Throws: `LoadError` when the file is missing, unreadable or not in `encoding`.
  static func read(path: String, displayPath: String, encoding: TextEncoding) throws -> SourceText {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      let code: LoadError.Code = errno == ENOENT ? .fileNotFound : .unreadable
      throw LoadError(code, "cannot open \(displayPath): \(String(cString: strerror(errno)))", file: displayPath)
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw LoadError(.unreadable, "cannot read \(displayPath)", file: displayPath)
    }
    let size = Int(info.st_size)
    var failed = false
    var raw = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      var done = 0
      while done < size {
        let n = Glibc.read(fd, buffer.baseAddress! + done, size - done)  // capacity is `size`
        if n <= 0 {
          failed = n < 0
          break
        }
        done += n
      }
      count = done
    }
    if failed { throw LoadError(.unreadable, "cannot read \(displayPath)", file: displayPath) }
    var offset = 0
    if raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF { offset = 3 }
    if offset > 0 { raw.removeFirst(offset) }
    var used = encoding == .latin9 ? TextEncoding.latin9 : .utf8
    if encoding != .latin9 {
      let bad = raw.withUnsafeBufferPointer { buffer in
        buffer.isEmpty ? nil : TextEncoding.firstInvalidUTF8(buffer.baseAddress!, buffer.count)
      }
      if let bad {
        if encoding == .utf8 || offset > 0 {
          let probe = SourceText(path: displayPath, bytes: raw, encoding: .utf8)
          let (line, column) = probe.lineAndColumn(of: bad)
          throw LoadError(
            .badEncoding, String(format: "byte 0x%02X is not valid UTF-8", raw[bad]), file: displayPath, line: line,
            column: column, notes: ["if the file is ISO-8859-15 (Latin-9), load it with encoding=latin9"])
        }
        used = .latin9
      }
    }
    if used == .latin9 {
      raw = raw.withUnsafeBufferPointer { buffer in
        buffer.isEmpty ? [] : TextEncoding.latin9ToUTF8(buffer.baseAddress!, buffer.count)
      }
    }
    return SourceText(path: displayPath, bytes: raw, encoding: used)
  }

  /// The number of records, header included.
  var recordCount: Int { starts.count }

  /// Finds the records.
  /// - Throws: `LoadError.unclosedQuote` when a quoted field runs to the end of the file.
  func scanRecords(delimiter: UInt8) throws {
    var starts: [Int] = []
    var ends: [Int] = []
    starts.reserveCapacity(bytes.count / 64 + 16)
    ends.reserveCapacity(bytes.count / 64 + 16)
    var blanks = 0
    try bytes.withUnsafeBufferPointer { buffer in
      guard let p = buffer.baseAddress else { return }
      let n = buffer.count
      var pos = 0
      while pos < n {
        let recordStart = pos
        let lineEnd = SourceText.find(10, p, from: pos, to: n)
        var end: Int
        if SourceText.find(34, p, from: pos, to: lineEnd) == lineEnd {
          end = lineEnd
        } else {
          end = try scanQuotedRecord(p, n, from: recordStart, delimiter: delimiter)
        }
        pos = end < n ? end + 1 : n
        if end > recordStart && p[end - 1] == 13 { end -= 1 }
        if SourceText.isBlank(p, from: recordStart, to: end, delimiter: delimiter) {
          blanks += 1
          continue
        }
        starts.append(recordStart)
        ends.append(end)
      }
    }
    self.starts = starts
    self.ends = ends
    self.skippedBlankLines = blanks
  }

  /// Whether `[from, to)` holds only spaces and delimiters.
  private static func isBlank(_ p: UnsafePointer<UInt8>, from: Int, to: Int, delimiter: UInt8) -> Bool {
    var i = from
    while i < to {
      let c = p[i]
      if c != delimiter && c != 32 && c != 9 && c != 13 { return false }
      i += 1
    }
    return true
  }

  /// The quote-aware record scan: returns the offset of the newline that ends the record.
  private func scanQuotedRecord(_ p: UnsafePointer<UInt8>, _ n: Int, from start: Int, delimiter: UInt8) throws -> Int {
    var i = start
    var atFieldStart = true
    while i < n {
      let c = p[i]
      if atFieldStart && c == 34 {
        let open = i
        i += 1
        while true {
          let q = SourceText.find(34, p, from: i, to: n)
          if q == n {
            let (line, column) = lineAndColumn(of: open)
            throw LoadError(
              .unclosedQuote, "quoted field is never closed", file: path, line: line, column: column,
              sourceLine: lineText(line), notes: ["a field that starts with \" must end with \"; a quote inside it is written \"\""])
          }
          if q + 1 < n && p[q + 1] == 34 {
            i = q + 2
          } else {
            i = q + 1
            break
          }
        }
        atFieldStart = false
        continue
      }
      if c == delimiter {
        atFieldStart = true
      } else if c == 10 {
        return i
      } else if c != 32 {
        atFieldStart = false
      }
      i += 1
    }
    return n
  }

  /// The offset of the first `byte` in `[from, to)`, or `to`.
  @inline(__always)
  static func find(_ byte: UInt8, _ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    guard from < to, let hit = memchr(p + from, Int32(byte), to - from) else { return to }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(p)
  }

  /// The 1-based line and character column of a byte offset.
  func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
    let starts = lineStartOffsets()
    var lo = 0
    var hi = starts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    let lineStart = starts[lo]
    let end = min(max(offset, lineStart), bytes.count)
    var column = 1
    for i in lineStart..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
    return (lo + 1, column)
  }

  /// The 1-based line on which record `record` starts.
  func line(ofRecord record: Int) -> Int { lineAndColumn(of: starts[record]).line }

  /// The text of a 1-based line, without its line break.
  func lineText(_ line: Int) -> String {
    let starts = lineStartOffsets()
    guard line >= 1 && line <= starts.count else { return "" }
    let start = starts[line - 1]
    var end = line < starts.count ? starts[line] - 1 : bytes.count
    if end > start && bytes[end - 1] == 13 { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The raw bytes of record `record`, as written (quotes and all).
  func recordBytes(_ record: Int) -> ArraySlice<UInt8> { bytes[starts[record]..<ends[record]] }

  private func lineStartOffsets() -> [Int] {
    if let lineStarts { return lineStarts }
    var result = [0]
    bytes.withUnsafeBufferPointer { buffer in
      guard let p = buffer.baseAddress else { return }
      var pos = 0
      while pos < buffer.count {
        let nl = SourceText.find(10, p, from: pos, to: buffer.count)
        if nl >= buffer.count { break }
        result.append(nl + 1)
        pos = nl + 1
      }
    }
    lineStarts = result
    return result
  }
}
