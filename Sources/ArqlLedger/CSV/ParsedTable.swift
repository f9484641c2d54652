/// One file read into typed columns, with what is needed to report on its rows later:
/// the source text (for line numbers and reject files) and the record of every kept row.
struct ParsedTable {
  /// The native table this file fills.
  let kind: TableKind
  /// The source, kept until the ledger is built so later checks can name lines.
  let source: SourceText?
  /// The file's header names.
  let header: [String]
  /// The delimiter the file uses.
  let delimiter: UInt8
  /// Native columns present (from the file or a default), by native name.
  var columns: [String: ParsedColumn]
  /// For each native column read from the file, the file's header name (for messages).
  var fileColumnNames: [String: String]
  /// Extra file columns kept as text attributes, in file order.
  var extras: [(name: String, column: DictionaryColumn)]
  /// Record index (in `source`) of every row.
  var records: [Int32]
  /// Rows rejected so far (lenient mode), by record.
  var rejects: [Reject]
  /// Data records in the file (rows read), blank lines excluded.
  let recordsRead: Int
  /// What was detected or assumed about the file, for the load summary.
  var notes: [String]

  /// A row left out in lenient mode and why.
  struct Reject {
    let record: Int
    let error: LoadError
  }

  /// The number of rows.
  var count: Int { records.count }

  func text(_ name: String) -> DictionaryColumn? {
    if case .text(let c)? = columns[name] { return c }
    return nil
  }
  func key(_ name: String) -> KeyColumn? {
    if case .key(let c)? = columns[name] { return c }
    return nil
  }
  /// Takes an amount column out of the table (its only holder then, so it is written in place).
  mutating func removeMoney(_ name: String) -> MoneyColumn? {
    guard case .money(let column)? = columns.removeValue(forKey: name) else { return nil }
    return column
  }

  /// Lets go of the columns once the table is built: the ids and references it no longer
  /// needs, and the typed columns whose storage the built table now holds on its own.
  mutating func dropColumns() {
    columns = [:]
  }

  /// The value of key column `name` at `row`.
  func keyString(_ name: String, _ row: Int) -> String? {
    guard let column = key(name), let source else { return nil }
    return column.string(row, in: source.bytes)
  }
  func money(_ name: String) -> MoneyColumn? {
    if case .money(let c)? = columns[name] { return c }
    return nil
  }
  func day(_ name: String) -> DayColumn? {
    if case .day(let c)? = columns[name] { return c }
    return nil
  }
  func integer(_ name: String) -> IntColumn? {
    if case .integer(let c)? = columns[name] { return c }
    return nil
  }

  /// Keeps only the rows whose flag is set.
  mutating func compact(keeping keep: [Bool]) {
    guard keep.contains(false) else { return }
    for (name, column) in columns { columns[name] = column.compacted(keeping: keep) }
    extras = extras.map { ($0.name, DictionaryColumn(codes: ColumnArray($0.column.codes.kept(keep)), dictionary: $0.column.dictionary)) }
    records = records.kept(keep)
  }

  /// A `LoadError` located at row `row` and native column `column` (whole row when `nil`).
  func error(_ code: LoadError.Code, _ message: String, row: Int, column: String?, value: String?, notes: [String] = [])
    -> LoadError
  {
    guard let source else { return LoadError(code, message, file: kind.fileName, value: value, notes: notes) }
    let record = Int(records[row])
    let line = source.line(ofRecord: record)
    var col: Int? = nil
    var width = 1
    if let column, let fileName = fileColumnNames[column], let fieldIndex = header.firstIndex(of: fileName),
      let (offset, length) = fieldOffset(record: record, field: fieldIndex)
    {
      col = source.lineAndColumn(of: offset).column
      width = max(1, length)
    }
    var message = message
    if let column { message += " in column '\(fileColumnNames[column] ?? column)'" }
    let (file, fileLine) = source.origin(ofLine: line)
    return LoadError(
      code, message, file: file, line: fileLine, column: col ?? 1, columnName: column.map { fileColumnNames[$0] ?? $0 },
      value: value, sourceLine: source.lineText(line), highlightWidth: width, notes: notes)
  }

  /// The byte offset and length of field `field` of record `record`.
  private func fieldOffset(record: Int, field: Int) -> (Int, Int)? {
    guard let source else { return nil }
    return source.withBytes { buffer -> (Int, Int)? in
      guard let p = buffer.baseAddress else { return nil }
      var cursor = FieldCursor(start: source.starts[record], end: source.ends[record], delimiter: delimiter)
      var index = 0
      while let f = try? cursor.next(p) {
        if index == field { return (f.start, f.count) }
        index += 1
      }
      return nil
    }
  }
}
