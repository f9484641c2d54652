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
    let arena = reserve(count: count, threads: threads, length: length)
    _ = PerPart<Void>(parts: PerPart<Void>.rows(count, workers: threads), count: count) { start, end in
      arena.populate(start..<end)
      for k in start..<end { copy(k, arena.destination(k)) }
    }
    return arena.list
  }

  /// An arena with room for `count` labels (at least one) of the given byte counts (`length`
  /// is called from `threads` threads at once), whose bytes the caller then writes
  /// (`destination`) before reading them as a list (`list`).
  static func reserve(count: Int, threads: Int, length: (Int) -> Int) -> LabelArena {
    let offsets = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count + 1)
    offsets[0] = 0
    _ = PerPart<Void>(parts: PerPart<Void>.rows(count, workers: threads), count: count) { start, end in
      PagePopulation.populate(UnsafeMutableRawPointer(offsets.baseAddress.unsafelyUnwrapped + start + 1), byteCount: (end - start) * 8)
      for k in start..<end { offsets[k + 1] = UInt64(length(k)) }
    }
    for k in 0..<count { offsets[k + 1] &+= offsets[k] }
    return LabelArena(offsets: offsets, bytes: .allocate(capacity: max(1, Int(offsets[count]))))
  }

  /// Where label `k`'s bytes go (room for its length).
  @inline(__always)
  func destination(_ k: Int) -> UnsafeMutablePointer<UInt8> { bytes.baseAddress.unsafelyUnwrapped + Int(offsets[k]) }

  /// The byte count of label `k`.
  @inline(__always)
  func length(_ k: Int) -> Int { Int(offsets[k + 1] &- offsets[k]) }

  /// Faults in at once the pages that `labels`' bytes will be written to.
  func populate(_ labels: Range<Int>) {
    guard !labels.isEmpty else { return }
    let start = Int(offsets[labels.lowerBound])
    PagePopulation.populate(UnsafeMutableRawPointer(destination(labels.lowerBound)), byteCount: Int(offsets[labels.upperBound]) - start)
  }

  /// The labels, once every one is written.
  var list: LabelList {
    LabelList(mapped: MappedLabels(count: offsets.count - 1, offsets: UnsafePointer(offsets.baseAddress.unsafelyUnwrapped),
                                   text: UnsafePointer(bytes.baseAddress.unsafelyUnwrapped), keeper: self, inFile: false))
  }
}
