import ArqlSupport
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one CSV file into the typed columns of a native table.
///
/// Two passes: a serial scan finds the records (`SourceText.scanRecords`), then the records
/// are split over the cores; each worker types its rows straight into preallocated columns
/// (no merge), interning text in its own `ByteInterner`. Dictionaries are merged at the end.
enum CSVTableReader {
  /// Reads `source` as table `schema.kind`.
  /// - Throws: `LoadError` for a structural problem, or for the first bad row in strict mode.
  static func read(
    source: SourceText, schema: TableSchema, mapping: TableMapping, options: CSVOptions, lenient: Bool, threads: Int
  ) throws -> ParsedTable {
    var notes: [String] = []
    if source.encoding == .latin9 && options.encoding == .auto { notes.append("encoding ISO-8859-15 (detected)") }
    if source.lineEndsConverted { notes.append("lines end with CR alone (old Mac): read as line breaks") }
    let delimiter = options.delimiter ?? detectDelimiter(source)
    if options.delimiter == nil && delimiter != 44 { notes.append("delimiter '\(CSVOptions.separatorName(delimiter))' (detected)") }
    try source.scanRecords(delimiter: delimiter, threads: threads)
    guard source.recordCount > 0 else {
      throw LoadError(.emptyFile, "the file is empty: a header line is required", file: source.path)
    }
    let header = try headerNames(source, delimiter: delimiter)
    let (plans, computed) = try planColumns(header: header, schema: schema, mapping: mapping, source: source)
    let leftOut = try filterRows(source, header: header, delimiter: delimiter, filters: mapping.filters)
    var formats = try detectFormats(source: source, plans: plans, delimiter: delimiter, options: options, notes: &notes)
    formats.lenient = lenient
    let parsed = try parseRecords(source: source, plans: plans, header: header, delimiter: delimiter, formats: formats, threads: threads,
                                  skip: leftOut)
    let leftOutCount = leftOut?.reduce(0) { $0 + ($1 ? 1 : 0) } ?? 0
    if !mapping.filters.isEmpty {
      notes.append("\(leftOutCount) row\(leftOutCount == 1 ? "" : "s") left out by the mapping (where "
        + mapping.filters.map(\.description).joined(separator: " and ") + ")")
    }
    var table = ParsedTable(
      kind: schema.kind, source: source, header: header, delimiter: delimiter, columns: [:], fileColumnNames: [:], extras: [],
      records: [], rejects: [], recordsRead: source.recordCount - 1 - leftOutCount, notes: notes)
    if source.skippedBlankLines > 0 {
      table.notes.append("\(source.skippedBlankLines) blank line\(source.skippedBlankLines == 1 ? "" : "s") skipped")
    }
    try assemble(parsed, plans: plans, mapping: mapping, into: &table, lenient: lenient, leftOut: leftOut)
    try combine(computed, into: &table, lenient: lenient)
    source.releaseRecords()
    source.releasePages()
    return table
  }

  /// Replaces the hidden operand columns of each computed column by its value: an amount's
  /// empty side counts as zero; a row with no value at all is an error at its line when the
  /// column is required (a rejected row in lenient mode).
  static func combine(_ computed: [ComputedColumn], into table: inout ParsedTable, lenient: Bool) throws {
    for c in computed {
      var operands: [ParsedColumn] = []
      var names: [String] = []
      for k in c.fields.indices {
        guard let column = table.columns.removeValue(forKey: c.operand(k)) else { return }
        operands.append(column)
        names.append(table.fileColumnNames.removeValue(forKey: c.operand(k)) ?? c.operand(k))
      }
      let rows = table.records.count
      var missing: [Int] = []
      let why: String
      switch c.operation {
      case .sum, .negatedWhen:
        func parts(_ column: ParsedColumn) -> (ColumnArray<Int64>, Validity)? {
          switch column {
          case .money(let m): return (m.values, m.validity)
          case .integer(let i): return (i.values, i.validity)
          default: return nil
          }
        }
        guard let (a, va) = parts(operands[0]) else { return }
        var values = [Int64](repeating: 0, count: rows)
        var nulls = [UInt8](repeating: 0, count: rows)
        if case .sum(let sign) = c.operation, let (b, vb) = parts(operands[1]) {
          why = "both \(names[0]) and \(names[1]) are empty"
          for row in 0..<rows {
            let hasA = va.isValid(row)
            let hasB = vb.isValid(row)
            guard hasA || hasB else {
              nulls[row] = 1
              missing.append(row)
              continue
            }
            let (term, wrapped) = (hasB ? b[row] : 0).multipliedReportingOverflow(by: sign)
            let (sum, overflow) = (hasA ? a[row] : 0).addingReportingOverflow(term)
            guard !wrapped && !overflow else { throw table.error(.badAmount, "\(c.text) overflows", row: row, column: nil, value: nil) }
            values[row] = sum
          }
        } else if case .negatedWhen(let condition) = c.operation, case .text(let flags) = operands[1] {
          why = "\(names[0]) is empty"
          let negate = flags.dictionary.map { condition.passes($0) }
          for row in 0..<rows {
            guard va.isValid(row) else {
              nulls[row] = 1
              missing.append(row)
              continue
            }
            let code = flags.codes[row]
            guard code >= 0 && negate[Int(code)] else {
              values[row] = a[row]
              continue
            }
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(a[row])
            guard !overflow else { throw table.error(.badAmount, "\(c.text) overflows", row: row, column: nil, value: nil) }
            values[row] = negated
          }
        } else {
          return
        }
        let validity = nulls.withUnsafeBufferPointer { Validity(nullFlags: $0) }
        table.columns[c.spec.name] = c.spec.type == .money ? .money(MoneyColumn(values: values, validity: validity))
          : .integer(IntColumn(values: values, validity: validity))
      case .concat(let parts):
        // Keys made of several columns: each row's bytes are held by the key column itself.
        why = names.isEmpty ? "" : names.count == 1 ? "\(names[0]) is empty" : "\(names.joined(separator: ", ")) are all empty"
        let texts = operands.map { column -> DictionaryColumn in
          if case .text(let d) = column { return d }
          return DictionaryColumn.allNull(count: rows)
        }
        var escaped: [Int: [UInt8]] = [:]
        escaped.reserveCapacity(rows)
        var entries = [Int](repeating: KeyColumn.aside, count: rows)
        for row in 0..<rows {
          var bytes: [UInt8] = []
          var any = texts.isEmpty
          for part in parts {
            switch part {
            case .operand(let k):
              if let value = texts[k][row] {
                bytes += Array(value.utf8)
                any = any || !value.isEmpty
              }
            case .text(let t): bytes += Array(t.utf8)
            case .lineNumber:
              bytes += Array(String(table.source.map { $0.line(ofRecord: Int(table.records[row])) } ?? row + 2).utf8)
            }
          }
          guard any else {
            entries[row] = KeyColumn.null
            missing.append(row)
            continue
          }
          escaped[row] = bytes
        }
        table.columns[c.spec.name] = .key(KeyColumn(entries: entries, escaped: escaped))
      }
      table.fileColumnNames[c.spec.name] = names.first ?? c.spec.name
      guard c.spec.required, !missing.isEmpty else { continue }
      let message = "\(c.spec.name) = \(c.text) has no value: \(why)"
      if !lenient { throw table.error(.missingValue, message, row: missing[0], column: nil, value: nil) }
      for row in missing {
        table.rejects.append(ParsedTable.Reject(record: Int(table.records[row]), error: table.error(.missingValue, message, row: row, column: nil, value: nil)))
      }
      var keep = [Bool](repeating: true, count: rows)
      for row in missing { keep[row] = false }
      table.compact(keeping: keep)
    }
  }

  /// Which records a mapping's `where` conditions leave out (true), or nil without conditions.
  /// A record whose fields cannot be read is kept: its parse reports why.
  /// - Throws: L021 for a condition on a column the file does not have.
  static func filterRows(_ source: SourceText, header: [String], delimiter: UInt8, filters: [RowFilter]) throws -> [Bool]? {
    guard !filters.isEmpty else { return nil }
    var indexes: [Int] = []
    for filter in filters {
      guard let index = header.firstIndex(where: { $0.lowercased() == filter.column.lowercased() }) else {
        throw LoadError(
          .unknownMappedColumn, "the mapping's condition (where \(filter)) tests column '\(filter.column)', which the file does not have",
          file: source.path, line: 1, sourceLine: source.lineText(1),
          notes: suggestion(filter.column, among: header) + ["the file's columns: " + header.joined(separator: ", ")])
      }
      indexes.append(index)
    }
    let rows = source.recordCount - 1
    let last = indexes.max() ?? 0
    var leftOut = [Bool](repeating: false, count: max(0, rows))
    let (starts, ends) = (source.starts, source.ends)
    source.withBytes { buffer in
      guard let p = buffer.baseAddress else { return }
      // Only the tested fields become text; the others are stepped over.
      let tested = Set(indexes)
      var texts = [String](repeating: "", count: last + 1)
      for row in 0..<max(0, rows) {
        var cursor = FieldCursor(start: starts[row + 1], end: ends[row + 1], delimiter: delimiter)
        for k in indexes { texts[k] = "" }
        var k = 0
        while k <= last, let field = try? cursor.next(p) {
          if tested.contains(k) {
            let text = String(decoding: UnsafeBufferPointer(start: p + field.start, count: field.count), as: UTF8.self)
            texts[k] = field.escaped ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
          }
          k += 1
        }
        leftOut[row] = !zip(filters, indexes).allSatisfy { filter, index in filter.passes(texts[index]) }
      }
    }
    return leftOut
  }

  // MARK: - Header and mapping

  private static func detectDelimiter(_ source: SourceText) -> UInt8 {
    var counts: [UInt8: Int] = [44: 0, 59: 0, 9: 0, 124: 0]
    var inQuotes = false
    for c in source.bytes {
      if c == 10 && !inQuotes { break }
      if c == 34 { inQuotes.toggle() }
      if !inQuotes, counts[c] != nil { counts[c, default: 0] += 1 }
    }
    let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }
    return (best?.value ?? 0) > 0 ? (best?.key ?? 44) : 44
  }

  private static func headerNames(_ source: SourceText, delimiter: UInt8) throws -> [String] {
    do {
      return try source.withBytes { buffer in
        guard let p = buffer.baseAddress else { return [] }
        return try FieldCursor.strings(p, start: source.starts[0], end: source.ends[0], delimiter: delimiter)
      }
    } catch {
      throw LoadError(.textAfterQuote, "the header line cannot be read", file: source.path, line: 1, sourceLine: source.lineText(1))
    }
  }

  /// Decides where every native column comes from.
  static func planColumns(header: [String], schema: TableSchema, mapping: TableMapping, source: SourceText) throws
    -> (plans: [ColumnPlan], computed: [ComputedColumn])
  {
    var computedColumns: [ComputedColumn] = []
    let file = source.path
    var firstIndex: [String: Int] = [:]
    for (index, name) in header.enumerated() where !name.isEmpty {
      let key = name.lowercased()
      if let first = firstIndex[key] {
        throw LoadError(
          .duplicateHeader, "column '\(name)' appears twice in the header (fields \(first + 1) and \(index + 1))", file: file,
          line: 1, sourceLine: source.lineText(1))
      }
      firstIndex[key] = index
    }
    func headerIndex(_ name: String) -> Int? { firstIndex[name.lowercased()] }
    for native in Array(mapping.columns.keys) + Array(mapping.defaults.keys) + Array(mapping.recode.keys) where schema.column(native) == nil {
      throw LoadError(
        .badMapping, "'\(native)' is not a column of \(schema.kind)", file: file,
        notes: suggestion(native, among: schema.columns.map(\.name)) + ["columns of \(schema.kind): " + schema.columns.map(\.name).joined(separator: ", ")])
    }
    // Recodes apply to text values after reading: refused where they could not apply, or would
    // empty a required column (issue #16 items 2 and 5).
    for (native, pairs) in mapping.recode.sorted(by: { $0.key < $1.key }) {
      guard let spec = schema.column(native) else { continue }
      guard spec.type == .text else {
        throw LoadError(
          .badMapping, "recode applies to text columns; \(native) is \(spec.type.expectation)", file: file,
          notes: ["map \(native) from a column that holds it, or fix the values in the file"]
            + (native == "payment_terms_days" ? ["terms codes (30J, 45JFDM, NET30) go in a payment_terms column of customers.csv"] : []))
      }
      if spec.required, let empty = pairs.first(where: { $0.value.trimmingSpaces.isEmpty }) {
        throw LoadError(
          .badMapping, "recode \(native) = '\(empty.key)':'' would leave the required column \(native) empty", file: file,
          notes: ["recode to a value instead, or drop those rows from the export"])
      }
    }
    for fileName in mapping.renames.keys.sorted() where headerIndex(fileName) == nil {
      throw LoadError(
        .unknownMappedColumn, "the mapping renames column '\(fileName)', which the file does not have", file: file,
        line: 1, sourceLine: source.lineText(1),
        notes: suggestion(fileName, among: header) + ["the file's columns: " + header.joined(separator: ", ")])
    }
    var plans: [ColumnPlan] = []
    var used = Set<Int>()
    for spec in schema.columns {
      if let fileName = mapping.columns[spec.name], headerIndex(fileName) == nil,
        let computed = ComputedColumn.parse(fileName, spec: spec, header: headerIndex)
      {
        // Computed: hidden plans for the columns it reads, combined after the parse.
        if case .concat = computed.operation {} else if spec.type != .money && spec.type != .integer {
          throw LoadError(.badMapping, "only amounts, numbers and ids are computed: \(spec.name) is \(spec.type.expectation)", file: file,
                          notes: ["map \(spec.name) from one column"])
        }
        for (k, index) in computed.fields.enumerated() {
          plans.append(ColumnPlan(spec: ColumnSpec(computed.operand(k), computed.operandType(k)), source: .field(index), fileName: header[index],
                                  isExtra: false))
          used.insert(index)
        }
        computedColumns.append(computed)
      } else if let fileName = mapping.columns[spec.name] {
        guard let index = headerIndex(fileName) else {
          throw LoadError(
            .unknownMappedColumn, "the mapping reads \(spec.name) from column '\(fileName)', which the file does not have", file: file,
            line: 1, sourceLine: source.lineText(1),
            notes: suggestion(fileName, among: header) + ["the file's columns: " + header.joined(separator: ", ")])
        }
        plans.append(ColumnPlan(spec: spec, source: .field(index), fileName: header[index], isExtra: false))
        used.insert(index)
      } else if let index = headerIndex(spec.name), !mapping.columns.values.contains(where: { $0.lowercased() == spec.name }) {
        plans.append(ColumnPlan(spec: spec, source: .field(index), fileName: header[index], isExtra: false))
        used.insert(index)
      } else if let constant = mapping.defaults[spec.name] {
        plans.append(ColumnPlan(spec: spec, source: .constant(constant), fileName: spec.name, isExtra: false))
      } else if spec.required {
        let free = header.filter { headerIndex($0).map { !used.contains($0) } ?? false }
        let likely = ColumnSynonyms.likely(spec.name, among: free).map { ["did you mean `column \(spec.name) = \($0)`?"] }
        throw LoadError(
          .missingColumn, "required column '\(spec.name)' is missing", file: file, line: 1, sourceLine: source.lineText(1),
          notes: (likely ?? suggestion(spec.name, among: free))
            + ["the file's columns: " + header.joined(separator: ", "),
               "map a column with `column \(spec.name) = <file column>`, or give a constant with `default \(spec.name) = <value>`"])
      }
    }
    let missingNative = schema.columns.filter { spec in !plans.contains { $0.spec.name == spec.name } }.map(\.name)
    let ignored = Set(mapping.ignored.map { $0.lowercased() })
    let kept = Set(mapping.kept.map { $0.lowercased() })
    for (index, name) in header.enumerated() where !used.contains(index) && !name.isEmpty {
      let key = name.lowercased()
      if ignored.contains(key) || (mapping.ignoreUnmapped && !kept.contains(key)) { continue }
      if mapping.columns.values.contains(where: { $0.lowercased() == key }) { continue }
      if !kept.contains(key), let near = DidYouMean.closest(to: key, among: missingNative, maxDistance: 2) {
        throw LoadError(
          .suspiciousColumn, "column '\(name)' is not a column of \(schema.kind); did you mean '\(near)'?", file: file, line: 1,
          sourceLine: source.lineText(1),
          notes: ["map it with `column \(near) = \(name)`, drop it with `ignore = \(name)`, or keep it as an attribute with `keep = \(name)`"])
      }
      plans.append(ColumnPlan(spec: ColumnSpec(name, .text), source: .field(index), fileName: name, isExtra: true))
    }
    return (plans, computedColumns)
  }

  private static func suggestion(_ name: String, among candidates: [String]) -> [String] {
    guard let near = DidYouMean.closest(to: name, among: candidates, maxDistance: max(2, name.count / 3)) else { return [] }
    return ["did you mean '\(near)'?"]
  }

  // MARK: - Formats

  /// The date and number formats of a file, given or detected.
  struct Formats {
    var date: DateFormat
    var number: NumberFormat
    var lenient = false
  }

  private static func detectFormats(
    source: SourceText, plans: [ColumnPlan], delimiter: UInt8, options: CSVOptions, notes: inout [String]
  ) throws -> Formats {
    let dateFields = plans.filter { $0.spec.type == .day }.compactMap { plan -> Int? in
      if case .field(let i) = plan.source { return i } else { return nil }
    }
    let moneyFields = plans.filter { $0.spec.type == .money }.compactMap { plan -> Int? in
      if case .field(let i) = plan.source { return i } else { return nil }
    }
    var dateFormat = options.dateFormat ?? .iso
    if options.dateFormat == nil && !dateFields.isEmpty {
      var samples = sample(source, fields: dateFields, delimiter: delimiter, maxRecords: 20_000)
      var detected = try chooseDateFormat(samples, source: source)
      if detected == nil {
        samples = sample(source, fields: dateFields, delimiter: delimiter, maxRecords: Int.max)
        detected = try chooseDateFormat(samples, source: source, final: true)
      }
      dateFormat = detected ?? .iso
      if dateFormat != .iso { notes.append("dates \(dateFormat) (detected)") }
    }
    var number = NumberFormat(
      decimalSeparator: options.decimalSeparator ?? 46, thousandsSeparator: options.thousandsSeparator,
      parenthesesAreNegative: options.parenthesesAreNegative)
    if options.decimalSeparator == nil && !moneyFields.isEmpty {
      let samples = sample(source, fields: moneyFields, delimiter: delimiter, maxRecords: 20_000)
      let (decimal, thousands) = chooseDecimal(samples, delimiter: delimiter)
      number.decimalSeparator = decimal
      if options.thousandsSeparator == nil { number.thousandsSeparator = thousands }
      if decimal != 46 { notes.append("decimal comma (detected)") }
      if let thousands, options.thousandsSeparator == nil {
        notes.append("thousands separator '\(CSVOptions.separatorName(thousands))' (detected)")
      }
    }
    if number.thousandsSeparator == number.decimalSeparator {
      throw LoadError(.badMapping, "the thousands separator and the decimal separator are both '\(CSVOptions.separatorName(number.decimalSeparator))'", file: source.path)
    }
    return Formats(date: dateFormat, number: number)
  }

  /// Non-empty values of the given fields in the first `maxRecords` records.
  private static func sample(_ source: SourceText, fields: [Int], delimiter: UInt8, maxRecords: Int) -> [[UInt8]] {
    var values: [[UInt8]] = []
    let last = min(source.recordCount, maxRecords == Int.max ? Int.max : maxRecords + 1)
    let lastField = fields.max() ?? 0
    var wanted = [Bool](repeating: false, count: lastField + 1)  // a hashed set per field cost more than the cursor
    for field in fields { wanted[field] = true }
    var scratch: [UInt8] = []
    let (starts, ends) = (source.starts, source.ends)
    source.withBytes { buffer in
      guard let p = buffer.baseAddress, last > 1 else { return }
      for record in 1..<last {
        var cursor = FieldCursor(start: starts[record], end: ends[record], delimiter: delimiter)
        var index = 0
        while index <= lastField, let field = try? cursor.next(p) {
          if wanted[index] && field.count > 0 {
            if field.escaped {
              FieldCursor.unescape(p, field, into: &scratch)
              values.append(scratch)
            } else {
              values.append(Array(UnsafeBufferPointer(start: p + field.start, count: field.count)))
            }
          }
          index += 1
        }
      }
    }
    return values
  }

  /// The date format every sample reads in; `nil` when the sample cannot decide (and `final` is false).
  private static func chooseDateFormat(_ samples: [[UInt8]], source: SourceText, final: Bool = false) throws -> DateFormat? {
    guard !samples.isEmpty else { return .iso }
    var parsedCounts: [DateFormat: Int] = [:]
    for format in DateFormat.allCases {
      var n = 0
      for value in samples where value.withUnsafeBufferPointer({ format.parse($0.baseAddress!, $0.count) }) != nil { n += 1 }
      parsedCounts[format] = n
    }
    let complete = DateFormat.allCases.filter { parsedCounts[$0] == samples.count }
    if complete.contains(.dayMonthYearSlash) && complete.contains(.monthDayYearSlash) {
      guard final else { return nil }
      let example = samples.first { v in
        v.withUnsafeBufferPointer { DateFormat.splitYearLast($0.baseAddress!, $0.count, separator: 47) }.map { $0.first != $0.second } ?? false
      } ?? samples[0]
      let text = String(decoding: example, as: UTF8.self)
      throw LoadError(
        .ambiguousDates, "dates like '\(text)' read both as dd/MM/yyyy and as MM/dd/yyyy, and no date in the file decides",
        file: source.path, value: text,
        notes: ["give the format: date_format = dd/MM/yyyy (day first) or date_format = MM/dd/yyyy (month first)"])
    }
    if let first = complete.first { return first }
    // No format reads everything: take the one that reads most; the bad rows are reported one by one.
    return DateFormat.allCases.max { (parsedCounts[$0] ?? 0) < (parsedCounts[$1] ?? 0) } ?? .iso
  }

  private static func chooseDecimal(_ samples: [[UInt8]], delimiter: UInt8) -> (decimal: UInt8, thousands: UInt8?) {
    // Votes: a value with both separators decides outright; otherwise a separator followed by
    // one or two digits is a decimal; a comma followed by exactly three digits is ambiguous.
    var commaDecimals = 0
    var dotDecimals = 0
    var commaThreeDigits = 0
    for value in samples {
      let lastDot = value.lastIndex(of: 46)
      let lastComma = value.lastIndex(of: 44)
      if let d = lastDot, let c = lastComma {
        return c > d ? (44, 46) : (46, 44)
      }
      if let c = lastComma {
        let digitsAfter = value[(c + 1)...].prefix { $0 >= 48 && $0 <= 57 }.count
        if digitsAfter == 3 { commaThreeDigits += 1 } else { commaDecimals += 1 }
      } else if lastDot != nil {
        dotDecimals += 1
      }
    }
    if commaDecimals > dotDecimals && (delimiter != 44 || commaDecimals > 0 && dotDecimals == 0) { return (44, nil) }
    if commaThreeDigits > 0 && commaDecimals == 0 { return (46, 44) }
    return (46, nil)
  }

  // MARK: - Typed parse

  /// A row problem found by a worker (turned into a `LoadError` on the calling thread).
  struct Issue {
    let record: Int
    let code: LoadError.Code
    let message: String
    let plan: Int  // -1: the whole row
    let offset: Int
    let width: Int
    let value: String?
    let notes: [String]
  }

  /// What one worker leaves behind: its dictionaries and the problems it found.
  struct WorkerResult {
    var interners: [ByteInterner]  // one per plan; empty for non-text plans
    var escaped: [[Int: [UInt8]]]  // per plan: key values that held doubled quotes, by row
    var issues: [Issue]
    var issueCount: Int
  }

  /// The storage of one column while parsing: the final arrays, written in place through
  /// pointers (no copy afterwards).
  final class ColumnStore {
    var int64: [Int64] = []
    var int32: [Int32] = []
    var nulls: [UInt8] = []
    var keys: [Int] = []  // packed key entries (`KeyColumn.entries`)
  }

  /// Pointers into every column's storage, valid inside `RawColumns.withPointers`.
  struct ColumnPointers: @unchecked Sendable {
    var int64: [UnsafeMutablePointer<Int64>?] = []
    var int32: [UnsafeMutablePointer<Int32>?] = []
    var nulls: [UnsafeMutablePointer<UInt8>?] = []
    var keys: [UnsafeMutablePointer<Int>?] = []
  }

  /// The output of the parallel pass: the column arrays, one rejected flag per row, and one
  /// result slot per worker (no shared Swift collection is mutated from two threads).
  final class RawColumns: @unchecked Sendable {
    let rows: Int
    let stores: [ColumnStore]
    var rejected: [UInt8]
    let results: UnsafeMutableBufferPointer<WorkerResult?>

    /// The arrays are left unwritten here: each worker first fills its own rows with the
    /// defaults (`fillDefaults`), so the kernel's zeroing of the fresh pages and the first
    /// writes are spread over the cores instead of done by this thread before the parse.
    init(rows: Int, plans: [ColumnPlan], threads: Int) {
      self.rows = rows
      func unwritten<T>(_: T.Type) -> [T] { [T](unsafeUninitializedCapacity: rows) { _, count in count = rows } }
      stores = plans.map { plan in
        let store = ColumnStore()
        switch plan.spec.type {
        case .money, .integer:
          store.int64 = unwritten(Int64.self)
          store.nulls = unwritten(UInt8.self)
        case .day:
          store.int32 = unwritten(Int32.self)
          store.nulls = unwritten(UInt8.self)
        case .text:
          store.int32 = unwritten(Int32.self)
        case .key:
          store.keys = unwritten(Int.self)
        }
        return store
      }
      rejected = unwritten(UInt8.self)
      results = .allocate(capacity: threads)
      results.initialize(repeating: nil)
    }

    deinit {
      results.deinitialize()
      results.deallocate()
    }

    /// Runs `body` with pointers into every column and the rejected flags.
    func withPointers(_ body: (ColumnPointers, UnsafeMutablePointer<UInt8>?) -> Void) {
      rejected.withUnsafeMutableBufferPointer { rejected in
        RawColumns.nest(stores, from: 0, ColumnPointers()) { body($0, rejected.baseAddress) }
      }
    }

    private static func nest(_ stores: [ColumnStore], from i: Int, _ pointers: ColumnPointers, _ body: (ColumnPointers) -> Void) {
      guard i < stores.count else { return body(pointers) }
      let store = stores[i]
      store.int64.withUnsafeMutableBufferPointer { a in
        store.int32.withUnsafeMutableBufferPointer { b in
          store.nulls.withUnsafeMutableBufferPointer { c in
            store.keys.withUnsafeMutableBufferPointer { d in
              var next = pointers
              next.int64.append(a.baseAddress)
              next.int32.append(b.baseAddress)
              next.nulls.append(c.baseAddress)
              next.keys.append(d.baseAddress)
              nest(stores, from: i + 1, next, body)
            }
          }
        }
      }
    }
  }

  private static func parseRecords(
    source: SourceText, plans: [ColumnPlan], header: [String], delimiter: UInt8, formats: Formats, threads: Int, skip: [Bool]?
  ) throws -> (raw: RawColumns, ranges: [Range<Int>]) {
    let rows = source.recordCount - 1
    let workers = rows < 50_000 ? 1 : threads
    let raw = RawColumns(rows: rows, plans: plans, threads: workers)
    // One file column may feed several native columns (doc_date and posting_date from one
    // date): the first plan of each field, then a chain of the others (issue #16 item 1).
    var fieldPlan = [Int](repeating: -1, count: header.count)
    var nextPlan = [Int](repeating: -1, count: plans.count)
    var lastPlan = [Int](repeating: -1, count: header.count)
    for (index, plan) in plans.enumerated() {
      guard case .field(let f) = plan.source else { continue }
      if fieldPlan[f] < 0 { fieldPlan[f] = index } else { nextPlan[lastPlan[f]] = index }
      lastPlan[f] = index
    }
    let chunk = (rows + workers - 1) / max(workers, 1)
    let ranges = (0..<workers).map { k in min(rows, k * chunk)..<min(rows, (k + 1) * chunk) }
    let specs = plans.map(\.spec)
    source.withBytes { buffer in
      guard let p = buffer.baseAddress, rows > 0 else { return }
      raw.withPointers { pointers, rejected in
        guard let rejected else { return }
        let job = ParseJob(
          source: source, p: p, starts: source.starts, ends: source.ends, fieldPlan: fieldPlan, nextPlan: nextPlan, specs: specs, delimiter: delimiter,
          formats: formats, raw: raw, pointers: pointers, rejected: rejected, skip: skip)
        if workers == 1 {
          job.run(thread: 0, rows: ranges[0])
        } else {
          DispatchQueue.concurrentPerform(iterations: workers) { k in job.run(thread: k, rows: ranges[k]) }
        }
      }
    }
    return (raw, ranges)
  }

  // MARK: - Assembly

  private static func assemble(
    _ parsed: (raw: RawColumns, ranges: [Range<Int>]), plans: [ColumnPlan], mapping: TableMapping,
    into table: inout ParsedTable, lenient: Bool, leftOut: [Bool]?
  ) throws {
    let raw = parsed.raw
    let rows = raw.rows
    guard let source = table.source else { return }
    let results = raw.results.compactMap { $0 }
    let issues = results.flatMap(\.issues).sorted { $0.record < $1.record }
    let issueTotal = results.reduce(0) { $0 + $1.issueCount }
    func loadError(_ issue: Issue) -> LoadError {
      let (line, column) = source.lineAndColumn(of: issue.offset)
      let columnName = issue.plan >= 0 ? plans[issue.plan].fileName : nil
      let pointed = issue.plan >= 0 || issue.code == .textAfterQuote || issue.code == .unclosedQuote
      var message = issue.message
      if let columnName { message += " in column '\(columnName)'" }
      let at = pointed ? line : source.line(ofRecord: issue.record)
      let (file, fileLine) = source.origin(ofLine: at)
      return LoadError(
        issue.code, message, file: file, line: fileLine, column: pointed ? column : nil, columnName: columnName, value: issue.value,
        sourceLine: source.lineText(at), highlightWidth: issue.width, notes: issue.notes)
    }
    if !lenient, let first = issues.first {
      var error = loadError(first)
      if issueTotal > 1 {
        error.notes.append("\(issueTotal - 1) more row\(issueTotal == 2 ? " has" : "s have") errors in \(source.path)")
      }
      error.notes.append("the load is all-or-nothing; --lenient loads the good rows and writes the bad ones to a reject file")
      throw error
    }
    table.rejects = issues.map { ParsedTable.Reject(record: $0.record, error: loadError($0)) }
    // Typed columns.
    for (index, plan) in plans.enumerated() {
      let column: ParsedColumn
      switch plan.source {
      case .constant(let text):
        column = try constantColumn(plan.spec, text: text, rows: rows, file: source.path)
      case .field:
        switch plan.spec.type {
        case .key:
          var escaped: [Int: [UInt8]] = [:]
          for result in results { escaped.merge(result.escaped[index]) { a, _ in a } }
          column = .key(KeyColumn(entries: raw.stores[index].keys, escaped: escaped))
        case .text:
          column = .text(mergeDictionary(raw, plan: index, ranges: parsed.ranges))
        case .money, .integer:
          let values = raw.stores[index].int64
          let validity = raw.stores[index].nulls.withUnsafeBufferPointer { Validity(nullFlags: $0) }
          column = plan.spec.type == .money ? .money(MoneyColumn(values: values, validity: validity))
            : .integer(IntColumn(values: values, validity: validity))
        case .day:
          var values = raw.stores[index].int32
          raw.stores[index].int32 = []  // `values` the only owner: the nulls' zeros below are written in place
          let validity = raw.stores[index].nulls.withUnsafeBufferPointer { Validity(nullFlags: $0) }
          if validity.nullCount > 0 {
            for row in 0..<rows where !validity.isValid(row) { values[row] = 0 }
          }
          column = .day(DayColumn(values: values, validity: validity))
        }
      }
      if plan.isExtra {
        if case .text(let c) = column { table.extras.append((mapping.renames[plan.fileName] ?? plan.fileName, c)) }
      } else {
        var final = column
        if let recode = mapping.recode[plan.spec.name], case .text(let c) = column { final = .text(c.recoded(recode)) }
        table.columns[plan.spec.name] = final
        table.fileColumnNames[plan.spec.name] = plan.fileName
      }
    }
    table.records = (0..<rows).map { Int32($0 + 1) }
    if !table.rejects.isEmpty || leftOut != nil {
      let keep = leftOut.map { out in zip(raw.rejected, out).map { $0 == 0 && !$1 } } ?? raw.rejected.map { $0 == 0 }
      table.compact(keeping: keep)
    }
  }

  private static func constantColumn(_ spec: ColumnSpec, text: String, rows: Int, file: String) throws -> ParsedColumn {
    var bytes = Array(text.utf8)
    bytes.append(0)
    let n = bytes.count - 1
    let bad = LoadError(.badMapping, "the default '\(text)' for \(spec.name) is not \(spec.type.expectation)", file: file)
    switch spec.type {
    case .key:
      let value = Array(text.utf8)
      return .key(KeyColumn(entries: [Int](repeating: text.isEmpty ? KeyColumn.null : KeyColumn.aside, count: rows),
                            escaped: text.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: (0..<rows).map { ($0, value) })))
    case .text:
      return .text(text.isEmpty ? .allNull(count: rows) : DictionaryColumn(codes: [Int32](repeating: 0, count: rows), dictionary: [text]))
    case .money:
      let result = bytes.withUnsafeBufferPointer { NumberFormat().parseCents($0.baseAddress!, n) }
      guard case .success(let cents) = result else { throw bad }
      return .money(MoneyColumn(values: [Int64](repeating: cents, count: rows)))
    case .integer:
      guard let value = bytes.withUnsafeBufferPointer({ NumberFormat.parseInteger($0.baseAddress!, n) }) else { throw bad }
      return .integer(IntColumn(values: [Int64](repeating: value, count: rows)))
    case .day:
      guard let day = Day.parseISO(text) else { throw bad }
      return .day(DayColumn(values: [Int32](repeating: day, count: rows)))
    }
  }

  /// Merges the per-thread dictionaries into one, in first-appearance order.
  private static func mergeDictionary(_ raw: RawColumns, plan: Int, ranges: [Range<Int>]) -> DictionaryColumn {
    let interners = (0..<raw.results.count).compactMap { raw.results[$0]?.interners[plan] }
    var codes = raw.stores[plan].int32
    raw.stores[plan].int32 = []  // leaves `codes` the only owner: the remap below writes in place
    var global = interners.first ?? ByteInterner()
    for k in interners.indices.dropFirst() {
      let local = interners[k]
      let remap: [Int32] = (0..<local.count).map { code in local.withBytes(code) { global.intern($0, $1) } }
      for row in ranges[k] where codes[row] >= 0 { codes[row] = remap[Int(codes[row])] }
    }
    return DictionaryColumn(codes: codes, dictionary: global.strings())
  }
}
