/// Reads what `SnapshotEncoder` wrote, from bytes in memory (a mapped snapshot file). Every
/// read is bounds-checked: a damaged payload throws `SnapshotDecoder.Failure`, it never
/// reads past the end or trusts a count it cannot hold.
final class SnapshotDecoder {
  private let base: UnsafeRawPointer
  private let count: Int
  private(set) var offset = 0
  /// The same hash of key names as the encoder's, recomputed while reading.
  private(set) var schema: UInt64 = 0xCBF2_9CE4_8422_2325

  /// Why the bytes could not be read.
  struct Failure: Error, CustomStringConvertible, Sendable {
    let message: String
    var description: String { message }
  }

  /// What keeps `bytes` alive after decoding (the mapped file): columns are then read in place
  /// instead of copied. `nil`: every column is copied.
  private let keeper: AnyObject?

  init(_ bytes: UnsafeRawBufferPointer, keeper: AnyObject? = nil) {
    base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!
    count = bytes.baseAddress == nil ? 0 : bytes.count
    self.keeper = keeper
  }

  /// Skips the encoder's padding to the next multiple of 8.
  func align() throws(Failure) {
    let skip = (8 - offset % 8) % 8
    try need(skip)
    offset += skip
  }

  /// A column written by `SnapshotEncoder.column`: read in place when the bytes are kept alive
  /// and aligned, else copied.
  func column<T: BitwiseCopyable & FixedWidthInteger>(_ type: T.Type) throws(Failure) -> ColumnArray<T> {
    try align()
    let n = try count(unit: MemoryLayout<T>.size)
    let start = base + offset
    offset += n * MemoryLayout<T>.size
    #if _endian(little)
      if let keeper, Int(bitPattern: start) % MemoryLayout<T>.alignment == 0 {
        return ColumnArray(borrowing: start, count: n, keeper: keeper)
      }
      return ColumnArray(unsafeUninitializedCapacity: n) { buffer, initialized in
        if n > 0, let target = buffer.baseAddress { UnsafeMutableRawPointer(target).copyMemory(from: start, byteCount: n * MemoryLayout<T>.size) }
        initialized = n
      }
    #else
      return ColumnArray((0..<n).map { T(littleEndian: start.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) })
    #endif
  }

  /// A column of enums, one raw byte each: every byte is checked, then the bytes are taken as
  /// the enum's values (in place when mapped) if its layout is its raw value, else converted.
  func enumColumn<E: RawRepresentable & BitwiseCopyable & CaseIterable>(_ type: E.Type) throws(Failure) -> ColumnArray<E> where E.RawValue == UInt8 {
    let raw = try column(UInt8.self)
    if SnapshotDecoder.tagIsRawValue(E.self) {
      // The raw values are then 0..<cases: the largest byte decides.
      let highest = raw.withUnsafeBufferPointer { values in
        var top: UInt8 = 0
        for value in values { top = Swift.max(top, value) }
        return top
      }
      guard raw.isEmpty || Int(highest) < E.allCases.count else { throw Failure(message: "\(highest) is not a \(E.self)") }
      return raw.reinterpreted(as: E.self)
    }
    var values = [E]()
    values.reserveCapacity(raw.count)
    for byte in raw {
      guard let value = E(rawValue: byte) else { throw Failure(message: "\(byte) is not a \(E.self)") }
      values.append(value)
    }
    return ColumnArray(values)
  }

  /// Whether an enum is stored as one byte equal to its raw value (cases numbered 0, 1, ... in
  /// order, as `DocType` and `ExposureTable.Kind` are), so its raw bytes can be read as it.
  static func tagIsRawValue<E: RawRepresentable & BitwiseCopyable & CaseIterable>(_ type: E.Type) -> Bool where E.RawValue == UInt8 {
    MemoryLayout<E>.size == 1 && E.allCases.allSatisfy { value in withUnsafeBytes(of: value) { $0[0] } == value.rawValue }
  }

  /// Labels written by `SnapshotEncoder.labels`: offsets checked, then read in place when the
  /// bytes are kept alive (large lists), else made into strings.
  func labels() throws(Failure) -> LabelList {
    try align()
    let n = try count(unit: 8)
    let total = try raw(UInt64.self)
    try need((n + 1) * 8)
    let offsetsStart = base + offset
    offset += (n + 1) * 8
    guard total <= UInt64(count - offset) else { throw Failure(message: "the snapshot ends early (labels of \(total) bytes)") }
    let text = (base + offset).assumingMemoryBound(to: UInt8.self)
    offset += Int(total)
    if Int(bitPattern: offsetsStart) % 8 == 0 { return try labels(n, offsetsStart.assumingMemoryBound(to: UInt64.self), text, total, mappable: true) }
    // Offsets not aligned (bytes not laid out by a snapshot file): an aligned copy, never mapped.
    let copy = (0...n).map { offsetsStart.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
    return try copy.withUnsafeBufferPointer { buffer throws(Failure) in
      guard let offsets = buffer.baseAddress else { throw Failure(message: "label offsets are missing") }
      return try labels(n, offsets, text, total, mappable: false)
    }
  }

  /// `n` labels from `n + 1` offsets into `text`: the offsets checked (they start at 0, never go
  /// back and end at `total`), then the labels read in place (`mappable`, the bytes kept alive,
  /// a large list) or made into strings.
  private func labels(_ n: Int, _ offsets: UnsafePointer<UInt64>, _ text: UnsafePointer<UInt8>, _ total: UInt64,
                      mappable: Bool) throws(Failure) -> LabelList {
    var previous: UInt64 = 0
    var ordered = UInt64(littleEndian: offsets[0]) == 0
    for k in stride(from: 1, through: n, by: 1) where ordered {
      let next = UInt64(littleEndian: offsets[k])
      ordered = next >= previous
      previous = next
    }
    guard ordered, UInt64(littleEndian: offsets[n]) == total else { throw Failure(message: "label offsets do not add up to their bytes") }
    #if _endian(little)
      if mappable, let keeper, n >= 1024 {
        return LabelList(mapped: MappedLabels(count: n, offsets: offsets, text: text, keeper: keeper))
      }
    #endif
    var values = [String]()
    values.reserveCapacity(n)
    for k in 0..<n {
      let start = Int(UInt64(littleEndian: offsets[k]))
      let end = Int(UInt64(littleEndian: offsets[k + 1]))
      values.append(String(decoding: UnsafeBufferPointer(start: text + start, count: end - start), as: UTF8.self))
    }
    return LabelList(values)
  }

  var isAtEnd: Bool { offset == count }

  func mix(_ text: String) {
    for b in text.utf8 { schema = (schema ^ UInt64(b)) &* 0x100_0000_01B3 }
    schema = (schema ^ 0x2F) &* 0x100_0000_01B3
  }

  private func need(_ n: Int) throws(Failure) {
    guard n >= 0, n <= count - offset else { throw Failure(message: "the snapshot ends early (at byte \(offset), \(n) more needed)") }
  }

  func raw<T: FixedWidthInteger>(_ type: T.Type) throws(Failure) -> T {
    try need(MemoryLayout<T>.size)
    let value = base.loadUnaligned(fromByteOffset: offset, as: T.self)
    offset += MemoryLayout<T>.size
    return T(littleEndian: value)
  }

  /// A count that must fit in what is left, at `unit` bytes each.
  func count(unit: Int) throws(Failure) -> Int {
    let n = try raw(UInt64.self)
    guard n <= UInt64(count - offset) / UInt64(max(1, unit)) else { throw Failure(message: "a count of \(n) does not fit in the snapshot") }
    return Int(n)
  }

  func block<T: FixedWidthInteger>(_ type: T.Type) throws(Failure) -> [T] {
    let n = try count(unit: MemoryLayout<T>.size)
    let size = n * MemoryLayout<T>.size
    let start = base + offset
    offset += size
    let values = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
      if size > 0, let target = buffer.baseAddress { UnsafeMutableRawPointer(target).copyMemory(from: start, byteCount: size) }
      initialized = n
    }
    #if _endian(little)
      return values
    #else
      return values.map { T(littleEndian: $0) }
    #endif
  }

  func strings() throws(Failure) -> [String] {
    let n = try count(unit: 4)
    let total = try raw(UInt64.self)
    // The lengths were counted before the total was read: what is left may not hold them now.
    let left = count - offset - n * 4
    guard left >= 0, total <= UInt64(left) else { throw Failure(message: "the snapshot ends early (strings of \(total) bytes)") }
    let lengths = base + offset
    var text = base + offset + n * 4
    offset += n * 4 + Int(total)
    var used = 0
    var values = [String]()
    values.reserveCapacity(n)
    for k in 0..<n {
      let length = Int(UInt32(littleEndian: lengths.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self)))
      used += length
      guard used <= Int(total) else { throw Failure(message: "string lengths exceed their bytes") }
      values.append(String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self))
      text += length
    }
    guard used == Int(total) else { throw Failure(message: "string lengths do not add up to their bytes") }
    return values
  }

  /// Any value: numbers, strings and arrays of them directly, the rest by its `init(from:)`.
  func read<T: Decodable>(_ type: T.Type) throws -> T {
    func cast<V>(_ value: V) throws -> T {
      guard let typed = value as? T else { throw Failure(message: "cannot read \(T.self)") }
      return typed
    }
    switch type {
    case is Bool.Type: return try cast(try raw(UInt8.self) != 0)
    case is Int.Type: return try cast(Int(try raw(Int64.self)))
    case is Int8.Type: return try cast(try raw(Int8.self))
    case is Int16.Type: return try cast(try raw(Int16.self))
    case is Int32.Type: return try cast(try raw(Int32.self))
    case is Int64.Type: return try cast(try raw(Int64.self))
    case is UInt.Type: return try cast(UInt(try raw(UInt64.self)))
    case is UInt8.Type: return try cast(try raw(UInt8.self))
    case is UInt16.Type: return try cast(try raw(UInt16.self))
    case is UInt32.Type: return try cast(try raw(UInt32.self))
    case is UInt64.Type: return try cast(try raw(UInt64.self))
    case is Double.Type: return try cast(Double(bitPattern: try raw(UInt64.self)))
    case is Float.Type: return try cast(Float(bitPattern: try raw(UInt32.self)))
    case is String.Type:
      let one = try strings()
      guard one.count == 1 else { throw Failure(message: "a string was expected") }
      return try cast(one[0])
    case is [Int32].Type: return try cast(try block(Int32.self))
    case is [Int64].Type: return try cast(try block(Int64.self))
    case is [UInt64].Type: return try cast(try block(UInt64.self))
    case is [Int8].Type: return try cast(try block(Int8.self))
    case is [UInt8].Type: return try cast(try block(UInt8.self))
    case is [Bool].Type: return try cast(try block(UInt8.self).map { $0 != 0 })
    case is [String].Type: return try cast(try strings())
    case is ColumnArray<Int32>.Type: return try cast(try column(Int32.self))
    case is ColumnArray<Int64>.Type: return try cast(try column(Int64.self))
    case is ColumnArray<Int8>.Type: return try cast(try column(Int8.self))
    case is ColumnArray<DocType>.Type: return try cast(try enumColumn(DocType.self))
    case is ColumnArray<ExposureTable.Kind>.Type: return try cast(try enumColumn(ExposureTable.Kind.self))
    case is LabelList.Type: return try cast(try labels())
    default:
      mix(String(describing: T.self))
      return try T(from: Decoding(decoder: self))
    }
  }

  /// The `Decoder` handed to a value's `init(from:)`.
  struct Decoding: Decoder {
    let decoder: SnapshotDecoder
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
      KeyedDecodingContainer(Keyed<Key>(decoder: decoder))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try Unkeyed(decoder: decoder) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: decoder) }
  }

  /// Keys are read in the order they were written: the types' own order.
  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: SnapshotDecoder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool {
      decoder.mix(key.stringValue)
      return try decoder.raw(UInt8.self) == 0
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      decoder.mix(key.stringValue)
      return try decoder.read(type)
    }
    // The primitive overloads all go through `read` (their default implementations would not).
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Any.Type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as Any.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Any.Type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Any.Type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Any.Type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Any.Type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Any.Type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Any.Type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Any.Type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as Any.Type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as Any.Type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as Any.Type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as Any.Type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as Any.Type, key) }
    private func decode<T: Decodable>(_ type: Any.Type, _ key: Key) throws -> T {
      decoder.mix(key.stringValue)
      return try decoder.read(T.self)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
      decoder.mix(key.stringValue)
      return try decoder.raw(UInt8.self) == 0 ? nil : try decoder.read(type)
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
      decoder.mix(key.stringValue)
      return KeyedDecodingContainer(Keyed<NestedKey>(decoder: decoder))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      decoder.mix(key.stringValue)
      return try Unkeyed(decoder: decoder)
    }
    func superDecoder() throws -> any Decoder { Decoding(decoder: decoder) }
    func superDecoder(forKey key: Key) throws -> any Decoder { Decoding(decoder: decoder) }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let decoder: SnapshotDecoder
    let count: Int?
    var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    init(decoder: SnapshotDecoder) throws {
      self.decoder = decoder
      decoder.mix("[")
      // Each element takes at least one byte.
      count = try decoder.count(unit: 1)
    }

    private mutating func next() throws {
      guard !isAtEnd else { throw Failure(message: "a list has fewer elements than read") }
      currentIndex += 1
    }
    mutating func decodeNil() throws -> Bool {
      try next()
      return try decoder.raw(UInt8.self) == 0
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: String.Type) throws -> String {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: Int.Type) throws -> Int {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: Int8.Type) throws -> Int8 {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: Int16.Type) throws -> Int16 {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: Int32.Type) throws -> Int32 {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: Int64.Type) throws -> Int64 {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: UInt.Type) throws -> UInt {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
      try next()
      return try decoder.read(type)
    }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
      try next()
      return try decoder.read(type)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
      try next()
      return KeyedDecodingContainer(Keyed<NestedKey>(decoder: decoder))
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
      try next()
      return try Unkeyed(decoder: decoder)
    }
    mutating func superDecoder() throws -> any Decoder { Decoding(decoder: decoder) }
  }

  struct Single: SingleValueDecodingContainer {
    let decoder: SnapshotDecoder
    var codingPath: [any CodingKey] { [] }
    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.read(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.read(type) }
    func decode(_ type: String.Type) throws -> String { try decoder.read(type) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.read(type) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.read(type) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.read(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.read(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.read(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.read(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.read(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.read(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.read(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.read(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.read(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.read(type) }
  }
}
