/// A validity bitmap: bit `i` set means row `i` holds a value.
///
/// A column without nulls carries an empty bitmap (`nullCount == 0`), so kernels over
/// required columns never touch it.
public struct Validity: Sendable, Equatable, Codable {
  /// The bits, 64 rows a word; empty when every row is valid.
  public private(set) var words: [UInt64]
  /// The number of null rows.
  public private(set) var nullCount: Int

  /// A bitmap in which every row is valid.
  public static let allValid = Validity(words: [], nullCount: 0)

  init(words: [UInt64], nullCount: Int) {
    self.words = words
    self.nullCount = nullCount
  }

  /// Builds a bitmap from one flag byte per row (non-zero = null).
  public init(nullFlags: UnsafeBufferPointer<UInt8>) {
    var nulls = 0
    for flag in nullFlags where flag != 0 { nulls += 1 }
    guard nulls > 0 else {
      self = .allValid
      return
    }
    var words = [UInt64](repeating: 0, count: (nullFlags.count + 63) / 64)
    for (row, flag) in nullFlags.enumerated() where flag == 0 {
      words[row >> 6] |= 1 << UInt64(row & 63)
    }
    self.init(words: words, nullCount: nulls)
  }

  /// Whether row `row` holds a value.
  /// - Complexity: O(1).
  @inlinable
  public func isValid(_ row: Int) -> Bool {
    nullCount == 0 || (words[row >> 6] >> UInt64(row & 63)) & 1 == 1
  }

  /// The bitmap restricted to the rows whose `keep` flag is set, in order.
  public func compacted(keeping keep: [Bool]) -> Validity {
    guard nullCount > 0 else { return .allValid }
    var flags = [UInt8]()
    flags.reserveCapacity(keep.count)
    for row in keep.indices where keep[row] { flags.append(isValid(row) ? 0 : 1) }
    return flags.withUnsafeBufferPointer { Validity(nullFlags: $0) }
  }
}

extension Validity {
  /// A bitmap in which every one of `count` rows is null.
  public static func allNull(_ count: Int) -> Validity {
    count == 0 ? .allValid : Validity(words: [UInt64](repeating: 0, count: (count + 63) / 64), nullCount: count)
  }
}

extension Validity {
  /// The bitmap of `count` rows followed by `extra` null rows.
  func appendingNulls(_ extra: Int, to count: Int) -> Validity {
    var result = self
    result.append(.allNull(extra), count: count, extra: extra)
    return result
  }
}

extension Validity {
  /// Adds the validity of `extra` rows (`other`) after this bitmap's `count` rows.
  /// - Complexity: O(extra), plus O(count / 64) the first time a null arrives in a column without one.
  mutating func append(_ other: Validity, count: Int, extra: Int) {
    guard nullCount > 0 || other.nullCount > 0 else { return }
    if nullCount == 0 {  // every earlier row is valid: the bitmap is made explicit
      words = [UInt64](repeating: ~0, count: count / 64)
      if count % 64 != 0 { words.append((1 << UInt64(count % 64)) - 1) }
    }
    let needed = (count + extra + 63) / 64
    if words.count < needed { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
    for row in 0..<extra where other.isValid(row) {
      let bit = count + row
      words[bit >> 6] |= 1 << UInt64(bit & 63)
    }
    nullCount += other.nullCount
  }
}
