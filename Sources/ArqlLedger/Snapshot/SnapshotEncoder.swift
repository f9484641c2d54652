/// Writes `Encodable` values as a compact binary stream for snapshot files: values in the
/// order they are encoded, no keys, numbers little-endian. Arrays of fixed-size numbers (the
/// columns) are copied as blocks and arrays of strings as one block of lengths and one of
/// bytes, so a ledger of millions of rows is written at memory speed.
///
/// Keys are not written, but every key name goes into `schema`, a hash of the shape of what
/// was written: a reader built from other types sees another hash and refuses the file.
final class SnapshotEncoder {
  private(set) var bytes: [UInt8] = []
  /// FNV-1a over the key names and container kinds in encoding order.
  private(set) var schema: UInt64 = 0xCBF2_9CE4_8422_2325

  init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  func mix(_ text: String) {
    for b in text.utf8 { schema = (schema ^ UInt64(b)) &* 0x100_0000_01B3 }
    schema = (schema ^ 0x2F) &* 0x100_0000_01B3
  }

  func raw<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// A block of fixed-size values: count, then their bytes.
  func block<T: FixedWidthInteger>(_ values: [T]) {
    raw(UInt64(values.count))
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }

  /// Zero bytes up to the next multiple of 8, so the block after it can be read in place.
  func align() {
    while bytes.count % 8 != 0 { bytes.append(0) }
  }

  /// A column: aligned, its count, then its values' bytes (read in place from a mapped file).
  func column<T: BitwiseCopyable & FixedWidthInteger>(_ values: ColumnArray<T>) {
    align()
    raw(UInt64(values.count))
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }

  /// A column of enums: aligned, its count, then each value's raw byte.
  func column<E: RawRepresentable & BitwiseCopyable>(_ values: ColumnArray<E>) where E.RawValue == UInt8 {
    align()
    raw(UInt64(values.count))
    for value in values { bytes.append(value.rawValue) }
  }

  /// Labels: aligned, count, total bytes, `count + 1` end offsets (UInt64), then the UTF-8 bytes,
  /// so a reader can take label `k` in place.
  func labels(_ values: LabelList) {
    align()
    raw(UInt64(values.count))
    var offsets = [UInt64]()
    offsets.reserveCapacity(values.count + 1)
    offsets.append(0)
    var total: UInt64 = 0
    for k in values.indices {
      total += UInt64(values.withUTF8(at: k) { $0.count })
      offsets.append(total)
    }
    raw(total)
    offsets.withUnsafeBytes { bytes.append(contentsOf: $0) }
    bytes.reserveCapacity(bytes.count + Int(total))
    for k in values.indices { values.withUTF8(at: k) { bytes.append(contentsOf: $0) } }
  }

  /// Strings: count, total bytes, each one's length (UInt32), then all their UTF-8 bytes.
  func strings(_ values: [String]) {
    raw(UInt64(values.count))
    var lengths = [UInt32]()
    lengths.reserveCapacity(values.count)
    var total = 0
    for value in values {
      let n = value.utf8.count
      lengths.append(UInt32(truncatingIfNeeded: n))
      total += n
    }
    raw(UInt64(total))
    lengths.withUnsafeBytes { bytes.append(contentsOf: $0) }
    for value in values { bytes.append(contentsOf: value.utf8) }
  }

  /// Any value: numbers, strings and arrays of them directly, the rest by its `encode(to:)`.
  /// Chosen by the static type: a cast of the value would take an empty `[String]` for an `[Int32]`.
  func write<T: Encodable>(_ value: T) throws {
    let type = ObjectIdentifier(T.self)
    if type == ObjectIdentifier(Bool.self), let v = value as? Bool { return raw(UInt8(v ? 1 : 0)) }
    if type == ObjectIdentifier(Int.self), let v = value as? Int { return raw(Int64(v)) }
    if type == ObjectIdentifier(Int8.self), let v = value as? Int8 { return raw(v) }
    if type == ObjectIdentifier(Int16.self), let v = value as? Int16 { return raw(v) }
    if type == ObjectIdentifier(Int32.self), let v = value as? Int32 { return raw(v) }
    if type == ObjectIdentifier(Int64.self), let v = value as? Int64 { return raw(v) }
    if type == ObjectIdentifier(UInt.self), let v = value as? UInt { return raw(UInt64(v)) }
    if type == ObjectIdentifier(UInt8.self), let v = value as? UInt8 { return raw(v) }
    if type == ObjectIdentifier(UInt16.self), let v = value as? UInt16 { return raw(v) }
    if type == ObjectIdentifier(UInt32.self), let v = value as? UInt32 { return raw(v) }
    if type == ObjectIdentifier(UInt64.self), let v = value as? UInt64 { return raw(v) }
    if type == ObjectIdentifier(Double.self), let v = value as? Double { return raw(v.bitPattern) }
    if type == ObjectIdentifier(Float.self), let v = value as? Float { return raw(v.bitPattern) }
    if type == ObjectIdentifier(String.self), let v = value as? String { return strings([v]) }
    if type == ObjectIdentifier([Int32].self), let v = value as? [Int32] { return block(v) }
    if type == ObjectIdentifier([Int64].self), let v = value as? [Int64] { return block(v) }
    if type == ObjectIdentifier([UInt64].self), let v = value as? [UInt64] { return block(v) }
    if type == ObjectIdentifier([Int8].self), let v = value as? [Int8] { return block(v) }
    if type == ObjectIdentifier([UInt8].self), let v = value as? [UInt8] { return block(v) }
    if type == ObjectIdentifier([Bool].self), let v = value as? [Bool] { return block(v.map { $0 ? UInt8(1) : 0 }) }
    if type == ObjectIdentifier([String].self), let v = value as? [String] { return strings(v) }
    if type == ObjectIdentifier(ColumnArray<Int32>.self), let v = value as? ColumnArray<Int32> { return column(v) }
    if type == ObjectIdentifier(ColumnArray<Int64>.self), let v = value as? ColumnArray<Int64> { return column(v) }
    if type == ObjectIdentifier(ColumnArray<Int8>.self), let v = value as? ColumnArray<Int8> { return column(v) }
    if type == ObjectIdentifier(ColumnArray<DocType>.self), let v = value as? ColumnArray<DocType> { return column(v) }
    if type == ObjectIdentifier(ColumnArray<ExposureTable.Kind>.self), let v = value as? ColumnArray<ExposureTable.Kind> { return column(v) }
    if type == ObjectIdentifier(LabelList.self), let v = value as? LabelList { return labels(v) }
    mix(String(describing: T.self))
    try value.encode(to: Encoding(encoder: self))
  }

  /// The `Encoder` handed to a value's `encode(to:)`.
  struct Encoding: Encoder {
    let encoder: SnapshotEncoder
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
      KeyedEncodingContainer(Keyed<Key>(encoder: encoder))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(encoder: encoder) }
    func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: encoder) }
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: SnapshotEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
      encoder.mix(key.stringValue)
      encoder.raw(UInt8(0))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }
    // The primitive overloads all go through `write` (their default implementations would not).
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
    private mutating func put<T: Encodable>(_ value: T, _ key: Key) throws {
      encoder.mix(key.stringValue)
      try encoder.write(value)
    }
    // Optionals write a presence byte (the default would write nothing for nil).
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value, key) }
    /// An optional: a presence byte, then the value (the default would write nothing for nil).
    private mutating func present<T: Encodable>(_ value: T?, _ key: Key) throws {
      encoder.mix(key.stringValue)
      encoder.raw(UInt8(value == nil ? 0 : 1))
      if let value { try encoder.write(value) }
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
      encoder.mix(key.stringValue)
      return KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      encoder.mix(key.stringValue)
      return Unkeyed(encoder: encoder)
    }
    mutating func superEncoder() -> any Encoder { Encoding(encoder: encoder) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { Encoding(encoder: encoder) }
  }

  /// Elements follow a count written in front of them and updated as they are added.
  struct Unkeyed: UnkeyedEncodingContainer {
    let encoder: SnapshotEncoder
    let countAt: Int
    var count = 0
    var codingPath: [any CodingKey] { [] }

    init(encoder: SnapshotEncoder) {
      self.encoder = encoder
      encoder.mix("[")
      countAt = encoder.bytes.count
      encoder.raw(UInt64(0))
    }

    private mutating func counted() {
      count += 1
      encoder.patch(UInt64(count), at: countAt)
    }
    mutating func encodeNil() throws {
      encoder.raw(UInt8(0))
      counted()
    }
    mutating func encode<T: Encodable>(_ value: T) throws { try add(value) }
    mutating func encode(_ value: Bool) throws { try add(value) }
    mutating func encode(_ value: String) throws { try add(value) }
    mutating func encode(_ value: Double) throws { try add(value) }
    mutating func encode(_ value: Float) throws { try add(value) }
    mutating func encode(_ value: Int) throws { try add(value) }
    mutating func encode(_ value: Int8) throws { try add(value) }
    mutating func encode(_ value: Int16) throws { try add(value) }
    mutating func encode(_ value: Int32) throws { try add(value) }
    mutating func encode(_ value: Int64) throws { try add(value) }
    mutating func encode(_ value: UInt) throws { try add(value) }
    mutating func encode(_ value: UInt8) throws { try add(value) }
    mutating func encode(_ value: UInt16) throws { try add(value) }
    mutating func encode(_ value: UInt32) throws { try add(value) }
    mutating func encode(_ value: UInt64) throws { try add(value) }
    private mutating func add<T: Encodable>(_ value: T) throws {
      try encoder.write(value)
      counted()
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
      counted()
      return KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      counted()
      return Unkeyed(encoder: encoder)
    }
    mutating func superEncoder() -> any Encoder { Encoding(encoder: encoder) }
  }

  struct Single: SingleValueEncodingContainer {
    let encoder: SnapshotEncoder
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil() throws { encoder.raw(UInt8(0)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.write(value) }
    mutating func encode(_ value: Bool) throws { try encoder.write(value) }
    mutating func encode(_ value: String) throws { try encoder.write(value) }
    mutating func encode(_ value: Double) throws { try encoder.write(value) }
    mutating func encode(_ value: Float) throws { try encoder.write(value) }
    mutating func encode(_ value: Int) throws { try encoder.write(value) }
    mutating func encode(_ value: Int8) throws { try encoder.write(value) }
    mutating func encode(_ value: Int16) throws { try encoder.write(value) }
    mutating func encode(_ value: Int32) throws { try encoder.write(value) }
    mutating func encode(_ value: Int64) throws { try encoder.write(value) }
    mutating func encode(_ value: UInt) throws { try encoder.write(value) }
    mutating func encode(_ value: UInt8) throws { try encoder.write(value) }
    mutating func encode(_ value: UInt16) throws { try encoder.write(value) }
    mutating func encode(_ value: UInt32) throws { try encoder.write(value) }
    mutating func encode(_ value: UInt64) throws { try encoder.write(value) }
  }

  /// Overwrites 8 bytes at `offset`.
  func patch(_ value: UInt64, at offset: Int) {
    withUnsafeBytes(of: value.littleEndian) { raw in
      for k in 0..<8 { bytes[offset + k] = raw[k] }
    }
  }
}
