import Dispatch
import Foundation

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
  /// The text, UTF-8, without a byte-order mark (a view into `storage`).
  let bytes: UnsafeBufferPointer<UInt8>
  /// The encoding the file was read in.
  let encoding: TextEncoding
  /// Byte offset where each record starts; record 0 is the header. Found again by a scan when
  /// they were released (`releaseRecords`): only an error message or a reject file reads them then.
  var starts: [Int] {
    restoreRecords()
    return recordStarts
  }
  /// Byte offset where each record ends (before `\r\n` / `\n`).
  var ends: [Int] {
    restoreRecords()
    return recordEnds
  }
  private var recordStarts: [Int] = []
  private var recordEnds: [Int] = []
  /// The number of records, header included.
  private(set) var recordCount = 0
  /// The delimiter of the last scan, to find the records again after `releaseRecords`.
  private var scannedDelimiter: UInt8?
  private(set) var recordsReleased = false
  /// Lines that were blank (or held only delimiters) and so are not records.
  private(set) var skippedBlankLines = 0
  private var lineStarts: [Int]?
  private let release: () -> Void
  /// The files joined into this text (several files for one table) after the first: the line of
  /// the text where each one's rows start, and its path. Empty for one file.
  private(set) var joinedParts: [(firstLine: Int, path: String)] = []
  /// The first file's path (the path of a single file).
  private(set) lazy var firstPath: String = path
  /// For a table built from another file (a FEC's documents): the line of that file each
  /// record comes from; the text is then only the bytes the table's keys point into.
  private(set) var recordLines: [Int32]?
  /// Whether the file's lines ended with CR alone, read as LF.
  private(set) var lineEndsConverted = false

  /// Text held in memory the object owns.
  init(path: String, bytes: [UInt8], encoding: TextEncoding) {
    let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
    _ = storage.initialize(from: bytes)
    self.path = path
    self.bytes = UnsafeBufferPointer(start: storage.baseAddress, count: bytes.count)
    self.encoding = encoding
    self.release = { storage.deallocate() }
  }

  /// Text in a region released by `release` (a file mapping).
  private init(path: String, bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding, release: @escaping () -> Void) {
    self.path = path
    self.bytes = bytes
    self.encoding = encoding
    self.release = release
    self.isMapped = true
  }

  /// Whether the text is a read-only mapping of its file, whose pages the kernel can drop and
  /// read again (`releasePages`).
  private(set) var isMapped = false

  /// Whether the text is still to be checked for what no text holds (`TextEncoding.firstProblem`):
  /// a file read with `checkWhileScanning` is checked by its record scan, a window at a time
  /// just ahead of the lines it reads, so the file is walked once for both.
  private(set) var uncheckedText = false

  /// The record scan of a text read with `checkWhileScanning` met a byte that is not text (or
  /// not UTF-8). Reading the file again with the check first (`read` without
  /// `checkWhileScanning`) decides its encoding or gives the error, as for any file.
  struct UncheckedTextProblem: Error {}

  deinit { release() }

  /// The text a table built in memory keeps its keys in (`bytes`), with the line of the file
  /// `path` each of its `rows` records comes from; record 0 stands for a header.
  static func keys(path: String, bytes: [UInt8], lines: [Int32]) -> SourceText {
    let text = SourceText(path: path, bytes: bytes, encoding: .utf8)
    text.recordLines = [0] + lines
    text.recordStarts = [Int](repeating: 0, count: lines.count + 1)
    text.recordEnds = text.recordStarts
    text.recordCount = lines.count + 1
    return text
  }

  /// Reads a file and decodes it to UTF-8. UTF-8 files are memory-mapped, not copied.
  /// - Throws: `LoadError` when the file is missing, unreadable or not in `encoding`.
  /// `threads` share the check of a large file's bytes.
  /// - Parameter checkWhileScanning: a mapped file that is not read as Latin-9 is taken as
  ///   UTF-8 unchecked, and `scanRecords` checks it; it throws `UncheckedTextProblem` when the
  ///   check fails, and the caller reads the file again without this flag.
  static func read(path: String, displayPath: String, encoding: TextEncoding, threads: Int = 1, checkWhileScanning: Bool = false) throws
    -> SourceText
  {
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
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw LoadError(.unreadable, "\(displayPath) is a folder, not a CSV file", file: displayPath)
    }
    let size = Int(info.st_size)
    var mapped: UnsafeRawPointer? = nil
    if size > 0, let region = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), region != MAP_FAILED {
      _ = madvise(region, size, MADV_SEQUENTIAL)
      mapped = UnsafeRawPointer(region)
    }
    guard let base = mapped?.assumingMemoryBound(to: UInt8.self) else {
      if size == 0 { return SourceText(path: displayPath, bytes: [], encoding: .utf8) }
      throw LoadError(.unreadable, "cannot read \(displayPath): \(String(cString: strerror(errno)))", file: displayPath)
    }
    let unmap = { _ = munmap(UnsafeMutableRawPointer(mutating: base), size) }
    // UTF-16 with its byte-order mark (Excel's "Unicode text"): converted to UTF-8.
    if size >= 2 && ((base[0] == 0xFF && base[1] == 0xFE) || (base[0] == 0xFE && base[1] == 0xFF)) {
      let little = base[0] == 0xFF
      let units = stride(from: 2, to: size - 1, by: 2).map { i -> UInt16 in
        little ? UInt16(base[i]) | UInt16(base[i + 1]) << 8 : UInt16(base[i]) << 8 | UInt16(base[i + 1])
      }
      let utf8 = Array(String(decoding: units, as: UTF16.self).utf8)
      unmap()
      return try checked(SourceText(path: displayPath, bytes: utf8, encoding: .utf8))
    }
    let hasBOM = size >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF
    let text = UnsafeBufferPointer(start: base + (hasBOM ? 3 : 0), count: size - (hasBOM ? 3 : 0))
    var latin9 = encoding == .latin9
    let deferred = checkWhileScanning && !latin9 && !text.isEmpty
    // One pass finds invalid UTF-8 and the bytes no text holds (NUL, a byte-order mark).
    let problem = latin9 || text.isEmpty || deferred ? nil : firstProblem(text, threads: threads, mapped: true)
    if let (bad, kind) = problem, kind == .invalidUTF8 {
      if encoding == .utf8 || hasBOM {
        let probe = SourceText(path: displayPath, bytes: text, encoding: .utf8, release: unmap)
        let (line, column) = probe.lineAndColumn(of: bad)
        throw LoadError(
          .badEncoding, String(format: "byte 0x%02X is not valid UTF-8", text[bad]), file: displayPath, line: line,
          column: column, notes: ["if the file is ISO-8859-15 (Latin-9), load it with encoding=latin9"])
      }
      latin9 = true
    }
    if latin9 {
      let converted = text.isEmpty ? [] : TextEncoding.latin9ToUTF8(text.baseAddress!, text.count)
      unmap()
      return try checked(SourceText(path: displayPath, bytes: converted, encoding: .latin9))
    }
    let source = SourceText(path: displayPath, bytes: text, encoding: .utf8, release: unmap)
    if let (offset, kind) = problem { throw source.notText(at: offset, kind) }
    source.uncheckedText = deferred
    return source.withLineEnds()
  }

  /// `TextEncoding.firstProblem` of a non-empty text, its parts (split after a line feed, which
  /// no multi-byte character holds) checked on `threads` cores.
  private static func firstProblem(_ text: UnsafeBufferPointer<UInt8>, threads: Int, mapped: Bool)
    -> (offset: Int, problem: TextEncoding.TextProblem)?
  {
    guard let p = text.baseAddress else { return nil }
    let release: ((Int, Int) -> Void)? = mapped ? { releasePages(p, from: $0, to: $1) } : nil
    let parts = partStarts(text, parts: threads)
    let found = PerPart<(offset: Int, problem: TextEncoding.TextProblem)?>(parts: parts, count: text.count) { start, end in
      firstProblem(p, from: start, to: end, release: release)
    }
    return found.results.lazy.compactMap { $0 }.first
  }

  /// `TextEncoding.firstProblem` of `[from, to)` (`from` at a character's start), a few
  /// megabytes at a time, each piece ended after a line feed; the pages behind are dropped.
  private static func firstProblem(_ p: UnsafePointer<UInt8>, from: Int, to: Int, release: ((Int, Int) -> Void)?)
    -> (offset: Int, problem: TextEncoding.TextProblem)?
  {
    var start = from
    while start < to {
      var end = min(to, start + PageRelease.step)
      if end < to { end = min(to, find(10, p, from: end, to: to) + 1) }
      if let (offset, problem) = TextEncoding.firstProblem(p + start, end - start) { return (offset + start, problem) }
      release?(start, end)
      start = end
    }
    return nil
  }

  /// Below this size a text is read by one thread: a thread costs more than it saves.
  static let partBytes = 8 << 20

  /// Where each of up to `parts` pieces of a text starts: 0, then just after a line feed near
  /// each equal share. One piece for a text under `minimum` bytes.
  static func partStarts(_ text: UnsafeBufferPointer<UInt8>, parts: Int, minimum: Int = partBytes) -> [Int] {
    guard let p = text.baseAddress, parts > 1, text.count >= minimum else { return [0] }
    var starts = [0]
    for k in 1..<parts {
      let from = max(k * (text.count / parts), starts[starts.count - 1])
      let newline = find(10, p, from: from, to: text.count)
      guard newline + 1 < text.count else { break }
      starts.append(newline + 1)
    }
    return starts
  }

  /// Converted text (from UTF-16 or Latin-9, so valid UTF-8) checked for the bytes no text holds.
  private static func checked(_ text: SourceText) throws -> SourceText {
    guard !text.bytes.isEmpty else { return text }
    if let (offset, kind) = firstProblem(text.bytes, threads: 1, mapped: false) { throw text.notText(at: offset, kind) }
    return text.withLineEnds()
  }

  /// The error for a NUL byte (a binary file, or UTF-16 without its byte-order mark) or a
  /// byte-order mark after the start (two files joined), found before they become part of an id.
  private func notText(at offset: Int, _ problem: TextEncoding.TextProblem) -> LoadError {
    let (line, column) = lineAndColumn(of: offset)
    if problem == .nul {
      return LoadError(.badEncoding, "the file holds a NUL byte (0x00): it is not a text file, or it is UTF-16 without a byte-order mark",
                       file: path, line: line, column: column, notes: ["save it as CSV (UTF-8) and load it again"])
    }
    return LoadError(.badEncoding, "a byte-order mark (EF BB BF) in the middle of the file: were two files joined?", file: path, line: line,
                     column: column, notes: ["remove it (or load the files apart: file = a.csv, b.csv in a mapping)"])
  }

  /// This text, or, when its lines end with CR alone (old Mac), a copy with LF ends.
  private func withLineEnds() -> SourceText {
    guard let p = bytes.baseAddress, memchr(p, 10, bytes.count) == nil, memchr(p, 13, bytes.count) != nil else { return self }
    let converted = SourceText(path: path, bytes: bytes.map { $0 == 13 ? UInt8(10) : $0 }, encoding: encoding)
    converted.lineEndsConverted = true
    converted.uncheckedText = uncheckedText
    return converted
  }

  /// Finds the records, a part of a large text per thread.
  ///
  /// Each part but the first starts just after a line feed, which is a record's start unless a
  /// quoted field spans it. The parts are scanned at once; a part counts only when the part
  /// before it stopped exactly at its start (the quote-aware scan from the file's start says it
  /// is a record's start). Otherwise the text from where that scan stopped is scanned again, so
  /// the records are always those of one serial scan.
  ///
  /// Each part writes its records' offsets into its own region of one pair of arrays, sized from
  /// the line length of the text's first 256 KB with a margin (room never written costs no
  /// memory), and the regions are then closed up in place: joining an array per part copied
  /// every offset into fresh memory, which the kernel zeroes first. When a part's records do
  /// not fit its region (shorter lines further on), the text is scanned again, whole, into
  /// arrays that grow.
  /// A text read unchecked (`uncheckedText`) is checked by the same walk, and is checked once
  /// the scan succeeds.
  /// - Throws: `LoadError.unclosedQuote` when a quoted field runs to the end of the file;
  ///   `UncheckedTextProblem` when an unchecked text is not UTF-8 text (which comes before any
  ///   other problem, as it does for a text checked when read).
  /// - Parameter partBytes: the size under which the text is one part (a test sets it small).
  func scanRecords(delimiter: UInt8, threads: Int = 1, partBytes: Int = SourceText.partBytes) throws {
    do {
      try findRecords(delimiter: delimiter, threads: threads, partBytes: partBytes)
    } catch let error as LoadError where uncheckedText {
      // The scan stopped before checking the rest: the rest might not be text.
      if SourceText.firstProblem(bytes, threads: threads, mapped: isMapped) != nil { throw UncheckedTextProblem() }
      throw error
    }
    uncheckedText = false
  }

  /// The work of `scanRecords`.
  private func findRecords(delimiter: UInt8, threads: Int, partBytes: Int) throws {
    let parts = SourceText.partStarts(bytes, parts: threads, minimum: partBytes)
    let lineBytes = max(8, SourceText.averageLineBytes(bytes) * 3 / 4)
    let capacities = parts.indices.map { k in ((k + 1 < parts.count ? parts[k + 1] : bytes.count) - parts[k]) / lineBytes + 16 }
    var bases = [0]
    for capacity in capacities.dropLast() { bases.append(bases[bases.count - 1] + capacity) }
    let total = bases[bases.count - 1] + capacities[capacities.count - 1]
    var starts = [Int](unsafeUninitializedCapacity: total) { _, count in count = total }
    var ends = [Int](unsafeUninitializedCapacity: total) { _, count in count = total }
    var count = 0
    var blanks = 0
    var fits = true
    try starts.withUnsafeMutableBufferPointer { s in
      try ends.withUnsafeMutableBufferPointer { e in
        guard let s = s.baseAddress, let e = e.baseAddress else { return }
        let scans = PerPart<Result<RecordScan, Error>>(parts: parts, count: bytes.count) { start, end in
          let k = parts.firstIndex(of: start) ?? 0
          var sink = RecordSink(starts: s + bases[k], ends: e + bases[k], capacity: capacities[k])
          return Result { try scan(from: start, to: end, delimiter: delimiter, into: &sink) }
        }.results
        for k in scans.indices {
          let scan = try scans[k].get()
          guard !scan.overflowed else {
            fits = false
            return
          }
          if bases[k] != count {  // regions only move down: memmove is safe
            (s + count).update(from: s + bases[k], count: scan.count)
            (e + count).update(from: e + bases[k], count: scan.count)
          }
          count += scan.count
          blanks += scan.blanks
          // The next part is no record's start: scan on from where this one stopped, to the end.
          if k + 1 < scans.count && scan.stop != parts[k + 1] {
            var sink = RecordSink(starts: s + count, ends: e + count, capacity: total - count)
            let rest = try self.scan(from: scan.stop, to: bytes.count, delimiter: delimiter, into: &sink)
            guard !rest.overflowed else {
              fits = false
              return
            }
            count += rest.count
            blanks += rest.blanks
            break
          }
        }
      }
    }
    if fits {
      starts.removeLast(total - count)
      ends.removeLast(total - count)
    } else {  // shorter lines further on: one scan into arrays that grow (rare, so not split)
      var sink = RecordSink(starts: nil, ends: nil, capacity: 0)
      blanks = try scan(from: 0, to: bytes.count, delimiter: delimiter, into: &sink).blanks
      (starts, ends) = (sink.startArray, sink.endArray)
    }
    recordStarts = starts
    recordEnds = ends
    recordCount = starts.count
    skippedBlankLines = blanks
    scannedDelimiter = delimiter
    recordsReleased = false
  }

  /// The bytes a record scan looks at before reading their lines: checked (`uncheckedText`) and
  /// searched for quotes. Small enough to be read again from the second-level cache.
  static let scanWindow = 256 << 10

  /// The average length of the lines in the first 256 KB of `text` (at least 1).
  static func averageLineBytes(_ text: UnsafeBufferPointer<UInt8>) -> Int {
    guard let p = text.baseAddress else { return 1 }
    let n = min(text.count, 256 << 10)
    var lines = 0
    var pos = 0
    while pos < n {
      pos = find(10, p, from: pos, to: n) + 1
      lines += 1
    }
    return max(1, n / max(lines, 1))
  }

  /// What a scan of part of the text found.
  private struct RecordScan {
    var count = 0
    var blanks = 0
    /// Where the scan stopped: just past the last record's line break (or the text's end).
    var stop = 0
    /// The records did not fit the room given; the scan stopped.
    var overflowed = false
  }

  /// Where a scan writes the records' offsets: a region of a given size, or arrays that grow.
  private struct RecordSink {
    let starts: UnsafeMutablePointer<Int>?
    let ends: UnsafeMutablePointer<Int>?
    let capacity: Int
    var count = 0
    var startArray: [Int] = []
    var endArray: [Int] = []

    /// Adds a record; false when the region is full.
    @inline(__always)
    mutating func add(_ start: Int, _ end: Int) -> Bool {
      if let starts, let ends {
        guard count < capacity else { return false }
        if count & 8191 == 0 {  // the region's next 64 KB, faulted in at once
          let rows = min(8192, capacity - count)
          PagePopulation.populate(UnsafeMutableRawPointer(starts + count), byteCount: rows * 8)
          PagePopulation.populate(UnsafeMutableRawPointer(ends + count), byteCount: rows * 8)
        }
        starts[count] = start
        ends[count] = end
      } else {
        startArray.append(start)
        endArray.append(end)
      }
      count += 1
      return true
    }
  }

  /// Scans the records that start in `[from, to)` into `sink`; the last may run past `to`.
  private func scan(from: Int, to: Int, delimiter: UInt8, into sink: inout RecordSink) throws -> RecordScan {
    var scan = RecordScan()
    scan.stop = from
    guard let p = bytes.baseAddress else { return scan }
    let n = bytes.count
    var pos = from
    var pages = PageRelease(self, from: from)
    defer { releasePages(from: pages.released, to: pos) }
    // The next quote at or after `pos`, looked for once a window rather than once a line (the
    // window's end when it has none: a line running past it is then scanned as quoted). A
    // window, not the whole part: the search maps the pages it reads.
    var quote = from - 1
    // An unchecked text is checked up to here, a window (ended after a line feed) ahead of the
    // lines found, so that the lines are then read from the cache.
    let checking = uncheckedText
    var checkedTo = from
    func check(upTo end: Int) throws {
      if TextEncoding.firstProblem(p + checkedTo, end - checkedTo) != nil { throw UncheckedTextProblem() }
      checkedTo = end
    }
    while pos < to {
      let recordStart = pos
      pages.passed(recordStart)
      if checking && pos >= checkedTo {
        var end = min(n, pos + SourceText.scanWindow)
        if end < n { end = min(n, SourceText.find(10, p, from: end, to: n) + 1) }
        try check(upTo: end)
      }
      let lineEnd = SourceText.find(10, p, from: pos, to: n)
      if quote < pos { quote = SourceText.find(34, p, from: pos, to: min(to, pos + SourceText.scanWindow)) }
      var end: Int
      if quote >= lineEnd {
        end = lineEnd
      } else {
        end = try scanQuotedRecord(p, n, from: recordStart, delimiter: delimiter)
      }
      pos = end < n ? end + 1 : n
      if end > recordStart && p[end - 1] == 13 { end -= 1 }
      if SourceText.isBlank(p, from: recordStart, to: end, delimiter: delimiter) {
        scan.blanks += 1
        continue
      }
      guard sink.add(recordStart, end) else {
        scan.overflowed = true
        return scan
      }
    }
    // A quoted record may have run past the last window checked: the scan answers for the text
    // up to where it stopped (the next part's scan may start there, and only a scan whose start
    // is a record's counts).
    if checking && checkedTo < pos { try check(upTo: pos) }
    scan.count = sink.count
    scan.stop = pos
    return scan
  }

  /// Lets go of the records' offsets (16 bytes a record) once the table is typed; `starts` and
  /// `ends` scan the text again if an error message or a reject file needs them later.
  func releaseRecords() {
    guard scannedDelimiter != nil, recordLines == nil else { return }
    recordStarts = []
    recordEnds = []
    recordsReleased = true
  }

  private func restoreRecords() {
    guard recordsReleased, let delimiter = scannedDelimiter else { return }
    // The same bytes scanned before without an error: this scan cannot fail.
    try? scanRecords(delimiter: delimiter)
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
  func line(ofRecord record: Int) -> Int {
    if let recordLines { return Int(recordLines[record]) }
    return lineAndColumn(of: starts[record]).line
  }

  /// The file and its own line number for a line of the text (they differ for joined files).
  func origin(ofLine line: Int) -> (path: String, line: Int) {
    guard let part = joinedParts.last(where: { $0.firstLine <= line }) else { return (firstPath, line) }
    // The part's header was dropped: its first row is its line 2.
    return (part.path, line - part.firstLine + 2)
  }

  /// "line N", or "FILE line N" for a line of another file of a joined text.
  func describe(line: Int) -> String {
    let (file, local) = origin(ofLine: line)
    return joinedParts.isEmpty ? "line \(local)" : "\(file) line \(local)"
  }

  /// Several files of one table as one text: the first whole, the others without their header,
  /// which must be the first's. Errors still name each row's own file and line (`origin`).
  /// - Throws: `LoadError` for a file whose header differs from the first's.
  static func joined(_ sources: [SourceText]) throws(LoadError) -> SourceText {
    guard let first = sources.first, sources.count > 1 else { return sources[0] }
    func headerLine(_ s: SourceText) -> String { s.lineText(1).trimmingCharacters(in: .whitespaces) }
    var bytes = Array(first.bytes)
    if let last = bytes.last, last != 10 { bytes.append(10) }
    var parts: [(Int, String)] = []
    for other in sources.dropFirst() {
      guard headerLine(other).lowercased() == headerLine(first).lowercased() else {
        throw LoadError(.badMapping, "\(other.path) has other columns than \(first.path): the files of one table share their header", file: other.path,
                        line: 1, sourceLine: other.lineText(1), notes: ["\(first.path): \(headerLine(first))"])
      }
      let lines = bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
      parts.append((lines + 1, other.path))
      let body = other.bytes.firstIndex(of: 10).map { other.bytes[($0 + 1)...] } ?? other.bytes[other.bytes.endIndex...]
      bytes += body
      if let last = bytes.last, last != 10 { bytes.append(10) }
    }
    let text = SourceText(path: ([first.path] + parts.map(\.1)).joined(separator: " + "), bytes: bytes, encoding: first.encoding)
    text.joinedParts = parts.map { (firstLine: $0.0, path: $0.1) }
    text.firstPath = first.path
    return text
  }

  /// The text of a 1-based line, without its line break.
  func lineText(_ line: Int) -> String {
    guard recordLines == nil else { return "" }  // the file's lines are not kept
    let starts = lineStartOffsets()
    guard line >= 1 && line <= starts.count else { return "" }
    let start = starts[line - 1]
    var end = line < starts.count ? starts[line] - 1 : bytes.count
    if end > start && bytes[end - 1] == 13 { end -= 1 }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<max(start, end)]), as: UTF8.self)
  }

  /// The raw bytes of record `record`, as written (quotes and all).
  func recordBytes(_ record: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[starts[record]..<ends[record]]) }

  /// Calls `body` with the text.
  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R { try body(bytes) }

  private func lineStartOffsets() -> [Int] {
    if let lineStarts { return lineStarts }
    var result = [0]
    withBytes { buffer in
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
