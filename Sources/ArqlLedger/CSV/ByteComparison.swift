/// Byte-wise comparison of short texts (ids, codes) inline, eight bytes at a time. `memcmp` is a
/// call through the C library for every pair; a load compares ids millions of times, most of
/// them ten to twenty bytes long.
enum ByteComparison {
  /// The byte-wise order of `a` (`m` bytes) against `b` (`n` bytes): < 0 when `a` sorts first,
  /// 0 when equal, > 0 after; a text sorts before the longer texts it starts.
  @inline(__always)
  static func order(_ a: UnsafePointer<UInt8>, _ m: Int, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int {
    let common = min(m, n)
    var i = 0
    while i + 8 <= common {
      let x = UInt64(bigEndian: UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self))
      let y = UInt64(bigEndian: UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self))
      if x != y { return x < y ? -1 : 1 }
      i += 8
    }
    while i < common {
      if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
      i += 1
    }
    return m - n
  }

  /// Whether the `n` bytes at `a` and at `b` are the same.
  @inline(__always)
  static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
      if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
      i += 8
    }
    while i < n {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }
}
