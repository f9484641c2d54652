/// A column's values: contiguous trivial values with an `Array`'s interface and value semantics,
/// whose memory can also be a region of a mapped snapshot file, so opening a snapshot copies
/// nothing (DESIGN.md §4).
///
/// Reads go straight to the memory. The first write to a column that shares its memory, or
/// whose memory is borrowed (mapped, or an adopted array), copies it into memory of its own,
/// as an `Array` does on a shared buffer.
public struct ColumnArray<Element: BitwiseCopyable> {
  @usableFromInline var storage: ColumnStorage
  /// `storage.base`, typed; read-only unless `storage` is owned and unique.
  @usableFromInline var pointer: UnsafeMutablePointer<Element>
  /// The number of values.
  @usableFromInline var length: Int

  /// The number of values.
  @inlinable public var count: Int { length }

  @inlinable
  var capacity: Int { storage.byteCapacity / MemoryLayout<Element>.stride }

  @usableFromInline
  init(storage: ColumnStorage, count: Int) {
    self.storage = storage
    self.pointer = storage.base.assumingMemoryBound(to: Element.self)
    self.length = count
  }

  /// An empty column.
  @inlinable
  public init() { self.init(storage: .empty, count: 0) }

  /// The values of `array`, whose memory is kept rather than copied.
  public init(_ array: [Element]) {
    guard !array.isEmpty else {
      self.init()
      return
    }
    // A `let` array held by the storage is never mutated, so its buffer stays where it is.
    let kept = ArrayKeeper(array)
    self.init(storage: ColumnStorage(borrowing: kept.base, byteCount: array.count * MemoryLayout<Element>.stride, keeper: kept),
              count: array.count)
  }

  /// The values of `column`, sharing its memory until one of the two is written (without it,
  /// `RangeReplaceableCollection`'s initializer copied a column value by value).
  public init(_ column: ColumnArray<Element>) {
    self = column
  }

  /// `count` values that `keeper` keeps alive at `base` (a mapped snapshot's bytes); they are
  /// never written.
  init(borrowing base: UnsafeRawPointer, count: Int, keeper: Any) {
    guard count > 0 else {
      self.init()
      return
    }
    self.init(storage: ColumnStorage(borrowing: base, byteCount: count * MemoryLayout<Element>.stride, keeper: keeper), count: count)
  }

  /// A column of `count` values written by `initializer`, as `Array.init(unsafeUninitializedCapacity:initializingWith:)`.
  @inlinable
  public init(unsafeUninitializedCapacity capacity: Int,
              initializingWith initializer: (inout UnsafeMutableBufferPointer<Element>, inout Int) throws -> Void) rethrows {
    let storage = ColumnStorage(byteCapacity: Swift.max(capacity, 1) * MemoryLayout<Element>.stride)
    var buffer = UnsafeMutableBufferPointer(start: storage.base.assumingMemoryBound(to: Element.self), count: capacity)
    var initialized = 0
    try initializer(&buffer, &initialized)
    precondition(initialized <= capacity, "more values written than room was made for")
    self.init(storage: storage, count: initialized)
  }

  /// `count` values whose bytes are all zero (0 for the integer columns), in memory the
  /// kernel gives as zero: no page is written until the column is.
  public init(zeroed count: Int) {
    guard count > 0 else {
      self.init()
      return
    }
    self.init(storage: ColumnStorage(zeroedByteCount: count * MemoryLayout<Element>.stride), count: count)
  }

  /// `count` copies of `value`.
  @inlinable
  public init(repeating value: Element, count: Int) {
    self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 { buffer.baseAddress?.initialize(repeating: value, count: count) }
      initialized = count
    }
  }

  /// Calls `body` with the values' memory.
  @inlinable
  public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
    try body(UnsafeBufferPointer(start: pointer, count: count))
  }

  /// Calls `body` with the values' bytes.
  @inlinable
  public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
    try body(UnsafeRawBufferPointer(start: pointer, count: count * MemoryLayout<Element>.stride))
  }

  /// Calls `body` with the values' memory to write (copying them first if they are shared or borrowed).
  @inlinable
  public mutating func withUnsafeMutableBufferPointer<R, E: Error>(_ body: (inout UnsafeMutableBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
    makeUnique(capacity: count)
    var buffer = UnsafeMutableBufferPointer(start: pointer, count: count)
    return try body(&buffer)
  }

  /// The same memory seen as values of `U`, of the same size (an enum read from its raw bytes,
  /// every byte checked by the caller).
  func reinterpreted<U: BitwiseCopyable>(as type: U.Type) -> ColumnArray<U> {
    precondition(MemoryLayout<U>.stride == MemoryLayout<Element>.stride, "a column is reinterpreted only as values of its size")
    return ColumnArray<U>(storage: storage, count: count)
  }

  /// Whether the values are read from a mapped file or another owner's memory.
  public var isBorrowed: Bool { !storage.isOwned }

  /// Makes the memory this column's own and able to hold `minimum` values.
  @inlinable
  mutating func makeUnique(capacity minimum: Int) {
    if storage.isOwned, isKnownUniquelyReferenced(&storage), capacity >= minimum { return }
    reallocate(capacity: Swift.max(minimum, count))
  }

  @usableFromInline
  mutating func reallocate(capacity: Int) {
    let fresh = ColumnStorage(byteCapacity: Swift.max(capacity, 1) * MemoryLayout<Element>.stride)
    if count > 0 { fresh.base.copyMemory(from: pointer, byteCount: count * MemoryLayout<Element>.stride) }
    storage = fresh
    pointer = fresh.base.assumingMemoryBound(to: Element.self)
  }

  /// Room for `minimum` values, grown geometrically so that appends cost O(1) each.
  @inlinable
  mutating func grow(toHold minimum: Int) {
    if storage.isOwned, isKnownUniquelyReferenced(&storage), capacity >= minimum { return }
    reallocate(capacity: Swift.max(minimum, count + count / 2, 16))
  }
}

/// An array kept alive (and never mutated) for a `ColumnArray` that reads its buffer: the
/// loader's arrays become columns without a copy. A native array's elements live in one heap
/// buffer that moves only when the array is mutated or released; this object holds the only
/// copy it reads through, as a `let`, for as long as the column needs it.
private final class ArrayKeeper<Element: BitwiseCopyable>: @unchecked Sendable {
  let array: [Element]
  let base: UnsafeRawPointer

  init(_ array: [Element]) {
    // Taken once from the copy held here: nothing mutates it, so the buffer cannot move.
    self.base = UnsafeRawPointer(array.withUnsafeBufferPointer { $0.baseAddress.unsafelyUnwrapped })
    self.array = array
  }
}

extension ColumnArray: RandomAccessCollection, MutableCollection {
  public typealias Index = Int
  public typealias Indices = Range<Int>

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { count }
  @inlinable public var isEmpty: Bool { count == 0 }
  @inlinable public func index(after i: Int) -> Int { i + 1 }
  @inlinable public func index(before i: Int) -> Int { i - 1 }

  @inlinable
  public subscript(position: Int) -> Element {
    get {
      precondition(position >= 0 && position < count, "column index out of range")
      return pointer[position]
    }
    set {
      precondition(position >= 0 && position < count, "column index out of range")
      makeUnique(capacity: count)
      pointer[position] = newValue
    }
  }

  @inlinable
  public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
    try body(UnsafeBufferPointer(start: pointer, count: count))
  }
}

extension ColumnArray: RangeReplaceableCollection {
  @inlinable
  public mutating func reserveCapacity(_ n: Int) {
    if n > count { makeUnique(capacity: n) }
  }

  @inlinable
  public mutating func append(_ newElement: Element) {
    grow(toHold: count + 1)
    (pointer + count).initialize(to: newElement)
    length += 1
  }

  @inlinable
  public mutating func append<S: Sequence>(contentsOf newElements: S) where S.Element == Element {
    let done: Bool? = newElements.withContiguousStorageIfAvailable { source in
      guard !source.isEmpty, let start = source.baseAddress else { return true }
      grow(toHold: count + source.count)
      (pointer + count).initialize(from: start, count: source.count)
      length += source.count
      return true
    }
    if done == nil { for element in newElements { append(element) } }
  }

  public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C) where C.Element == Element {
    precondition(subrange.lowerBound >= 0 && subrange.upperBound <= count, "column range out of range")
    let inserted = Array(newElements)
    let total = count - subrange.count + inserted.count
    let fresh = ColumnStorage(byteCapacity: Swift.max(total, 1) * MemoryLayout<Element>.stride)
    let target = fresh.base.assumingMemoryBound(to: Element.self)
    target.initialize(from: pointer, count: subrange.lowerBound)
    inserted.withUnsafeBufferPointer { source in
      if let start = source.baseAddress { (target + subrange.lowerBound).initialize(from: start, count: source.count) }
    }
    (target + subrange.lowerBound + inserted.count).initialize(from: pointer + subrange.upperBound, count: count - subrange.upperBound)
    storage = fresh
    pointer = target
    length = total
  }

  @inlinable
  public mutating func removeAll(keepingCapacity keepCapacity: Bool = false) {
    if keepCapacity, storage.isOwned, isKnownUniquelyReferenced(&storage) {
      length = 0
    } else {
      self = ColumnArray()
    }
  }
}

extension ColumnArray: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension ColumnArray: Equatable where Element: Equatable {
  public static func == (lhs: ColumnArray, rhs: ColumnArray) -> Bool {
    guard lhs.count == rhs.count else { return false }
    if lhs.pointer == rhs.pointer { return true }
    for k in 0..<lhs.count where lhs.pointer[k] != rhs.pointer[k] { return false }
    return true
  }
}

extension ColumnArray: @unchecked Sendable where Element: Sendable {}

extension ColumnArray: CustomStringConvertible, CustomDebugStringConvertible {
  public var description: String { Array(self).description }
  public var debugDescription: String { Array(self).debugDescription }
}

extension ColumnArray: Codable where Element: Codable {
  public init(from decoder: any Decoder) throws { self.init(try [Element](from: decoder)) }
  public func encode(to encoder: any Encoder) throws { try Array(self).encode(to: encoder) }
}

extension Array where Element: BitwiseCopyable {
  /// The values of `column` as an array (a copy).
  public init(_ column: ColumnArray<Element>) {
    self = column.withUnsafeBufferPointer { Array($0) }
  }
}
