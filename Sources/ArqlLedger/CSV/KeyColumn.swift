#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An id column while loading: where each value sits in the source text. Values written with
/// doubled quotes (`"A""1"`) are kept unescaped aside.
struct KeyColumn {
  /// Per row, the value's place in the source and its byte length in one word
  /// (`place << lengthBits | length`), or `KeyColumn.null`, or `KeyColumn.aside` for a value in
  /// `escaped`. One word a row instead of an offset and a length: a 10M ledger has 100M keys.
  var entries: [Int]
  /// Unescaped values by row, for the rare ids that held a quote (or were too long to pack).
  var escaped: [Int: [UInt8]]

  /// The bits of an entry that hold the length; places go up to 2^39 (512 GB).
  static let lengthBits = 24
  /// The longest value an entry holds; a longer one is kept in `escaped`.
  static let maxPackedLength = (1 << lengthBits) - 1
  /// The entry of a null.
  static let null = -1
  /// The entry of a value kept in `escaped`.
  static let aside = -2

  /// The entry of `length` bytes at `place`.
  @inline(__always)
  static func entry(place: Int, length: Int) -> Int { place << lengthBits | length }

  var count: Int { entries.count }

  /// Row `row`'s byte length, or `null` / `aside`.
  @inline(__always)
  func length(_ row: Int) -> Int {
    let entry = entries[row]
    return entry < 0 ? entry : entry & KeyColumn.maxPackedLength
  }

  /// Row `row`'s place in the source (for a row whose length is not negative).
  @inline(__always)
  func place(_ row: Int) -> Int { entries[row] >> KeyColumn.lengthBits }

  /// Calls `body` with the bytes of `row`'s value; `nil` for a null.
  @inline(__always)
  func withBytes<R>(_ row: Int, in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R? {
    let entry = entries[row]
    if entry >= 0 {
      guard let base = text.baseAddress else { return withUnsafePointer(to: UInt8(0)) { body($0, 0) } }
      return body(base + entry >> KeyColumn.lengthBits, entry & KeyColumn.maxPackedLength)
    }
    guard entry == KeyColumn.aside, let bytes = escaped[row] else { return nil }
    return (bytes + [0]).withUnsafeBufferPointer { body($0.baseAddress!, bytes.count) }  // never empty
  }

  /// The value of `row` as text.
  func string(_ row: Int, in text: UnsafeBufferPointer<UInt8>) -> String? {
    withBytes(row, in: text) { String(decoding: UnsafeBufferPointer(start: $0, count: $1), as: UTF8.self) }
  }

  /// The column with only the rows whose `keep` flag is set.
  func compacted(keeping keep: [Bool]) -> KeyColumn {
    var newEscaped: [Int: [UInt8]] = [:]
    if !escaped.isEmpty {
      var newRow = 0
      for row in keep.indices where keep[row] {
        if let value = escaped[row] { newEscaped[newRow] = value }
        newRow += 1
      }
    }
    return KeyColumn(entries: entries.kept(keep), escaped: newEscaped)
  }
}

extension KeyColumn {
  /// Whether the values, in row order, are strictly increasing byte-wise (none null). Exports
  /// are often sorted by id: then the ids are distinct without building a hash table.
  /// - Complexity: O(total bytes), sequential.
  func isStrictlyIncreasing(in text: UnsafeBufferPointer<UInt8>) -> Bool {
    guard escaped.isEmpty, let base = text.baseAddress else { return false }
    var previous = -1
    for row in 0..<count {
      let n = length(row)
      if n < 0 { return false }  // a null id is reported elsewhere; take the general path
      if previous >= 0 {
        let order = ByteComparison.order(base + place(previous), length(previous), base + place(row), n)  // < 0: previous first
        if order >= 0 { return false }
      }
      previous = row
    }
    return true
  }
}
