#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An id column while loading: where each value sits in the source text. Values written with
/// doubled quotes (`"A""1"`) are kept unescaped aside.
struct KeyColumn {
  /// Byte offset of each row's value in the source.
  var offsets: [Int]
  /// Byte length of each row's value; `-1` for a null, `-2` for a value in `escaped`.
  var lengths: [Int32]
  /// Unescaped values by row, for the rare ids that held a quote.
  var escaped: [Int: [UInt8]]

  var count: Int { lengths.count }

  /// Calls `body` with the bytes of `row`'s value; `nil` for a null.
  @inline(__always)
  func withBytes<R>(_ row: Int, in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R? {
    let n = Int(lengths[row])
    if n >= 0 {
      guard let base = text.baseAddress else { return withUnsafePointer(to: UInt8(0)) { body($0, 0) } }
      return body(base + offsets[row], n)
    }
    guard n == -2, let bytes = escaped[row] else { return nil }
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
    return KeyColumn(offsets: offsets.kept(keep), lengths: lengths.kept(keep), escaped: newEscaped)
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
      let n = Int(lengths[row])
      if n < 0 { return false }  // a null id is reported elsewhere; take the general path
      if previous >= 0 {
        let order = ByteComparison.order(base + offsets[previous], Int(lengths[previous]), base + offsets[row], n)  // < 0: previous first
        if order >= 0 { return false }
      }
      previous = row
    }
    return true
  }
}
