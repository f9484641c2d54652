import Foundation
import Synchronization

/// How the process asks glibc for memory, in each of a session's two kinds of work.
///
/// - `load`: a fixed 256 KB `mmap` threshold. glibc gives a block above its threshold a mapping
///   of its own, returned to the system on free; below it, the block comes from the heap, whose
///   freed space stays resident. The default threshold starts at 128 KB but rises (up to 32 MB)
///   each time a mapped block is freed, so after the first freed column a load's 1–32 MB arrays
///   (every column of a 1M ledger) would come from the heap and its peak would hold them all.
///   Measured with the equivalent `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=262144`, three
///   alternated runs: a 1M load's peak 492–503 MB → 441–452 MB, a 10M load's 3.16 → 3.14 GB,
///   the time within the runs' spread.
/// - `queries`: no block gets a mapping of its own and the heap's free top is never given back.
///   A query at 10M invoices allocates a few hundred MB of row-sized arrays (group codes, open
///   amounts, masks) and frees them at its end; mapped, the next query would fault every page in
///   again and the kernel zero it: at 10M that zeroing was about a third of a profile of
///   per-customer queries. (Other threads' arenas cannot hold such blocks and map them whatever
///   the setting; the session's thread allocates the row-sized arrays.)
///
/// A load entered after queries (`.reload`, `.append`) first gives back what the queries kept,
/// and the queries' setting comes back when it ends. `ARQL_MEMORY_TRACE=1` writes each change
/// to stderr.
public enum MemoryPolicy: Sendable, Equatable {
  case load, queries

  /// The policy in force; nil before the first load or query engine.
  private static let state = Mutex<MemoryPolicy?>(nil)
  private static let trace = ProcessInfo.processInfo.environment["ARQL_MEMORY_TRACE"] != nil

  /// Puts `policy` in force and returns the one it replaces, for `restore`.
  @discardableResult
  public static func enter(_ policy: MemoryPolicy) -> MemoryPolicy? {
    state.withLock { current in
      let before = current
      guard before != policy else { return before }
      switch policy {
      case .load:
        _ = MallocOption.set(MallocOption.mmapMax, 65_536)  // glibc's default: blocks may be mapped again
        _ = MallocOption.set(MallocOption.mmapThreshold, 256 << 10)  // fixed: it no longer rises
        _ = MallocOption.set(MallocOption.trimThreshold, 128 << 10)  // glibc's default
        if before == .queries { MallocOption.trim() }  // what the queries kept
      case .queries:
        _ = MallocOption.set(MallocOption.mmapMax, 0)
        _ = MallocOption.set(MallocOption.trimThreshold, Int32.max)
      }
      current = policy
      if trace {
        let line = "memory: \(policy)\(before == .queries ? " (the queries' freed pages given back)" : "")\n"
        FileHandle.standardError.write(Data(line.utf8))
      }
      return before
    }
  }

  /// Puts back the policy `enter` replaced; a first load's stays in force (nothing to put back).
  public static func restore(_ policy: MemoryPolicy?) {
    if let policy { enter(policy) }
  }

}
