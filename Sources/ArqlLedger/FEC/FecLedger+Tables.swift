extension FecLedger {
  /// The invoices, payments and customers tables of a FEC's documents and cash lines, typed
  /// as the CSV reader types native files (nulls where a native file has an empty field), so
  /// the ledger builder checks and builds them the same way. Keys point into a copy of the
  /// FEC's interned ids, and every row knows its line in the FEC, which errors name.
  ///
  /// Writing them as CSV text for the CSV reader to parse back cost a fifth of a FEC's load.
  static func tables(documents: [Document], cash: [Cash], customers order: [Int32], nameOf: [Int32], ids: ByteInterner, empty: Int32,
                     path: String) -> (invoices: ParsedTable, payments: ParsedTable, customers: ParsedTable)
  {
    let (arena, starts) = ids.withStorage { arena, starts in (Array(arena), Array(starts)) }
    /// A key column of id codes (`-1`, or `empty`, for a null).
    func keys(_ codes: [Int32]) -> KeyColumn {
      var entries = [Int](repeating: KeyColumn.null, count: codes.count)
      var escaped: [Int: [UInt8]] = [:]
      for (row, code) in codes.enumerated() where code >= 0 && code != empty {
        let (start, end) = (starts[Int(code)], starts[Int(code) + 1])
        if end - start <= KeyColumn.maxPackedLength {
          entries[row] = KeyColumn.entry(place: start, length: end - start)
        } else {
          entries[row] = KeyColumn.aside
          escaped[row] = Array(arena[start..<end])
        }
      }
      return KeyColumn(entries: entries, escaped: escaped)
    }
    /// A text column of id codes, its dictionary in order of first appearance; `empty` is
    /// `otherwise` (nil: a null).
    func text(_ codes: [Int32], otherwise: String? = nil) -> DictionaryColumn {
      var recoded = [Int32](repeating: -1, count: ids.count)
      var dictionary: [String] = []
      var fallback: Int32 = -1
      let rows = codes.map { code -> Int32 in
        guard code >= 0 && code != empty else {
          guard let otherwise else { return -1 }
          if fallback < 0 {
            fallback = Int32(dictionary.count)
            dictionary.append(otherwise)
          }
          return fallback
        }
        if recoded[Int(code)] < 0 {
          recoded[Int(code)] = Int32(dictionary.count)
          dictionary.append(ids.string(Int(code)))
        }
        return recoded[Int(code)]
      }
      return DictionaryColumn(codes: rows, dictionary: dictionary)
    }
    /// A text column of a few values known by a small raw number (a document type, a status):
    /// no hashing per row; `text` nil is a null.
    func small<T>(_ values: [T], raw: (T) -> UInt8, text: (T) -> String?) -> DictionaryColumn {
      var recoded = [Int32](repeating: -1, count: 256)
      var dictionary: [String] = []
      let codes = values.map { value -> Int32 in
        let k = Int(raw(value))
        if recoded[k] < 0, let name = text(value) {
          recoded[k] = Int32(dictionary.count)
          dictionary.append(name)
        }
        return recoded[k]
      }
      return DictionaryColumn(codes: codes, dictionary: dictionary)
    }
    func money(_ values: [Int64?]) -> MoneyColumn {
      let nulls = values.map { $0 == nil ? UInt8(1) : 0 }
      return MoneyColumn(values: values.map { $0 ?? 0 }, validity: nulls.withUnsafeBufferPointer { Validity(nullFlags: $0) })
    }
    func days(_ values: [Int32?]) -> DayColumn {
      let nulls = values.map { $0 == nil ? UInt8(1) : 0 }
      return DayColumn(values: values.map { $0 ?? 0 }, validity: nulls.withUnsafeBufferPointer { Validity(nullFlags: $0) })
    }
    func table(_ kind: TableKind, _ columns: [String: ParsedColumn], lines: [Int32]) -> ParsedTable {
      let source = SourceText.keys(path: path + " (\(kind.rawValue) from the FEC)", bytes: arena, lines: lines)
      return ParsedTable(kind: kind, source: source, header: TableSchema.native(kind).columns.map(\.name).filter { columns[$0] != nil },
                         delimiter: 44, columns: columns, fileColumnNames: [:], extras: [], records: (0..<lines.count).map { Int32($0 + 1) },
                         rejects: [], recordsRead: lines.count, notes: [])
    }
    // Invoices: one row per document. Credits are due on their date; debits get their due date
    // from the customer's terms when the ledger is built (flagged MISSING_DUE_DATE).
    let invoices = table(.invoices, [
      "invoice_id": .key(keys(documents.map(\.id))),
      "customer_id": .key(keys(documents.map(\.customer))),
      "doc_type": .text(small(documents.map(\.type), raw: \.rawValue, text: \.code)),
      "doc_date": .day(days(documents.map(\.docDate))),
      "posting_date": .day(days(documents.map(\.posting))),
      "due_date": .day(days(documents.map { $0.amount < 0 ? $0.docDate : nil })),
      "amount": .money(money(documents.map(\.amount))),
      "currency": .text(text(documents.map(\.currency), otherwise: "EUR")),
      "amount_currency": .money(money(documents.map(\.foreign))),
      "applies_to": .key(keys(documents.map(\.appliesTo))),
      "net_amount": .money(money(documents.map(\.net))),
      "status": .text(small(documents.map(\.status), raw: \.rawValue, text: \.text)),
    ], lines: documents.map(\.fileLine))
    // Payments: one row per part a cash line settles, then one for what is left unapplied.
    var paymentIds: [Int32] = []
    var payers: [Int32] = []
    var paid: [Int32] = []
    var amounts: [Int64] = []
    var targets: [Int32] = []
    var matched: [Int32?] = []
    var lines: [Int32] = []
    for line in cash {
      var left = line.amount
      func row(_ amount: Int64, _ target: Int32, _ match: Int32?) {
        paymentIds.append(line.id)
        payers.append(line.customer)
        paid.append(line.date)
        amounts.append(amount)
        targets.append(target)
        matched.append(match)
        lines.append(line.fileLine)
      }
      for (d, part) in line.applied {
        row(part, documents[d].id, line.matchDate)
        left -= part
      }
      if left != 0 || line.applied.isEmpty { row(left, -1, nil) }
    }
    let payments = table(.payments, [
      "payment_id": .key(keys(paymentIds)),
      "customer_id": .key(keys(payers)),
      "payment_date": .day(days(paid)),
      "amount": .money(money(amounts)),
      "invoice_id": .key(keys(targets)),
      "match_date": .day(days(matched)),
    ], lines: lines)
    // Customers in order of first appearance, named after their first line.
    var firstLine = [Int32](repeating: Int32.max, count: ids.count)
    func seen(_ customer: Int32, _ line: Int32) { if customer >= 0 { firstLine[Int(customer)] = min(firstLine[Int(customer)], line) } }
    for document in documents { seen(document.customer, document.fileLine) }
    for line in cash { seen(line.customer, line.fileLine) }
    let customers = table(.customers, [
      "customer_id": .key(keys(order)),
      "name": .text(text(order.map { nameOf[Int($0)] >= 0 ? nameOf[Int($0)] : empty })),
    ], lines: order.map { firstLine[Int($0)] == Int32.max ? 0 : firstLine[Int($0)] })
    return (invoices, payments, customers)
  }
}
