import Foundation
import Synchronization

/// How the process asks glibc for memory, in each of a session's two kinds of work.
///
/// - `load`: a fixed 128 MB `mmap` threshold, and the heap's free top kept. glibc gives a block
///   above its threshold a mapping of its own, returned to the system on free; below it, the
///   block comes from the heap, and a block freed there is used again by the next allocations
///   instead of fresh pages the kernel must zero (in a virtual machine, a first touch of a page
///   can cost more than the work on it). Every column of a 1M ledger (1–10 MB) and most of a
///   10M one (10–90 MB) are reused that way. Measured on the load pipeline (`LoadPipeline`) with
///   a build reading the threshold from the environment, alternated runs: 1M, 256 KB against
///   32 MB, page faults 164–166K → 114–119K, CPU 1.83–2.04 → 1.75–1.84 s, peak 329–354 →
///   405–422 MB (DuckDB's read_csv: 484 MB); 10M, page faults 1.44M (32 MB) → 1.33M (64 MB) →
///   1.15–1.16M (128 MB), CPU 16.3–20.8 → 15.4–17.4 → 15.1–16.5 s,
///   peak 2.72 → 2.81 → 3.02–3.07 GB (DuckDB: 3.28 GB). Every block mapped (256 KB) was chosen
///   before the pipeline, whose peak at 1M was then 441–452 MB; all from the heap peaked at
///   3.36 GB at 10M.
/// - `queries`: no block gets a mapping of its own and the heap's free top is never given back.
///   A query at 10M invoices allocates a few hundred MB of row-sized arrays (group codes, open
///   amounts, masks) and frees them at its end; mapped, the next query would fault every page in
///   again and the kernel zero it: at 10M that zeroing was about a third of a profile of
///   per-customer queries.
///
/// Both use one heap for every thread (`M_ARENA_MAX` 1): a load's lanes and workers allocate on
/// several threads, and a block freed to one thread's heap could not be used by another's. At
/// 10M invoices (three alternated runs each, `perf stat` and `/usr/bin/time -f %M` on `arql
/// bench-data/ledger_10000000 --timing-only`, the binary of commit 8ed4461 with
/// `MALLOC_ARENA_MAX=1` in the environment against without): page faults 1.13M → 1.01M, CPU
/// median 13.2 → 12.5 s, median peak 3.03 → 3.01 GB.
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
      _ = MallocOption.set(MallocOption.arenaMax, 1)  // before the load's threads first allocate
      switch policy {
      case .load:
        _ = MallocOption.set(MallocOption.mmapMax, 65_536)  // glibc's default: blocks may be mapped again
        _ = MallocOption.set(MallocOption.mmapThreshold, 128 << 20)  // fixed: it no longer moves
        _ = MallocOption.set(MallocOption.trimThreshold, Int32.max)
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
