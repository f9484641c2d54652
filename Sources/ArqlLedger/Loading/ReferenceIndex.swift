#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Finds the row of an id (a customer by `customer_id`, an invoice by `invoice_id`) by its
/// bytes, without building a `String` dictionary of a million ids.
///
/// The table is split in partitions by hash, each built by its own thread, so building the
/// index of a million invoices uses both cores; lookups are read-only and run in parallel.
struct ReferenceIndex: @unchecked Sendable {
  private var partitions: [ByteInterner]
  /// Per partition: local code → row.
  private var rows: [[Int32]]
  private let partitionBits: Int
  /// When the ids are sorted (exports usually are), no hash table: lookups search the sorted
  /// ids, starting from the previous hit, which makes sorted references a sequential merge.
  private var sorted: SortedIndex?

  /// A row that repeats an earlier row's id.
  struct Duplicate {
    let row: Int
    let firstRow: Int
  }

  /// Builds the index of a key column (the id column of its table); the first row of a
  /// repeated id wins and the others are returned as duplicates.
  static func build(_ keys: KeyColumn, text: UnsafeBufferPointer<UInt8>, threads: Int) -> (ReferenceIndex, [Duplicate]) {
    if keys.isStrictlyIncreasing(in: text) {
      var index = ReferenceIndex(partitions: [], rows: [], partitionBits: 0)
      index.sorted = .parsed(SortedKeys(ids: ParsedIds(keys: keys, text: text)))
      return (index, [])
    }
    // Only rows matter here, not codes, so the partitions follow the threads.
    let bits = keys.count >= 100_000 && threads > 1 ? 1 : 0
    let count = 1 << bits
    let results = UnsafeMutableBufferPointer<(ByteInterner, [Int32], [Duplicate])?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    let job = BuildJob(keys: keys, text: text, bits: bits, results: results, codes: nil)
    if count == 1 || threads == 1 {
      for k in 0..<count { job.run(partition: k) }
    } else {
      DispatchQueue.concurrentPerform(iterations: count) { job.run(partition: $0) }
    }
    var index = ReferenceIndex(partitions: [], rows: [], partitionBits: bits)
    var duplicates: [Duplicate] = []
    for k in 0..<count {
      guard let (interner, rows, dups) = results[k] else { continue }
      index.partitions.append(interner)
      index.rows.append(rows)
      duplicates += dups
    }
    return (index, duplicates.sorted { $0.row < $1.row })
  }

  /// Dictionary-encodes a key column whose values repeat (receipt ids): distinct values are
  /// numbered partition by partition, in order of first appearance within each.
  static func encode(_ keys: KeyColumn, text: UnsafeBufferPointer<UInt8>, threads: Int) -> DictionaryColumn {
    if let sorted = encodeSorted(keys, text: text, threads: threads) { return sorted }
    let bits = keys.count >= 100_000 ? 1 : 0
    let count = 1 << bits
    let results = UnsafeMutableBufferPointer<(ByteInterner, [Int32], [Duplicate])?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    var codes = [Int32](repeating: -1, count: keys.count)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    codes.withUnsafeMutableBufferPointer { out in
      let job = BuildJob(keys: keys, text: text, bits: bits, results: results, codes: out)
      if count == 1 || threads == 1 {
        for k in 0..<count { job.run(partition: k) }
      } else {
        DispatchQueue.concurrentPerform(iterations: count) { job.run(partition: $0) }
      }
    }
    let interners = (0..<count).compactMap { results[$0]?.0 }
    var base = [Int32](repeating: 0, count: count)
    for k in 1..<max(count, 1) { base[k] = base[k - 1] + Int32(results[k - 1]?.0.count ?? 0) }
    let dictionary = ByteInterner.labels(of: interners, threads: threads)
    // Local codes carry their partition in the top bit until here.
    for row in codes.indices where codes[row] >= 0 || codes[row] < -1 {
      let raw = UInt32(bitPattern: codes[row])
      codes[row] = base[Int(raw >> 31)] + Int32(raw & 0x7FFF_FFFF)
    }
    return DictionaryColumn(codes: ColumnArray(codes), dictionary: dictionary)
  }

  /// The encoding of ids sorted with repeats adjacent (exports usually are): one code per run,
  /// no hashing, and the dictionary copied from the file into one block (`LabelArena`) rather
  /// than a `String` per id — a 10M ledger's receipt ids are ten million values. `nil` when
  /// the ids are not sorted so (or a null or an escaped id is among them).
  private static func encodeSorted(_ keys: KeyColumn, text: UnsafeBufferPointer<UInt8>, threads: Int) -> DictionaryColumn? {
    let n = keys.count
    guard keys.escaped.isEmpty, let base = text.baseAddress else { return nil }
    var firstRows: [Int32] = []
    var sorted = true
    let codes = [Int32](unsafeUninitializedCapacity: n) { buffer, initialized in
      for row in 0..<n {
        let length = keys.length(row)
        guard length >= 0 else {
          sorted = false
          break
        }
        if row > 0 {
          let previous = row - 1
          let order = ByteComparison.order(base + keys.place(previous), keys.length(previous), base + keys.place(row), length)
          guard order <= 0 else {
            sorted = false
            break
          }
          if order < 0 { firstRows.append(Int32(row)) }
        } else {
          firstRows.append(0)
        }
        buffer[row] = Int32(firstRows.count - 1)
      }
      initialized = sorted ? n : 0
    }
    guard sorted else { return nil }
    let labels = LabelArena.labels(count: firstRows.count, threads: threads, length: { keys.length(Int(firstRows[$0])) },
                                   copy: { run, to in to.update(from: base + keys.place(Int(firstRows[run])), count: keys.length(Int(firstRows[run]))) })
    return DictionaryColumn(codes: ColumnArray(codes), dictionary: labels)
  }

  private struct BuildJob: @unchecked Sendable {
    let keys: KeyColumn
    let text: UnsafeBufferPointer<UInt8>
    let bits: Int
    let results: UnsafeMutableBufferPointer<(ByteInterner, [Int32], [Duplicate])?>
    /// When set, the local code of every row of this partition, with the partition in the top bit.
    let codes: UnsafeMutableBufferPointer<Int32>?

    func run(partition: Int) {
      var interner = ByteInterner(capacity: max(16, keys.count >> bits))
      var rows: [Int32] = []
      rows.reserveCapacity(keys.count >> bits)
      var duplicates: [Duplicate] = []
      for row in 0..<keys.count {
        _ = keys.withBytes(row, in: text) { p, n in
          let h = ByteInterner.hash(p, n)
          guard ReferenceIndex.partition(of: h, bits: bits) == partition else { return }
          let before = interner.count
          let code = Int(interner.intern(p, n, hash: h))
          if let codes {
            codes[row] = Int32(bitPattern: UInt32(code) | UInt32(partition) << 31)
          } else if code == before {
            rows.append(Int32(row))
          } else {
            duplicates.append(Duplicate(row: row, firstRow: Int(rows[code])))
          }
        }
      }
      results[partition] = (interner, rows, duplicates)
    }
  }

  @inline(__always)
  private static func partition(of hash: UInt64, bits: Int) -> Int { bits == 0 ? 0 : Int(hash >> UInt64(64 - bits)) }

  private init(partitions: [ByteInterner], rows: [[Int32]], partitionBits: Int) {
    self.partitions = partitions
    self.rows = rows
    self.partitionBits = partitionBits
    self.sorted = nil
  }

  /// The index of a list of ids, row `r` holding `ids[r]` (ids are distinct).
  init(ids: some RandomAccessCollection<String>) {
    var interner = ByteInterner(capacity: ids.count)
    for id in ids { _ = interner.intern(id) }
    self.init(partitions: [interner], rows: [(0..<ids.count).map(Int32.init)], partitionBits: 0)
  }

  /// The row of an id given by its bytes, or `nil`.
  @inline(__always)
  func row(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
    if let sorted {
      var hint = 0
      return sorted.find(p, n, hint: &hint)
    }
    return row(p, n, hash: ByteInterner.hash(p, n))
  }

  /// Touches the slot where `h` is looked up (see `ByteInterner.touch`).
  @inline(__always)
  func touch(_ h: UInt64) -> UInt64 {
    let k = Self.partition(of: h, bits: partitionBits)
    return k < partitions.count ? partitions[k].touch(h) : 0
  }

  /// The row of an id given by its bytes and hash, or `nil`.
  @inline(__always)
  func row(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> Int32? {
    let k = Self.partition(of: h, bits: partitionBits)
    guard k < partitions.count, let code = partitions[k].lookup(p, n, hash: h) else { return nil }
    return rows[k][Int(code)]
  }

  /// The row of an id, or `nil`.
  func row(_ id: String) -> Int32? {
    let bytes = Array(id.utf8) + [0]
    return bytes.withUnsafeBufferPointer { row($0.baseAddress!, bytes.count - 1) }
  }

  /// Up to `limit` ids, for did-you-mean suggestions.
  func sampleIds(limit: Int) -> [String] {
    if let sorted { return (0..<min(limit, sorted.count)).map(sorted.string) }
    var result: [String] = []
    for interner in partitions {
      for code in 0..<min(interner.count, limit - result.count) { result.append(interner.string(code)) }
    }
    return result
  }

  /// Resolves every row of a key column to a row of the indexed table, in parallel:
  /// `-1` for a null, `-2` for an id the table does not have.
  func resolve(_ keys: KeyColumn, text: UnsafeBufferPointer<UInt8>, threads: Int) -> [Int32] {
    let n = keys.count
    var result = [Int32](repeating: -1, count: n)
    result.withUnsafeMutableBufferPointer { out in
      guard let out = out.baseAddress else { return }
      let job = ResolveJob(keys: keys, text: text, index: self, out: out)
      _ = PerPart<Void>(parts: PerPart<Void>.rows(n, workers: threads), count: n) { start, end in
        var hint = 0
        job.run(start..<end, hint: &hint)
      }
    }
    return result
  }

  /// Resolves rows of one key column into `out` (indexed by row): `-1` for a null, `-2` for an
  /// id the table does not have. A range at a time: `resolve` gives each thread its share,
  /// `KeyWalk` a block of rows after another.
  struct ResolveJob: @unchecked Sendable {
    let keys: KeyColumn
    let text: UnsafeBufferPointer<UInt8>
    let index: ReferenceIndex
    let out: UnsafeMutablePointer<Int32>

    /// Resolves `rows`; `hint` is where a sorted index's search starts, and is left at the last
    /// hit for the next range.
    func run(_ rows: Range<Int>, hint: inout Int) {
      switch index.sorted {
      case .parsed(let sorted): return run(rows, sorted, hint: &hint)
      case .labels(let sorted): return run(rows, sorted, hint: &hint)
      case nil: break
      }
      // Blocks of 16: hash and touch every slot first so the cache misses overlap.
      var hashes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                    UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
      var start = rows.lowerBound
      while start < rows.upperBound {
        let end = min(rows.upperBound, start + 16)
        withUnsafeMutableBytes(of: &hashes) { raw in
          let h = raw.bindMemory(to: UInt64.self)
          var touched: UInt64 = 0
          for row in start..<end {
            let hash = keys.withBytes(row, in: text) { ByteInterner.hash($0, $1) } ?? 0
            h[row - start] = hash
            touched &+= index.touch(hash)
          }
          if touched == 1 { out[start] = out[start] }  // keeps the touching loads
          for row in start..<end {
            out[row] = keys.withBytes(row, in: text) { p, n in index.row(p, n, hash: h[row - start]) ?? -2 } ?? -1
          }
        }
        start = end
      }
    }

    private func run<Ids: SortedIds>(_ rows: Range<Int>, _ sorted: SortedKeys<Ids>, hint: inout Int) {
      for row in rows {
        out[row] = keys.withBytes(row, in: text) { p, n in sorted.find(p, n, hint: &hint) ?? -2 } ?? -1
      }
    }
  }

  /// The same index over `labels`, the indexed table's id column built from the ids it was
  /// built from (sorted ids only; other indexes are returned as they are). Lookups then read
  /// the ids from one compact block instead of the file's pages, which a load drops and the
  /// kernel maps again on each touch.
  func over(_ labels: LabelList) -> ReferenceIndex {
    guard case .parsed = sorted, labels.count == sorted?.count else { return self }
    return ReferenceIndex.sorted(labels) ?? self
  }

  /// The index of ids known to be strictly increasing, read from `labels` (a table's id column
  /// built by `KeyWalk`, which checked the order); `nil` for labels not in one block.
  static func sorted(_ labels: LabelList) -> ReferenceIndex? {
    guard let mapped = labels.inPlace else { return nil }
    var index = ReferenceIndex(partitions: [], rows: [], partitionBits: 0)
    index.sorted = .labels(SortedKeys(ids: LabelIds(labels: mapped)))
    return index
  }
}

/// The ids a sorted index searches, by row.
private protocol SortedIds {
  var count: Int { get }
  /// Row `row`'s id; the pointer is valid while the ids are.
  func id(_ row: Int) -> (UnsafePointer<UInt8>, Int)
}

extension SortedIds {
  func string(_ row: Int) -> String {
    let (p, n) = id(row)
    return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
  }
}

/// Ids still in the file they were parsed from.
private struct ParsedIds: SortedIds {
  let keys: KeyColumn
  let text: UnsafeBufferPointer<UInt8>
  var count: Int { keys.count }

  @inline(__always)
  func id(_ row: Int) -> (UnsafePointer<UInt8>, Int) {
    (text.baseAddress.unsafelyUnwrapped + keys.place(row), keys.length(row))
  }
}

/// Ids copied end to end into one block (a table's id column).
private struct LabelIds: SortedIds {
  let labels: MappedLabels
  var count: Int { labels.count }

  @inline(__always)
  func id(_ row: Int) -> (UnsafePointer<UInt8>, Int) {
    let start = Int(labels.offsets[row])
    return (labels.text + start, Int(labels.offsets[row + 1]) - start)
  }
}

/// A sorted index over either kind of ids. The resolve loop takes the case apart once
/// (`ResolveJob`); single lookups go through these.
private enum SortedIndex {
  case parsed(SortedKeys<ParsedIds>)
  case labels(SortedKeys<LabelIds>)

  var count: Int {
    switch self {
    case .parsed(let keys): return keys.ids.count
    case .labels(let keys): return keys.ids.count
    }
  }

  func string(_ row: Int) -> String {
    switch self {
    case .parsed(let keys): return keys.ids.string(row)
    case .labels(let keys): return keys.ids.string(row)
    }
  }

  func find(_ p: UnsafePointer<UInt8>, _ n: Int, hint: inout Int) -> Int32? {
    switch self {
    case .parsed(let keys): return keys.find(p, n, hint: &hint)
    case .labels(let keys): return keys.find(p, n, hint: &hint)
    }
  }
}

/// Strictly increasing ids and a galloping search from the previous hit.
private struct SortedKeys<Ids: SortedIds> {
  let ids: Ids

  /// Byte-wise order of row `row`'s id against the given bytes: < 0 when the row sorts first.
  @inline(__always)
  private func compare(_ row: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    let (q, m) = ids.id(row)
    return ByteComparison.order(q, m, p, n)
  }

  /// The row holding the id, searching outwards from `hint` (updated to the hit).
  /// - Complexity: O(log d), d = distance from the hint; O(1) for references in id order.
  func find(_ p: UnsafePointer<UInt8>, _ n: Int, hint: inout Int) -> Int32? {
    let count = ids.count
    guard count > 0 else { return nil }
    var at = min(max(hint, 0), count - 1)
    var c = compare(at, p, n)
    if c == 0 { return Int32(at) }
    var lo: Int
    var hi: Int
    if c < 0 {  // the id is after `at`
      var step = 1
      lo = at + 1
      hi = count - 1
      while at + step < count {
        c = compare(at + step, p, n)
        if c == 0 {
          hint = at + step
          return Int32(hint)
        }
        if c > 0 {
          hi = at + step - 1
          break
        }
        lo = at + step + 1
        step <<= 1
      }
    } else {  // before `at`
      var step = 1
      lo = 0
      hi = at - 1
      while at - step >= 0 {
        c = compare(at - step, p, n)
        if c == 0 {
          hint = at - step
          return Int32(hint)
        }
        if c < 0 {
          lo = at - step + 1
          break
        }
        hi = at - step - 1
        step <<= 1
      }
    }
    while lo <= hi {
      let mid = (lo + hi) >> 1
      c = compare(mid, p, n)
      if c == 0 {
        hint = mid
        return Int32(mid)
      }
      if c < 0 { lo = mid + 1 } else { hi = mid - 1 }
    }
    at = max(0, min(lo, count - 1))
    hint = at
    return nil
  }
}
