#if canImport(Glibc)
import Glibc
#endif

/// Faults in the pages of a block about to be written with one call (`MADV_POPULATE_WRITE`,
/// Linux 5.14) instead of one page fault per 4 KB page as the writes reach them: the kernel
/// then maps and zeroes the pages without an exception for each. A load's parse output, record
/// offsets and id labels are gigabytes of fresh pages at 10M invoices. Alternated runs of `arql
/// bench-data/ledger_10000000 --timing-only` (`perf stat`, a build reading a switch from the
/// environment, three runs each): page faults 0.95M → 0.57M for the parse's columns alone,
/// CPU 11.1 → 9.9 s; with the record offsets and the labels too, 0.36M faults.
enum PagePopulation {
  /// `MADV_POPULATE_WRITE` (not in Swift's Glibc module on every toolchain).
  private static let populateWrite: Int32 = 23

  /// Populates the whole pages inside `[base, base + byteCount)`. The contents are left as
  /// they are; a kernel without the advice refuses it, and the writes fault the pages in.
  static func populate(_ base: UnsafeMutableRawPointer, byteCount: Int) {
    #if os(Linux)
    let page = SourceText.pageSize
    let low = (Int(bitPattern: base) + page - 1) / page * page
    let high = (Int(bitPattern: base) + byteCount) / page * page
    guard high - low >= 4 * page, let start = UnsafeMutableRawPointer(bitPattern: low) else { return }
    _ = madvise(start, high - low, populateWrite)
    #endif
  }
}
