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
  public static func read(path: String, encoding: TextEncoding = .auto) throws -> FecFile {
    let source = try SourceText.read(path: path, displayPath: path, encoding: encoding)
    return try source.withBytes { buffer in try read(buffer, path: path, encoding: source.encoding) }
  }

  static func read(_ buffer: UnsafeBufferPointer<UInt8>, path: String, encoding: TextEncoding) throws -> FecFile {
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
    var reader = LineReader(p: p, count: n, path: path, header: header)
    var file = FecFile(path: path, header: header, lines: [], details: [], entries: [], totalDebit: 0, totalCredit: 0, unbalanced: [],
                       deviations: [], encoding: encoding == .latin9 ? "ISO-8859-15" : "UTF-8", ids: ByteInterner(capacity: 1 << 16),
                       labels: ByteInterner(capacity: 1 << 16))
    var entryCodes = ByteInterner(capacity: 1 << 16)
    var journalCodes = ByteInterner(capacity: 64)
    var journals: [Int: (String, String, Bool)] = [:]
    // About a hundred bytes a line: room for the lines without growing the arrays many times.
    file.lines.reserveCapacity(n / 100 + 16)
    file.details.reserveCapacity(n / 250 + 16)
    var entryBalance: [Int64] = []
    var entryFirstLine: [Int32] = []
    var lastEntry: Int32 = -1
    var lastNumber: [UInt8] = []
    var apart: [String] = []
    var position = lineEnd
    var lineNumber = 1
    while position < n {
      // CR, LF or CRLF end a record; blank lines are skipped.
      if p[position] == 13 {
        lineNumber += 1
        position += (position + 1 < n && p[position + 1] == 10) ? 2 : 1
        continue
      }
      if p[position] == 10 {
        lineNumber += 1
        position += 1
        continue
      }
      var end = position
      while end < n && p[end] != 10 && p[end] != 13 { end += 1 }
      try reader.split(position, end, line: lineNumber)
      let entry: Int32
      // The lines of an entry follow each other: the same number as the line before needs no lookup.
      if lastEntry >= 0 && reader.withField(.ecritureNum, { q, count in count == lastNumber.count && memcmp(q, lastNumber, count) == 0 }) {
        entry = lastEntry
      } else {
        lastNumber = reader.withField(.ecritureNum) { Array(UnsafeBufferPointer(start: $0, count: $1)) }
        // Entry numbers get codes in order of first appearance: a new code is a new entry.
        let code = reader.intern(.ecritureNum, into: &entryCodes)
        if Int(code) < file.entries.count {
          entry = code
          if apart.count < 5 { apart.append(file.entries[Int(code)].number) }
        } else {
          entry = Int32(file.entries.count)
          let number = entryCodes.string(Int(code))
          // Journals are few: their names and whether they open the year are found once each.
          let journalCode = reader.intern(.journalCode, into: &journalCodes)
          let labelCode = reader.intern(.journalLib, into: &journalCodes)
          let key = Int(journalCode) << 32 | Int(labelCode)
          if journals[key] == nil {
            let journal = journalCodes.string(Int(journalCode))
            let label = journalCodes.string(Int(labelCode))
            let folded = FecHeader.Field.normalized(label)
            let opening = ["AN", "RAN", "ANO"].contains(journal.uppercased()) || folded.contains("nouveau") || folded.contains("ouverture")
            journals[key] = (journal, label, opening)
          }
          let (journal, label, opening) = journals[key] ?? ("", "", false)
          file.entries.append(FecFile.Entry(number: number, journal: journal, journalLabel: label, isOpening: opening))
          entryBalance.append(0)
          entryFirstLine.append(Int32(lineNumber))
        }
      }
      lastEntry = entry
      let (debit, credit) = try reader.amounts()
      file.totalDebit &+= debit
      file.totalCredit &+= credit
      entryBalance[Int(entry)] &+= debit &- credit
      let date = try reader.date(.ecritureDate, required: true) ?? 0
      let account = reader.withField(.compteNum) { FecFile.Account.of($0, $1) }
      var detail: Int32 = -1
      if account.isReceivable {
        detail = Int32(file.details.count)
        // Interned bytes, not strings: a customer line's text is hashed once and never allocated.
        let hasAux = reader.withField(.compAuxNum) { $1 > 0 }
        let foreign = reader.withField(.montantDevise) { $1 == 0 } ? nil : try reader.money(.montantDevise)
        file.details.append(FecFile.Detail(
          line: Int32(lineNumber), customer: reader.intern(hasAux ? .compAuxNum : .compteNum, into: &file.ids),
          customerName: reader.intern(hasAux ? .compAuxLib : .compteLib, into: &file.ids), pieceRef: reader.intern(.pieceRef, into: &file.ids),
          pieceDate: try reader.date(.pieceDate, required: false), label: reader.intern(.ecritureLib, into: &file.labels),
          lettrage: reader.intern(.ecritureLet, into: &file.ids), dateLet: try reader.date(.dateLet, required: false),
          foreignAmount: foreign.map { $0 < 0 ? -$0 : $0 }, currency: reader.intern(.idevise, into: &file.ids)))
      }
      file.lines.append(FecFile.Line(entry: entry, fileLine: Int32(lineNumber), account: account, amount: debit &- credit, date: date,
                                     detail: detail))
      position = end
    }
    for (k, balance) in entryBalance.enumerated() where balance != 0 {
      file.unbalanced.append((file.entries[k].number, entryFirstLine[k], balance))
    }
    if !apart.isEmpty {
      file.deviations.append("the lines of entr\(apart.count == 1 ? "y" : "ies") \(apart.joined(separator: ", ")) are not together (entries are written line after line)")
    }
    file.deviations += reader.deviations.sorted()
    file.deviations += sequenceBreaks(file.entries)
    return file
  }

  /// EcritureNum is a continuous sequence (A47 A-1 VII): per journal, the numeric part of each
  /// new entry follows the previous one. Gaps and numbers out of order are reported.
  static func sequenceBreaks(_ entries: [FecFile.Entry]) -> [String] {
    var last: [String: Int] = [:]
    var lastNumber: [String: String] = [:]
    var breaks: [String: (count: Int, first: String)] = [:]
    for entry in entries {
      let bytes = entry.number.utf8
      var digitCount = 0
      var n = 0
      var scale = 1
      for b in bytes.reversed() {
        guard b >= 48 && b <= 57, digitCount < 18 else { break }
        n += Int(b - 48) * scale
        scale *= 10
        digitCount += 1
      }
      guard digitCount > 0 else { continue }
      let series = String(decoding: bytes.dropLast(digitCount), as: UTF8.self)
      if let previous = last[series], n != previous + 1 {
        let known = breaks[series]
        breaks[series] = ((known?.count ?? 0) + 1, known?.first ?? "\(entry.number) after \(lastNumber[series] ?? String(previous))")
      }
      last[series] = n
      lastNumber[series] = entry.number
    }
    return breaks.keys.sorted().compactMap { series in
      breaks[series].map { "EcritureNum is not continuous in \(series.isEmpty ? "the file" : series): \($0.count) break\($0.count == 1 ? "" : "s") (first: \($0.first))" }
    }
  }

  /// Splits one line into fields and reads them.
  struct LineReader {
    let p: UnsafePointer<UInt8>
    let count: Int
    let path: String
    let header: FecHeader
    var starts: [Int] = []
    var ends: [Int] = []
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
      self.path = path
      self.header = header
    }

    mutating func split(_ start: Int, _ end: Int, line: Int) throws {
      self.line = line
      lineStart = start
      starts.removeAll(keepingCapacity: true)
      ends.removeAll(keepingCapacity: true)
      var field = start
      var k = start
      while k < end {
        if p[k] == header.separator {
          starts.append(field)
          ends.append(k)
          field = k + 1
        }
        k += 1
      }
      starts.append(field)
      ends.append(end)
      guard starts.count >= needed else {
        throw LoadError(.fieldCount, "this line has \(starts.count) fields; the header has \(header.names.count)", file: path, line: line,
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
      guard k >= 0, k < starts.count else { return body(p, 0) }
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

    func text(_ field: FecHeader.Field) -> String {
      withField(field) { String(decoding: UnsafeBufferPointer(start: $0, count: $1), as: UTF8.self) }
    }

    func error(_ code: LoadError.Code, _ message: String, _ field: FecHeader.Field, notes: [String] = []) -> LoadError {
      let k = header.index[field] ?? 0
      let start = k < starts.count ? starts[k] : lineStart
      let end = k < ends.count ? ends[k] : lineStart
      return LoadError(code, message, file: path, line: line, column: start - lineStart + 1, columnName: header.names[k],
                       value: text(field), sourceLine: lineText(ends.last ?? end), highlightWidth: max(1, end - start), notes: notes)
    }

    /// A date `AAAAMMJJ`; `dd/MM/yyyy` and `yyyy-MM-dd` are read too and reported.
    mutating func date(_ field: FecHeader.Field, required: Bool) throws -> Int32? {
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
    mutating func money(_ field: FecHeader.Field) throws -> Int64 {
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
    mutating func amounts() throws -> (Int64, Int64) {
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
