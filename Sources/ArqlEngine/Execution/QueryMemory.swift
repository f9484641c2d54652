import ArqlLedger

/// How the process hands memory back between queries. A query at 10M invoices allocates a few
/// hundred MB of row-sized arrays (group codes, open amounts, masks) and frees them at its end.
/// glibc serves each block above 32 MB with its own `mmap` and unmaps it on free, so the next
/// query faults every page in again and the kernel zeroes it: at 10M that zeroing was about a
/// third of a profile of per-customer queries. Once a ledger is loaded, the session thread's
/// freed blocks are kept for the next query instead. (Other threads' arenas cannot hold such
/// blocks and map them whatever the setting; the session allocates the row-sized arrays.) The
/// load itself is left alone: its buffers grow and shrink in a pattern that `mmap` serves with
/// a lower peak.
public enum QueryMemory {
  /// Whether freed blocks are kept: set when the first query engine is made (after the first
  /// load), false where the C library has no `mallopt`.
  public static let keepsFreedPages: Bool =
    // No block gets a mapping of its own, and the heap's free top is never given back: both
    // stay mapped for the next query.
    MallocOption.set(MallocOption.mmapMax, 0) && MallocOption.set(MallocOption.trimThreshold, Int32.max)
}
