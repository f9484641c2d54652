/// Walks the fields of one record (RFC 4180): quoted fields may hold delimiters, newlines and
/// doubled quotes; spaces around a field are trimmed; a quote inside an unquoted field is
/// kept as a character.
struct FieldCursor {
  /// One field: the byte range of its text (inside the quotes when quoted).
  struct Field {
    var start: Int
    var count: Int
    /// The range holds doubled quotes `""` that stand for one quote.
    var escaped: Bool
  }

  /// Why a field could not be read.
  enum Failure: Error {
    case textAfterQuote(offset: Int)
    case unclosedQuote(offset: Int)
  }

  private(set) var position: Int
  let end: Int
  let delimiter: UInt8
  let trimTabs: Bool
  /// All fields were read, including an empty one after a trailing delimiter.
  private(set) var done = false

  init(start: Int, end: Int, delimiter: UInt8) {
    self.position = start
    self.end = end
    self.delimiter = delimiter
    self.trimTabs = delimiter != 9
  }

  @inline(__always)
  private func isSpace(_ c: UInt8) -> Bool { c == 32 || (c == 9 && trimTabs) }

  /// The delimiter in every byte of a word.
  private var pattern: UInt64 { UInt64(delimiter) &* 0x0101_0101_0101_0101 }

  /// The offset of the first delimiter in `[from, to)` among the whole words of eight bytes
  /// there, or the start of the bytes left after them (fewer than eight, not looked at). A
  /// byte of `word ^ pattern` is zero where the delimiter is; the lowest byte flagged by the
  /// borrow trick is the first such byte (borrows only flag bytes above a zero byte).
  @inline(__always)
  static func findDelimiter(_ p: UnsafePointer<UInt8>, from: Int, to: Int, pattern: UInt64) -> Int {
    var d = from
    while d + 8 <= to {
      let word = UnsafeRawPointer(p + d).loadUnaligned(as: UInt64.self) ^ pattern
      let zero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
      if zero != 0 { return d + zero.trailingZeroBitCount >> 3 }
      d += 8
    }
    return d
  }

  /// The next field, or `nil` when the record has no more.
  @inline(__always)
  mutating func next(_ p: UnsafePointer<UInt8>) throws(Failure) -> Field? {
    if done { return nil }
    var pos = position
    while pos < end && isSpace(p[pos]) { pos += 1 }
    var field: Field
    if pos < end && p[pos] == 34 {
      let open = pos
      var i = pos + 1
      var escaped = false
      while true {
        let q = SourceText.find(34, p, from: i, to: end)
        if q >= end { throw .unclosedQuote(offset: open) }
        if q + 1 < end && p[q + 1] == 34 {
          escaped = true
          i = q + 2
        } else {
          field = Field(start: open + 1, count: q - open - 1, escaped: escaped)
          pos = q + 1
          break
        }
      }
      while pos < end && isSpace(p[pos]) { pos += 1 }
      if pos < end && p[pos] != delimiter { throw .textAfterQuote(offset: pos) }
    } else {
      // Fields are short: eight bytes at a time, then a plain loop, beat a memchr call per field.
      var d = FieldCursor.findDelimiter(p, from: pos, to: end, pattern: pattern)
      while d < end && p[d] != delimiter { d += 1 }
      var last = d
      while last > pos && isSpace(p[last - 1]) { last -= 1 }
      field = Field(start: pos, count: last - pos, escaped: false)
      pos = d
    }
    if pos < end {
      position = pos + 1  // past the delimiter; a field (maybe empty) follows
    } else {
      position = end
      done = true
    }
    return field
  }

  /// Copies a field's text with `""` turned into `"`.
  static func unescape(_ p: UnsafePointer<UInt8>, _ field: Field, into scratch: inout [UInt8]) {
    scratch.removeAll(keepingCapacity: true)
    var i = field.start
    let end = field.start + field.count
    while i < end {
      let c = p[i]
      scratch.append(c)
      i += c == 34 ? 2 : 1
    }
  }

  /// Splits a whole record into unescaped strings (header, samples, tests).
  static func strings(_ p: UnsafePointer<UInt8>, start: Int, end: Int, delimiter: UInt8) throws(Failure) -> [String] {
    var cursor = FieldCursor(start: start, end: end, delimiter: delimiter)
    var result: [String] = []
    var scratch: [UInt8] = []
    while let field = try cursor.next(p) {
      if field.escaped {
        unescape(p, field, into: &scratch)
        result.append(String(decoding: scratch, as: UTF8.self))
      } else {
        result.append(String(decoding: UnsafeBufferPointer(start: p + field.start, count: field.count), as: UTF8.self))
      }
    }
    return result
  }
}
