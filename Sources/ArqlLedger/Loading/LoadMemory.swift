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
  static let fixedThreshold = MallocOption.set(MallocOption.mmapThreshold, 256 << 10)  // also stops it from rising
}
