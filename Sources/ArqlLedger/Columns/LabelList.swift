/// The distinct values of a dictionary column: an array of strings whose first part can be read
/// in place from a mapped snapshot (offsets and UTF-8 bytes), so opening a snapshot with millions
/// of document ids makes no string until one is asked for.
///
/// Strings added after the mapped part (an append) are kept in an array behind it; any other
/// change makes every label an ordinary string first.
public struct LabelList: Sendable {
  /// The labels read in place: the first `mapped.count` of the list.
  private var mapped: MappedLabels?
  /// The labels after the mapped ones (all of them when nothing is mapped).
  private var tail: [String]

  /// A list of `labels`.
  public init(_ labels: [String]) {
    mapped = nil
    tail = labels
  }

  init(mapped: MappedLabels) {
    self.mapped = mapped.count > 0 ? mapped : nil
    tail = []
  }

  /// The UTF-8 bytes of label `k`, without making a string when it is mapped.
  public func withUTF8<R>(at k: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let mapped, k < mapped.count { return try body(mapped.bytes(k)) }
    var label = tail[k - (mapped?.count ?? 0)]
    return try label.withUTF8(body)
  }

  /// The labels when every one is read in place (a snapshot's, or a load's `LabelArena`).
  var inPlace: MappedLabels? { tail.isEmpty ? mapped : nil }

  /// Whether some labels are read from a mapped file (a snapshot), not from memory.
  public var isMapped: Bool { mapped?.inFile ?? false }
}

extension LabelList: RandomAccessCollection {
  public typealias Index = Int
  public typealias Indices = Range<Int>

  public var startIndex: Int { 0 }
  public var endIndex: Int { (mapped?.count ?? 0) + tail.count }
  public var count: Int { (mapped?.count ?? 0) + tail.count }
  public var isEmpty: Bool { count == 0 }
  public func index(after i: Int) -> Int { i + 1 }
  public func index(before i: Int) -> Int { i - 1 }

  public subscript(position: Int) -> String {
    if let mapped {
      if position < mapped.count {
        precondition(position >= 0, "label index out of range")
        return String(decoding: mapped.bytes(position), as: UTF8.self)
      }
      return tail[position - mapped.count]
    }
    return tail[position]
  }
}

extension LabelList: RangeReplaceableCollection {
  public init() { self.init([String]()) }

  public mutating func append(_ newElement: String) { tail.append(newElement) }

  public mutating func append<S: Sequence>(contentsOf newElements: S) where S.Element == String {
    tail.append(contentsOf: newElements)
  }

  public mutating func reserveCapacity(_ n: Int) { tail.reserveCapacity(Swift.max(0, n - (mapped?.count ?? 0))) }

  public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C) where C.Element == String {
    let first = mapped?.count ?? 0
    if subrange.lowerBound >= first {
      tail.replaceSubrange((subrange.lowerBound - first)..<(subrange.upperBound - first), with: newElements)
      return
    }
    var all = Array(self)
    all.replaceSubrange(subrange, with: newElements)
    self = LabelList(all)
  }
}

extension LabelList: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: String...) { self.init(elements) }
}

extension LabelList: Equatable {
  public static func == (lhs: LabelList, rhs: LabelList) -> Bool {
    guard lhs.count == rhs.count else { return false }
    // The same mapped labels (one column seen from two universes): only the tails can differ.
    if let a = lhs.mapped, let b = rhs.mapped, a.offsets == b.offsets, a.count == b.count { return lhs.tail == rhs.tail }
    for k in 0..<lhs.count where lhs[k] != rhs[k] { return false }
    return true
  }
}

extension LabelList: CustomStringConvertible, CustomDebugStringConvertible {
  public var description: String { Array(self).description }
  public var debugDescription: String { Array(self).debugDescription }
}

extension LabelList: Codable {
  public init(from decoder: any Decoder) throws { self.init(try [String](from: decoder)) }
  public func encode(to encoder: any Encoder) throws { try Array(self).encode(to: encoder) }
}

/// Labels read in place: `count + 1` increasing end offsets into a block of UTF-8 bytes, both in
/// memory that `keeper` keeps alive (checked when the snapshot is opened).
struct MappedLabels: @unchecked Sendable {
  let count: Int
  /// `count + 1` offsets: label `k` is `bytes[offsets[k]..<offsets[k + 1]]`.
  let offsets: UnsafePointer<UInt64>
  let text: UnsafePointer<UInt8>
  let keeper: AnyObject
  /// The labels are a mapped file's bytes; false for a block in memory (`LabelArena`).
  var inFile = true

  func bytes(_ k: Int) -> UnsafeBufferPointer<UInt8> {
    let start = Int(offsets[k])
    return UnsafeBufferPointer(start: text + start, count: Int(offsets[k + 1]) - start)
  }
}
