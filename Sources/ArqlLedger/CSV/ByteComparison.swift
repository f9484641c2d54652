/// Byte-wise comparison of short texts (ids, codes) inline, eight bytes at a time. `memcmp` is a
/// call through the C library for every pair; a load compares ids millions of times, most of
/// them ten to twenty bytes long.
enum ByteComparison {
  /// The byte-wise order of `a` (`m` bytes) against `b` (`n` bytes): < 0 when `a` sorts first,
  /// 0 when equal, > 0 after; a text sorts before the longer texts it starts.
  @inline(__always)
  static func order(_ a: UnsafePointer<UInt8>, _ m: Int, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int {
    let common = min(m, n)
    if common >= 8 {
      var i = 0
      while i + 8 <= common {
        let x = word(a + i)
        let y = word(b + i)
        if x != y { return x < y ? -1 : 1 }
        i += 8
      }
      if i < common {  // the last eight bytes, overlapping bytes already found equal
        let x = word(a + common - 8)
        let y = word(b + common - 8)
        if x != y { return x < y ? -1 : 1 }
      }
    } else if common >= 4 {  // the first four and the last four, overlapping
      let x = half(a) << 32 | half(a + common - 4)
      let y = half(b) << 32 | half(b + common - 4)
      if x != y { return x < y ? -1 : 1 }
    } else {
      var i = 0
      while i < common {
        if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        i += 1
      }
    }
    return m - n
  }

  /// Eight bytes in text order: the first byte is the most significant.
  @inline(__always)
  private static func word(_ p: UnsafePointer<UInt8>) -> UInt64 {
    UInt64(bigEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
  }

  /// Four bytes in text order.
  @inline(__always)
  private static func half(_ p: UnsafePointer<UInt8>) -> UInt64 {
    UInt64(UInt32(bigEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)))
  }

  /// Whether the `n` bytes at `a` and at `b` are the same.
  @inline(__always)
  static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    if n >= 8 {
      var i = 0
      while i + 8 <= n {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
        i += 8
      }
      return i == n || UnsafeRawPointer(a + n - 8).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(b + n - 8).loadUnaligned(as: UInt64.self)
    }
    if n >= 4 {
      return UnsafeRawPointer(a).loadUnaligned(as: UInt32.self) == UnsafeRawPointer(b).loadUnaligned(as: UInt32.self)
        && UnsafeRawPointer(a + n - 4).loadUnaligned(as: UInt32.self) == UnsafeRawPointer(b + n - 4).loadUnaligned(as: UInt32.self)
    }
    var i = 0
    while i < n {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }
}
