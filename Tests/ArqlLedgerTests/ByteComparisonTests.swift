import Testing
@testable import ArqlLedger

/// Ids are ordered and matched eight bytes at a time (`ByteComparison`); the answers must be
/// those of a byte-by-byte comparison, on texts that differ in any byte or only in length.
@Suite("Byte comparison")
struct ByteComparisonTests {
  @Test("order and equality agree with a byte-by-byte comparison")
  func agreesWithBytes() {
    var generator = SplitMix64(seed: 7)
    var mismatches: [String] = []
    for _ in 0..<20_000 {
      let length = Int(generator.next() % 24)
      var a = (0..<length).map { _ in UInt8(truncatingIfNeeded: 0x41 + generator.next() % 4) }
      var b = a
      switch generator.next() % 4 {
      case 0: if !b.isEmpty { b[Int(generator.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: generator.next()) }  // one byte, maybe ≥ 0x80
      case 1: b.removeLast(min(b.count, Int(generator.next() % 3)))  // a prefix
      case 2: a = (0..<Int(generator.next() % 24)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      default: break  // equal
      }
      let expected = a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
      let (order, equal) = a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in
          let p = x.baseAddress ?? UnsafePointer(bitPattern: 1)!
          let q = y.baseAddress ?? UnsafePointer(bitPattern: 1)!
          return (ByteComparison.order(p, x.count, q, y.count), x.count == y.count && ByteComparison.equal(p, q, x.count))
        }
      }
      if order.signum() != expected || equal != (a == b) { mismatches.append("\(a) \(b): \(order) \(equal)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }
}
