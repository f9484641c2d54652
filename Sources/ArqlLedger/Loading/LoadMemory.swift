#if canImport(Glibc)
import Glibc
#endif

/// How a load asks the C library for its arrays. glibc gives a block above its threshold a
/// mapping of its own, returned to the system on free; below it, the block comes from the
/// heap, whose freed space stays resident. The threshold starts at 128 KB but rises (up to
/// 32 MB) each time a mapped block is freed, so after the first freed column a load's 1–32 MB
/// arrays (every column of a 1M ledger) come from the heap and its peak holds them all. A
/// fixed threshold keeps every such array in its own mapping. Measured with the equivalent
/// `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=262144`, three alternated runs: a 1M load's peak
/// 492–503 MB → 441–452 MB, a 10M load's 3.16 → 3.14 GB, the time within the runs' spread.
enum LoadMemory {
  /// Set once, before the first load reads its files; false where the C library has no `mallopt`.
  static let fixedThreshold: Bool = {
    #if canImport(Glibc)
    // malloc.h is not in Swift's Glibc module: mallopt is looked up.
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD; setting it also stops it from rising
    return mallopt(mmapThreshold, 256 << 10) == 1
    #else
    return false
    #endif
  }()
}
