/// A column of booleans, one bit a row.
public struct BoolColumn: Sendable, Equatable, Codable {
  /// The bits, 64 rows a word.
  public var words: [UInt64]
  /// The number of rows.
  public private(set) var count: Int

  /// A column of `count` rows, all `false`.
  public init(count: Int) {
    self.count = count
    self.words = [UInt64](repeating: 0, count: (count + 63) / 64)
  }

  /// The flag of `row`.
  @inlinable
  public subscript(row: Int) -> Bool {
    get { (words[row >> 6] >> UInt64(row & 63)) & 1 == 1 }
    set {
      if newValue {
        words[row >> 6] |= 1 << UInt64(row & 63)
      } else {
        words[row >> 6] &= ~(1 << UInt64(row & 63))
      }
    }
  }

  /// The number of rows set to `true`.
  public var trueCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
}

extension BoolColumn {
  /// Adds `other`'s rows after this column's.
  mutating func append(_ other: BoolColumn) {
    let total = count + other.count
    let needed = (total + 63) / 64
    if words.count < needed { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
    let first = count
    count = total
    for row in 0..<other.count where other[row] { self[first + row] = true }
  }
}
