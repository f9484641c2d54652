/// Labels laid end to end in one block of UTF-8 with their offsets, read in place by a
/// `LabelList` as a snapshot's are: millions of document ids without a `String` each.
///
/// A load builds the id dictionary of a table this way, a range of rows per thread: first
/// every label's length, then its bytes, each copied once from the file.
final class LabelArena: @unchecked Sendable {
  private let offsets: UnsafeMutableBufferPointer<UInt64>
  private let bytes: UnsafeMutableBufferPointer<UInt8>

  private init(offsets: UnsafeMutableBufferPointer<UInt64>, bytes: UnsafeMutableBufferPointer<UInt8>) {
    self.offsets = offsets
    self.bytes = bytes
  }

  deinit {
    offsets.deallocate()
    bytes.deallocate()
  }

  /// A list of `count` labels: `length(k)` is label k's byte count, `copy(k, to)` writes its
  /// bytes at `to`. Both are called from `threads` threads at once, each on its own labels.
  static func labels(count: Int, threads: Int, length: (Int) -> Int, copy: (Int, UnsafeMutablePointer<UInt8>) -> Void) -> LabelList {
    guard count > 0 else { return LabelList() }
    let offsets = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count + 1)
    offsets[0] = 0
    let parts = PerPart<Void>.rows(count, workers: threads)
    _ = PerPart<Void>(parts: parts, count: count) { start, end in
      PagePopulation.populate(UnsafeMutableRawPointer(offsets.baseAddress.unsafelyUnwrapped + start + 1), byteCount: (end - start) * 8)
      for k in start..<end { offsets[k + 1] = UInt64(length(k)) }
    }
    for k in 0..<count { offsets[k + 1] &+= offsets[k] }
    let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, Int(offsets[count])))
    let base = bytes.baseAddress.unsafelyUnwrapped  // capacity ≥ 1
    _ = PerPart<Void>(parts: parts, count: count) { start, end in
      PagePopulation.populate(UnsafeMutableRawPointer(base + Int(offsets[start])), byteCount: Int(offsets[end] - offsets[start]))
      for k in start..<end { copy(k, base + Int(offsets[k])) }
    }
    let arena = LabelArena(offsets: offsets, bytes: bytes)
    let mapped = MappedLabels(count: count, offsets: UnsafePointer(offsets.baseAddress.unsafelyUnwrapped),
                              text: UnsafePointer(bytes.baseAddress.unsafelyUnwrapped), keeper: arena, inFile: false)
    return LabelList(mapped: mapped)
  }
}
