/// A snapshot's 64-bit checksum, eight bytes a step in four independent lanes (so it runs at
/// memory speed), computed as the bytes are read: `advance(to:)` takes in the bytes up to an
/// offset (a block of a column just before it is copied, while it is in the cache), `finish()`
/// the rest. The value does not depend on how the bytes were taken in.
struct SnapshotChecksum {
  private let base: UnsafeRawPointer?
  private let count: Int
  /// Bytes taken in: always a multiple of 32 until `finish()`.
  private(set) var position = 0
  private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5)
  private static let prime: UInt64 = 0xFF51_AFD7_ED55_8CCD

  init(_ bytes: UnsafeRawBufferPointer) {
    base = bytes.baseAddress
    count = bytes.baseAddress == nil ? 0 : bytes.count
  }

  /// Takes in every whole 32-byte step that ends at or before `end`.
  mutating func advance(to end: Int) {
    guard let base else { return }
    let stop = min(end, count)
    var i = position
    var lanes = self.lanes
    let prime = Self.prime
    while i + 32 <= stop {
      lanes.0 = (lanes.0 ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime
      lanes.1 = (lanes.1 ^ base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* prime
      lanes.2 = (lanes.2 ^ base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* prime
      lanes.3 = (lanes.3 ^ base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* prime
      lanes.0 ^= lanes.0 >> 31
      lanes.1 ^= lanes.1 >> 31
      lanes.2 ^= lanes.2 >> 31
      lanes.3 ^= lanes.3 >> 31
      i += 32
    }
    self.lanes = lanes
    position = i
  }

  /// Takes in what is left and returns the checksum of all the bytes.
  mutating func finish() -> UInt64 {
    guard let base else { return 0 }
    advance(to: count)
    var h = lanes.0 ^ (lanes.1 &* 3) ^ (lanes.2 &* 5) ^ (lanes.3 &* 7) ^ UInt64(count)
    var i = position
    while i < count {
      h = (h ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* Self.prime
      i += 1
    }
    position = count
    return h ^ (h >> 29)
  }
}
