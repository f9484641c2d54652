#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dropping a mapped file's pages: a load walks each CSV a few times, and the pages each walk
/// has passed are given back, so the load's memory is what it builds, not the CSVs' size.
extension SourceText {
  /// Drops the pages of `[from, to)` (whole pages inside it) from this process's memory. The
  /// text is unchanged: a mapped file's page is read again from the page cache when next touched.
  /// A load walks each file a few times; dropping the pages behind each walk keeps its resident
  /// memory to what it builds, not the size of the CSVs. No effect on text held in memory.
  func releasePages(from: Int = 0, to: Int? = nil) {
    guard isMapped, let base = bytes.baseAddress else { return }
    SourceText.releasePages(base, from: max(0, from), to: min(to ?? bytes.count, bytes.count))
  }

  static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  /// Drops the whole pages inside `[from, to)` of a read-only file mapping at `base`.
  static func releasePages(_ base: UnsafePointer<UInt8>, from: Int, to: Int) {
    let low = (Int(bitPattern: base) + from + pageSize - 1) / pageSize * pageSize
    let high = (Int(bitPattern: base) + to) / pageSize * pageSize
    guard high > low, let start = UnsafeMutableRawPointer(bitPattern: low) else { return }
    _ = madvise(start, high - low, MADV_DONTNEED)
  }

  /// Drops the pages a walk over the text has passed, every `step` bytes of progress.
  struct PageRelease {
    let text: SourceText
    private(set) var released: Int
    static let step = 16 << 20

    init(_ text: SourceText, from: Int) {
      self.text = text
      self.released = from
    }

    /// The walk has no more use of the bytes before `offset`.
    @inline(__always)
    mutating func passed(_ offset: Int) {
      guard offset - released >= PageRelease.step else { return }
      text.releasePages(from: released, to: offset)
      released = offset
    }
  }
}
