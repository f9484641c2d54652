import Testing
@testable import ArqlLedger

/// The splitter takes quote-free records eight bytes at a time and hands records with a quote to
/// `FieldCursor`; either way its fields, field count and quoting problems must be the cursor's.
@Suite("Record splitter")
struct RecordSplitterTests {
  /// What the cursor reads of a record with a header of `fieldCount` fields: the fields before a
  /// problem, the field count (past the header's, up to a field that cannot be read) and the problem.
  static func expected(_ record: [UInt8], delimiter: UInt8, fieldCount: Int) -> (fields: [[UInt8]], escaped: [Bool], count: Int, failure: String?) {
    record.withUnsafeBufferPointer { buffer in
      var fields: [[UInt8]] = []
      var escaped: [Bool] = []
      guard let p = buffer.baseAddress else { return ([], [], 0, nil) }
      var cursor = FieldCursor(start: 0, end: buffer.count, delimiter: delimiter)
      do {
        while fields.count < fieldCount, let field = try cursor.next(p) {
          fields.append(Array(buffer[field.start..<field.start + field.count]))
          escaped.append(field.escaped)
        }
      } catch {
        return (fields, escaped, fields.count, "\(error)")
      }
      var count = fields.count
      if count == fieldCount && !cursor.done {
        while (try? cursor.next(p)) != nil { count += 1 }
      }
      return (fields, escaped, count, nil)
    }
  }

  @Test("fields, counts and quoting problems are the cursor's, with spaces, tabs, quotes and long fields", arguments: [UInt8(44), 59, 9])
  func splitsAsTheCursorReads(delimiter: UInt8) throws {
    var generator = SplitMix64(seed: 7 &+ UInt64(delimiter))
    // Mostly plain bytes, with the bytes that have rules of their own mixed in.
    let special: [UInt8] = [delimiter, delimiter, 32, 9, 34, 0xC3, 0xA9]
    var mismatches: [String] = []
    for _ in 0..<20_000 {
      // Some records past 128 bytes, where the splitter takes its fields in several rounds.
      let long = generator.next() % 4 == 0
      let length = Int(generator.next() % (long ? 400 : 40))
      let quoteFree = generator.next() % 2 == 0
      var record: [UInt8] = (0..<length).map { _ in
        let roll = generator.next() % 10
        if roll < 3 {
          let byte = special[Int(generator.next() % UInt64(special.count))]
          return quoteFree && byte == 34 ? 65 : byte
        }
        return UInt8(48 + generator.next() % 43)
      }
      if !quoteFree && generator.next() % 3 == 0 {  // a well-quoted field somewhere
        record += [delimiter, 32, 34] + Array("a\(Character(UnicodeScalar(delimiter)))b\"\"c".utf8) + [34, 32, delimiter]
      }
      let fieldCount = 1 + Int(generator.next() % (long ? 60 : 8))
      let want = Self.expected(record, delimiter: delimiter, fieldCount: fieldCount)
      // Every other field has a slot, to check that fields without one are stepped over.
      let slotOfField = (0..<fieldCount).map { $0 % 2 == 0 ? $0 / 2 : -1 }
      let splitter = RecordSplitter(capacity: 4, delimiter: delimiter, slotOfField: slotOfField)
      defer { splitter.deallocate() }
      let row = Int(generator.next() % 4)
      let split = record.withUnsafeBufferPointer { buffer in
        splitter.split(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, start: 0, end: buffer.count, row: row)
      }
      var fine = split.fields == want.count && split.failure.map { "\($0)" } == want.failure
      for (k, field) in want.fields.enumerated() where slotOfField[k] >= 0 {
        let i = slotOfField[k] * splitter.stride + row
        let n = splitter.counts[i]
        let got = Array(record[splitter.starts[i]..<splitter.starts[i] + Int(n < 0 ? ~n : n)])
        fine = fine && got == field && (n < 0) == want.escaped[k]
      }
      if !fine { mismatches.append("\(String(decoding: record, as: UTF8.self).debugDescription) header \(fieldCount): \(split) vs \(want)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
  }

  @Test("records around a word's and a 64-byte chunk's length: delimiters at every place")
  func wordEdges() {
    for length in [7, 8, 9, 15, 16, 17, 24, 63, 64, 65, 71, 72, 127, 128, 129, 136] {
      for at in 0..<length {
        var record = [UInt8](repeating: 65, count: length)
        record[at] = 44
        let want = Self.expected(record, delimiter: 44, fieldCount: 2)
        let splitter = RecordSplitter(capacity: 1, delimiter: 44, slotOfField: [0, 1])
        defer { splitter.deallocate() }
        let split = record.withUnsafeBufferPointer { splitter.split($0.baseAddress!, start: 0, end: length, row: 0) }
        #expect(split.fields == 2 && want.count == 2)
        #expect(splitter.starts[0] == 0 && splitter.counts[0] == Int32(at), "length \(length), comma at \(at)")
        #expect(splitter.starts[splitter.stride] == at + 1 && splitter.counts[splitter.stride] == Int32(length - at - 1), "length \(length), comma at \(at)")
      }
    }
  }

  @Test("a space or a quote anywhere in a record past 64 bytes is seen: trimmed, or read as quoted")
  func spacesAndQuotesAnywhere() {
    for length in [63, 64, 65, 72, 100, 128, 129] {
      for at in 1..<(length - 1) {
        // "AAA…A ,AAA…": the space before the comma is trimmed from the first field.
        var record = [UInt8](repeating: 65, count: length)
        record[at] = 44
        record[at - 1] = 32
        let splitter = RecordSplitter(capacity: 1, delimiter: 44, slotOfField: [0, 1])
        defer { splitter.deallocate() }
        _ = record.withUnsafeBufferPointer { splitter.split($0.baseAddress!, start: 0, end: length, row: 0) }
        #expect(splitter.counts[0] == Int32(at - 1), "length \(length), space at \(at - 1)")
        // "AAA…A,"AAA…"": a quoted second field, read without its quotes.
        var quoted = [UInt8](repeating: 65, count: length)
        quoted[at - 1] = 44
        quoted[at] = 34
        quoted[length - 1] = 34
        let split = quoted.withUnsafeBufferPointer { splitter.split($0.baseAddress!, start: 0, end: length, row: 0) }
        #expect(split.failure == nil && split.fields == 2)
        #expect(splitter.starts[splitter.stride] == at + 1 && splitter.counts[splitter.stride] == Int32(length - at - 2), "length \(length), quote at \(at)")
      }
    }
  }
}

/// Columns are typed one after the other over a block of rows; a row must still be rejected for
/// the problem at its earliest field, as when its fields are read left to right.
@Suite("Typed parse, column by column")
struct ColumnParseTests {
  static func rejects(_ csv: String) throws -> (table: ParsedTable, reasons: [Int: LoadError.Code]) {
    let source = SourceText(path: "invoices.csv", bytes: Array(csv.utf8), encoding: .utf8)
    let table = try CSVTableReader.read(source: source, schema: .native(.invoices), mapping: TableMapping(), options: CSVOptions(),
                                        lenient: true, threads: 1)
    return (table, Dictionary(uniqueKeysWithValues: table.rejects.map { ($0.error.line ?? 0, $0.error.code) }))
  }

  @Test("each rejected row reports its earliest problem, across block boundaries")
  func earliestProblemWins() throws {
    let good = (0..<300).map { "G\($0),C1,2025-01-01,1.00,EUR\n" }.joined()
    let csv = "invoice_id,customer_id,doc_date,amount,currency\n"
      + "I1,C1,2025-13-01,abc,EUR\n"  // 2: bad date before a bad amount
      + "I2,C1,2025-01-01,abc,\"EU\"R\n"  // 3: bad amount before text after a closing quote
      + "I3,C1,2025-01-01,\"1\"x,EUR\n"  // 4: text after a closing quote
      + "I4,,2025-13-01,1.00,EUR\n"  // 5: a missing id before a bad date
      + "I5,C1,2025-13-01\n"  // 6: a bad date in a row that is too short
      + "I6,C1,2025-01-01\n"  // 7: too short
      + "I7,C1,2025-01-01,1.00,EUR,extra\n"  // 8: too long
      + "I8,C1,2025-01-01,x,EUR,extra\n"  // 9: a bad amount in a row that is too long
      + "\"I\"\"9\",C1,2025-01-01,\"1\"\"0\",EUR\n"  // 10: an amount with doubled quotes
      + good  // 11...310: rows of a second block
      + "I11,C1,2025-01-01,12.50,EUR\n"  // 311: good
      + "I12, C1 ,2025-02-30,12.50,EUR\n"  // 312: no 30 February, in the second block
    let (table, reasons) = try Self.rejects(csv)
    #expect(reasons == [2: .badDate, 3: .badAmount, 4: .textAfterQuote, 5: .missingValue, 6: .badDate, 7: .fieldCount,
                        8: .fieldCount, 9: .badAmount, 10: .badAmount, 312: .badDate])
    #expect(table.count == 301)
    #expect(table.money("amount")?.values.last == 1_250)
    #expect(table.rejects.first { $0.error.line == 7 }?.error.message == "expected 5 fields but the row has 3")
  }

  @Test("text columns take their codes in row order, spaces trimmed, doubled quotes unescaped")
  func textCodes() throws {
    let rows = (0..<600).map { "I\($0),C1,2025-01-01,1.00,\(["EUR", " USD ", "\"G\"\"BP\"", "EUR"][$0 % 4])\n" }.joined()
    let (table, reasons) = try Self.rejects("invoice_id,customer_id,doc_date,amount,currency\n" + rows)
    #expect(reasons.isEmpty)
    let currency = try #require(table.text("currency"))
    #expect(currency.dictionary == ["EUR", "USD", "G\"BP"])
    #expect(Array(currency.codes.prefix(5)) == [0, 1, 2, 0, 0])
  }
}

/// An id is kept as one word (its place in the file and its length); one too long for the word
/// is kept aside, and reads back the same.
@Suite("Key column entries")
struct KeyColumnEntryTests {
  @Test("place and length pack into one entry; null and aside stay apart")
  func packs() {
    let keys = KeyColumn(entries: [KeyColumn.entry(place: 1 << 38, length: KeyColumn.maxPackedLength), KeyColumn.null, KeyColumn.aside,
                                   KeyColumn.entry(place: 3, length: 0)], escaped: [2: Array("x\"y".utf8)])
    #expect(keys.place(0) == 1 << 38 && keys.length(0) == KeyColumn.maxPackedLength)
    #expect(keys.length(1) == KeyColumn.null && keys.length(2) == KeyColumn.aside)
    #expect(keys.place(3) == 3 && keys.length(3) == 0)
    #expect(keys.string(2, in: UnsafeBufferPointer(start: nil, count: 0)) == "x\"y")
    #expect(keys.string(1, in: UnsafeBufferPointer(start: nil, count: 0)) == nil)
  }

  @Test("an id longer than an entry holds is read aside, whole")
  func longId() throws {
    let long = String(repeating: "A", count: KeyColumn.maxPackedLength + 1)
    let csv = "invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,1.00\n\(long),C1,2025-01-02,2.00\n"
    let source = SourceText(path: "invoices.csv", bytes: Array(csv.utf8), encoding: .utf8)
    let table = try CSVTableReader.read(source: source, schema: .native(.invoices), mapping: TableMapping(), options: CSVOptions(),
                                        lenient: false, threads: 1)
    let keys = try #require(table.key("invoice_id"))
    #expect(keys.length(0) == 2 && keys.length(1) == KeyColumn.aside)
    #expect(keys.string(1, in: source.bytes)?.count == long.count)
    #expect(keys.string(0, in: source.bytes) == "I1")
  }
}
