import Foundation

/// Reads a FEC file (kpi-spec §10.1, spec/fec.md): detects it by its header, decodes UTF-8 or
/// ISO-8859-15 (with or without a BOM), splits lines on CR and/or LF and fields on the
/// header's separator, reads amounts with a decimal comma (a `.` and spaces tolerated, the sign
/// first or last) and dates `AAAAMMJJ` (dd/MM/yyyy and yyyy-MM-dd tolerated and reported).
/// A bad value stops the load at its file:line:column with the column's name.
public enum FecReader {
  /// Whether the file at `path` is a FEC: its first line names the FEC's columns (even when
  /// some are missing: reading it then says which).
  public static func detect(path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 4096)) ?? Data()
    var bytes = [UInt8](head)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    let end = bytes.firstIndex { $0 == 10 || $0 == 13 } ?? bytes.count
    let line = String(decoding: bytes[..<end], as: UTF8.self)
    do {
      return try FecHeader.read(line, file: path) != nil
    } catch {
      return true
    }
  }

  /// Reads and checks the whole file.
  /// - Throws: `LoadError` at the first line that cannot be read (a missing field, a bad date or
  ///   amount, a `Sens` that is not D/C/+1/-1).
  /// - Parameters:
  ///   - threads: threads reading parts of the file at once.
  ///   - partBytes: the least bytes a thread reads (a smaller file is read by one thread).
  public static func read(path: String, encoding: TextEncoding = .auto, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                          partBytes: Int = FecOptions.defaultPartBytes) throws -> FecFile {
    let source = try SourceText.read(path: path, displayPath: path, encoding: encoding)
    return try source.withBytes { buffer in try read(buffer, path: path, encoding: source.encoding, threads: threads, partBytes: partBytes) }
  }

  static func read(_ buffer: UnsafeBufferPointer<UInt8>, path: String, encoding: TextEncoding, threads: Int, partBytes: Int) throws -> FecFile {
    guard let p = buffer.baseAddress, buffer.count > 0 else {
      throw LoadError(.emptyFile, "\(path) is empty: a FEC starts with its header line", file: path)
    }
    let n = buffer.count
    var lineEnd = 0
    while lineEnd < n && p[lineEnd] != 10 && p[lineEnd] != 13 { lineEnd += 1 }
    let headerText = String(decoding: UnsafeBufferPointer(start: p, count: lineEnd), as: UTF8.self)
    guard let header = try FecHeader.read(headerText, file: path) else {
      throw LoadError(.missingColumn, "\(path) is not a FEC: its first line does not name the FEC columns", file: path, line: 1,
                      column: 1, sourceLine: headerText,
                      notes: ["a FEC's first line names its 18 columns (JournalCode, JournalLib, EcritureNum, ...), separated by tabs or |"])
    }
    // Parts of the file read by one thread each, then merged in file order.
    let partCount = min(threads, (n - lineEnd) / max(1, partBytes))
    let starts = partCount > 1 ? FecPart.starts(p, count: n, first: lineEnd, parts: partCount) : [lineEnd]
    let results = UnsafeMutableBufferPointer<Result<FecPart, LoadError>?>.allocate(capacity: starts.count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    let job = PartJob(p: p, starts: starts, count: n, path: path, header: header, results: results)
    if starts.count == 1 {
      job.run(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: starts.count) { job.run($0) }
    }
    var parts: [FecPart] = []
    var lineOffset = 0
    for k in 0..<starts.count {
      switch results[k] {
      case .success(let part):
        parts.append(part)
      case .failure(var error):
        error.line = error.line.map { $0 + lineOffset }
        throw error
      case nil:
        continue
      }
      lineOffset += parts[parts.count - 1].lineEnds
    }
    return merge(parts, path: path, header: header, encoding: encoding)
  }

  /// Reads one part of the file into `results`.
  private struct PartJob: @unchecked Sendable {
    let p: UnsafePointer<UInt8>
    let starts: [Int]
    let count: Int
    let path: String
    let header: FecHeader
    let results: UnsafeMutableBufferPointer<Result<FecPart, LoadError>?>

    func run(_ k: Int) {
      let end = k + 1 < starts.count ? starts[k + 1] : count
      do throws(LoadError) {
        results[k] = .success(try FecPart(p, start: starts[k], end: end, path: path, header: header))
      } catch {
        results[k] = .failure(error)
      }
    }
  }

  /// The parts in file order as one file: the first part's codes are kept, the others' entry
  /// numbers, ids and labels are recoded into them and their lines renumbered.
  static func merge(_ parts: [FecPart], path: String, header: FecHeader, encoding: TextEncoding) -> FecFile {
    var base = parts.first ?? FecPart()
    var apart = base.apart
    var lineOffset = base.lineEnds
    for part in parts.dropFirst() {
      // The part's ids on one thread, its labels and entries on the other.
      let remap = Remap(base: &base, part: part, lineOffset: lineOffset)
      DispatchQueue.concurrentPerform(iterations: 2) { remap.run($0) }
      remap.restore(&base)
      let (entryMap, idMap, labelMap) = (remap.entryMap, remap.idMap, remap.labelMap)
      apart += remap.apart.prefix(max(0, 5 - apart.count))
      let detailOffset = Int32(base.details.count)
      base.details.reserveCapacity(base.details.count + part.details.count)
      for d in part.details {
        base.details.append(FecFile.Detail(
          line: d.line + Int32(lineOffset), customer: idMap[Int(d.customer)], customerName: idMap[Int(d.customerName)],
          pieceRef: idMap[Int(d.pieceRef)], pieceDate: d.pieceDate, label: labelMap[Int(d.label)], lettrage: idMap[Int(d.lettrage)],
          dateLet: d.dateLet, foreignAmount: d.foreignAmount, currency: idMap[Int(d.currency)]))
      }
      base.lines.reserveCapacity(base.lines.count + part.lines.count)
      for line in part.lines {
        base.lines.append(FecFile.Line(entry: entryMap[Int(line.entry)], fileLine: line.fileLine + Int32(lineOffset), account: line.account,
                                       amount: line.amount, date: line.date, detail: line.detail >= 0 ? line.detail + detailOffset : -1))
      }
      base.totalDebit &+= part.totalDebit
      base.totalCredit &+= part.totalCredit
      base.deviations.formUnion(part.deviations)
      apart += part.apart.prefix(max(0, 5 - apart.count))
      lineOffset += part.lineEnds
    }
    var file = FecFile(path: path, header: header, lines: base.lines, details: base.details, entries: base.entries,
                       totalDebit: base.totalDebit, totalCredit: base.totalCredit, unbalanced: [], deviations: [],
                       encoding: encoding == .latin9 ? "ISO-8859-15" : "UTF-8", ids: base.ids, labels: base.labels)
    for (k, balance) in base.entryBalance.enumerated() where balance != 0 {
      file.unbalanced.append((file.entries[k].number, base.entryFirstLine[k], balance))
    }
    if !apart.isEmpty {
      file.deviations.append("the lines of entr\(apart.count == 1 ? "y" : "ies") \(apart.joined(separator: ", ")) are not together (entries are written line after line)")
    }
    file.deviations += base.deviations.sorted()
    file.deviations += sequenceBreaks(file.entries)
    return file
  }

  /// The codes of a part in the parts before it: its ids on one thread (`run(0)`), its labels
  /// and entries on another (`run(1)`). Each job has fields of its own.
  private final class Remap: @unchecked Sendable {
    let part: FecPart
    let lineOffset: Int
    var ids: ByteInterner
    var idMap: [Int32] = []
    var labels: ByteInterner
    var labelMap: [Int32] = []
    var entries: Entries
    var entryMap: [Int32] = []
    /// Entries of the part that continue one of the parts before, other than its last.
    var apart: [String] = []

    /// The entries of the parts merged so far.
    struct Entries {
      var codes: ByteInterner
      var list: [FecFile.Entry]
      var balance: [Int64]
      var firstLine: [Int32]
    }

    /// Takes the merged parts' interners and entries out of `base` (no copy on write).
    init(base: inout FecPart, part: FecPart, lineOffset: Int) {
      self.part = part
      self.lineOffset = lineOffset
      ids = base.ids
      labels = base.labels
      entries = Entries(codes: base.entryCodes, list: base.entries, balance: base.entryBalance, firstLine: base.entryFirstLine)
      base.ids = ByteInterner(capacity: 1)
      base.labels = ByteInterner(capacity: 1)
      base.entryCodes = ByteInterner(capacity: 1)
      (base.entries, base.entryBalance, base.entryFirstLine) = ([], [], [])
    }

    /// Puts the merged interners and entries back into `base`.
    func restore(_ base: inout FecPart) {
      base.ids = ids
      base.labels = labels
      base.entryCodes = entries.codes
      (base.entries, base.entryBalance, base.entryFirstLine) = (entries.list, entries.balance, entries.firstLine)
    }

    func run(_ job: Int) {
      // Interners moved into locals while they grow: a class property would be checked for
      // exclusive access on every call, and a copy left behind would be copied on write.
      if job == 0 {
        var merged = ids
        ids = ByteInterner(capacity: 1)
        idMap = (0..<part.ids.count).map { c in part.ids.withBytes(c) { merged.intern($0, $1) } }
        ids = merged
        return
      }
      var mergedLabels = labels
      labels = ByteInterner(capacity: 1)
      labelMap = (0..<part.labels.count).map { c in part.labels.withBytes(c) { mergedLabels.intern($0, $1) } }
      labels = mergedLabels
      var merged = entries
      entries = Entries(codes: ByteInterner(capacity: 1), list: [], balance: [], firstLine: [])
      entryMap = (0..<part.entries.count).map { e -> Int32 in
        let code = part.entryCodes.withBytes(e) { merged.codes.intern($0, $1) }
        if Int(code) < merged.list.count {
          // An entry the part before ended with continues; any other is apart.
          if (e != 0 || Int(code) != merged.list.count - 1) && apart.count < 5 { apart.append(part.entries[e].number) }
          merged.balance[Int(code)] &+= part.entryBalance[e]
        } else {
          merged.list.append(part.entries[e])
          merged.balance.append(part.entryBalance[e])
          merged.firstLine.append(part.entryFirstLine[e] + Int32(lineOffset))
        }
        return code
      }
      entries = merged
    }
  }

  /// EcritureNum is a continuous sequence (A47 A-1 VII): per journal, the numeric part of each
  /// new entry follows the previous one. Gaps and numbers out of order are reported.
  static func sequenceBreaks(_ entries: [FecFile.Entry]) -> [String] {
    // Series (the number without its trailing digits) coded by an interner: no string is made
    // per entry, and each series keeps its last number, its breaks and the first of them.
    var seriesCodes = ByteInterner(capacity: 64)
    var last: [Int] = []
    var lastEntry: [Int] = []
    var breaks: [(count: Int, first: String)] = []
    for (k, entry) in entries.enumerated() {
      var number = entry.number
      number.makeContiguousUTF8()
      let found = number.utf8.withContiguousStorageIfAvailable { b -> (Int, Int) in
        var digitCount = 0
        var n = 0
        var scale = 1
        while digitCount < min(18, b.count), case let d = b[b.count - 1 - digitCount], d >= 48 && d <= 57 {
          n += Int(d - 48) * scale
          scale *= 10
          digitCount += 1
        }
        guard digitCount > 0, let base = b.baseAddress else { return (-1, 0) }
        return (Int(seriesCodes.intern(base, b.count - digitCount)), n)
      }
      let (code, n) = found ?? (-1, 0)
      guard code >= 0 else { continue }
      if code == last.count {
        last.append(n)
        lastEntry.append(k)
        breaks.append((0, ""))
        continue
      }
      if n != last[code] + 1 {
        if breaks[code].count == 0 { breaks[code].first = "\(entry.number) after \(entries[lastEntry[code]].number)" }
        breaks[code].count += 1
      }
      last[code] = n
      lastEntry[code] = k
    }
    let series = seriesCodes.strings()
    return series.indices.sorted { series[$0] < series[$1] }.compactMap { code in
      let found = breaks[code]
      guard found.count > 0 else { return nil }
      return "EcritureNum is not continuous in \(series[code].isEmpty ? "the file" : series[code]): \(found.count) break\(found.count == 1 ? "" : "s") (first: \(found.first))"
    }
  }

  /// Splits one line into fields and reads them.
  struct LineReader {
    let p: UnsafePointer<UInt8>
    let count: Int
    let path: String
    let header: FecHeader
    /// Where the line's first `needed` fields start and end (the rest are only counted).
    var starts: [Int]
    var ends: [Int]
    /// The line's field count.
    var fields = 0
    /// Where the line ends.
    var lineEnd = 0
    var line = 0
    var lineStart = 0
    var deviations: Set<String> = []
    let comma = NumberFormat(decimalSeparator: 44)
    let point = NumberFormat(decimalSeparator: 46)

    /// The field index of each column by its ordinal (-1: absent).
    let slot: [Int]
    /// The fields a line must have.
    let needed: Int

    init(p: UnsafePointer<UInt8>, count: Int, path: String, header: FecHeader) {
      self.p = p
      self.count = count
      var slot = [Int](repeating: -1, count: FecHeader.Field.allCases.count)
      for (field, k) in header.index { slot[field.ordinal] = k }
      self.slot = slot
      needed = (header.index.values.max() ?? 0) + 1
      starts = [Int](repeating: 0, count: needed)
      ends = [Int](repeating: 0, count: needed)
      self.path = path
      self.header = header
    }

    mutating func split(_ start: Int, _ end: Int, line: Int) throws(LoadError) {
      self.line = line
      lineStart = start
      lineEnd = end
      // Written through buffer pointers: one uniqueness check a line, not one a field.
      let needed = needed
      let separator = header.separator
      fields = starts.withUnsafeMutableBufferPointer { s in
        ends.withUnsafeMutableBufferPointer { e in
          var count = 0
          var field = start
          var k = start
          while k < end {
            if p[k] == separator {
              if count < needed {
                s[count] = field
                e[count] = k
              }
              count += 1
              field = k + 1
            }
            k += 1
          }
          if count < needed {
            s[count] = field
            e[count] = end
          }
          return count + 1
        }
      }
      guard fields >= needed else {
        throw LoadError(.fieldCount, "this line has \(fields) fields; the header has \(header.names.count)", file: path, line: line,
                        column: end - start + 1, sourceLine: lineText(end),
                        notes: [header.separator == 124 ? "a '|' inside a label splits the line: export the FEC with tabs" : "fields are separated by tabs"])
      }
    }

    /// The line's text up to `end` (at most 1,000 characters shown).
    func lineText(_ end: Int) -> String {
      let stop = min(end, count, lineStart + 1_000)
      return String(decoding: UnsafeBufferPointer(start: p + lineStart, count: max(0, stop - lineStart)), as: UTF8.self)
    }

    /// The field's bytes without the spaces around them.
    func withField<R>(_ field: FecHeader.Field, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
      let k = slot[field.ordinal]
      guard k >= 0, k < fields else { return body(p, 0) }
      var a = starts[k]
      var b = ends[k]
      while a < b && p[a] == 32 { a += 1 }
      while b > a && p[b - 1] == 32 { b -= 1 }
      return body(p + a, b - a)
    }

    /// The field's code in `interner`.
    func intern(_ field: FecHeader.Field, into interner: inout ByteInterner) -> Int32 {
      withField(field) { interner.intern($0, $1) }
    }

    /// The field's code in `interner`, without hashing when its bytes are those of `recent`
    /// (a customer's lines, a journal's entries and currencies come in runs).
    func intern(_ field: FecHeader.Field, into interner: inout ByteInterner, recent: inout Recent) -> Int32 {
      withField(field) { q, n in
        if recent.code >= 0 && n == recent.count && (n == 0 || recent.bytes.map { memcmp(q, $0, n) == 0 } == true) { return recent.code }
        recent = Recent(bytes: q, count: n, code: interner.intern(q, n))
        return recent.code
      }
    }

    /// The last bytes interned for a field (pointing into the file, which outlives the read) and their code.
    struct Recent {
      var bytes: UnsafePointer<UInt8>? = nil
      var count = 0
      var code: Int32 = -1
    }

    func text(_ field: FecHeader.Field) -> String {
      withField(field) { String(decoding: UnsafeBufferPointer(start: $0, count: $1), as: UTF8.self) }
    }

    func error(_ code: LoadError.Code, _ message: String, _ field: FecHeader.Field, notes: [String] = []) -> LoadError {
      let k = header.index[field] ?? 0
      let start = k < min(fields, needed) ? starts[k] : lineStart
      let end = k < min(fields, needed) ? ends[k] : lineStart
      return LoadError(code, message, file: path, line: line, column: start - lineStart + 1, columnName: header.names[k],
                       value: text(field), sourceLine: lineText(lineEnd), highlightWidth: max(1, end - start), notes: notes)
    }

    /// A date `AAAAMMJJ`; `dd/MM/yyyy` and `yyyy-MM-dd` are read too and reported.
    mutating func date(_ field: FecHeader.Field, required: Bool) throws(LoadError) -> Int32? {
      let (value, layout) = withField(field) { q, count -> (Int32?, String?) in
        if count == 0 { return (nil, nil) }
        if let d = DateFormat.compact.parse(q, count) { return (d, nil) }
        if let d = DateFormat.iso.parse(q, count) { return (d, "yyyy-MM-dd") }
        if let d = DateFormat.dayMonthYearSlash.parse(q, count) { return (d, "dd/MM/yyyy") }
        return (nil, "bad")
      }
      if let layout, layout != "bad" { deviations.insert("dates written \(layout) instead of AAAAMMJJ (column \(field.rawValue))") }
      if value == nil && (layout == "bad" || required) {
        throw error(.badDate, layout == nil ? "\(field.rawValue) is empty" : "'\(text(field))' is not a date AAAAMMJJ", field,
                    notes: ["FEC dates are written AAAAMMJJ, e.g. 20250131"])
      }
      return value
    }

    /// An amount in cents: decimal comma (or point), spaces ignored, sign first or last.
    mutating func money(_ field: FecHeader.Field) throws(LoadError) -> Int64 {
      let result = withField(field) { q, count -> (Int64?, Bool) in
        if count == 0 { return (0, false) }
        // The usual case, read in place: digits and a decimal comma.
        if case .success(let c) = comma.parseCents(q, count) { return (c, false) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        for k in 0..<count where q[k] != 32 && q[k] != 0xA0 { bytes.append(q[k]) }
        if bytes.last == 43 { bytes.removeLast() }  // a trailing '+'
        return bytes.withUnsafeBufferPointer { b -> (Int64?, Bool) in
          guard let base = b.baseAddress, b.count > 0 else { return (0, false) }
          if case .success(let c) = comma.parseCents(base, b.count) { return (c, false) }
          if case .success(let c) = point.parseCents(base, b.count) { return (c, true) }
          return (nil, false)
        }
      }
      if result.1 { deviations.insert("amounts written with '.' instead of the decimal comma") }
      guard let cents = result.0 else {
        throw error(.badAmount, "'\(text(field))' is not an amount", field, notes: ["FEC amounts use a decimal comma, e.g. 1437,12"])
      }
      return cents
    }

    /// Debit and credit of the line, from Debit/Credit or Montant/Sens.
    mutating func amounts() throws(LoadError) -> (Int64, Int64) {
      if !header.signedAmounts {
        let debit = try money(.debit)
        let credit = try money(.credit)
        // A negative debit is a credit (some exports sign their corrections).
        return (max(debit, 0) &+ max(-credit, 0), max(credit, 0) &+ max(-debit, 0))
      }
      let amount = try money(.montant)
      let sense = text(.sens).uppercased()
      switch sense {
      case "D", "+1", "1": return amount >= 0 ? (amount, 0) : (0, -amount)
      case "C", "-1": return amount >= 0 ? (0, amount) : (-amount, 0)
      default:
        throw error(.badValue, "Sens is '\(sense)'; it is D or C (or +1 / -1)", .sens)
      }
    }
  }
}
