/// The id work of one table's build done in one walk over its rows: each reference column
/// resolved against its table's index, and the table's own id column checked for order and
/// copied out of the file (`LabelArena`).
///
/// Each of these reads the ids where they sit, in the mapped file, and a load drops the file's
/// pages behind it (`PageReleaser`). Done one after the other, each walk mapped the whole file
/// again: the builds of a 10M ledger walked about 9 GB of files so, against 5 GB for the
/// parse. Here a block of rows is taken by every step in turn, so a line is mapped and cached
/// once for all of its ids.
///
/// The results hold for the table as it was walked: a builder drops them when the table
/// loses rows (lenient mode), and works from the file again.
struct KeyWalk {
  /// Per reference column (by name): each row's row in the referenced table, `-1` for a null,
  /// `-2` for an id that table does not have (as `ReferenceIndex.resolve` gives them).
  var resolved: [String: [Int32]]
  /// The id column's values in row order, "" for a null (as `LedgerBuilder.idColumn` gives
  /// them); for `.runs`, one value per run of equal ids.
  var labels: LabelList?
  /// How the id column's values follow each other.
  var order: Order
  /// For `.runs` and ids in `nonDecreasing` order: each row's run (its id's code, in order).
  var runs: [Int32]?

  /// The order of the id column's values, decided byte-wise; a null or an id kept aside
  /// (`KeyColumn.escaped`) makes it `unsorted`, as `KeyColumn.isStrictlyIncreasing` does.
  enum Order: Equatable {
    case strictlyIncreasing
    /// Sorted, with repeats next to each other (receipt lines).
    case nonDecreasing
    case unsorted
  }

  /// What to make of the id column.
  enum IdValues {
    /// One value per row: a table whose ids are unique.
    case rows
    /// One value per run of equal ids, and each row's run: ids that repeat (receipt ids).
    case runs
  }

  /// A reference column and the index of the table it names.
  struct Reference {
    let name: String
    let keys: KeyColumn
    let index: ReferenceIndex
  }

  /// Rows per block: small enough that a block's lines stay in the first-level cache while
  /// each step reads them.
  static let blockRows = 64

  /// Walks `rows` rows of a table's keys (all in `text`), split over `threads`.
  static func walk(references: [Reference], id: KeyColumn?, values: IdValues, rows n: Int, text: UnsafeBufferPointer<UInt8>,
                   threads: Int) -> KeyWalk {
    let outputs = references.map { _ in Output(values: [Int32](repeating: -1, count: n)) }
    let arena = id.map { keys in LabelArena.reserve(count: n, threads: threads, length: { row in keys.withBytes(row, in: text) { $1 } ?? 0 }) }
    var runs = values == .runs && id != nil ? [Int32](repeating: 0, count: n) : []
    let parts = PerPart<Void>.rows(n, workers: threads)
    var states: [PartState] = []
    Output.withPointers(outputs) { outs in
      runs.withUnsafeMutableBufferPointer { runCodes in
        let jobs = zip(references, outs).map { reference, out in
          ReferenceIndex.ResolveJob(keys: reference.keys, text: text, index: reference.index, out: out)
        }
        // An empty array may still lend a pointer: only a `.runs` walk has its codes.
        let walker = PartWalker(jobs: jobs, id: id, text: text, arena: arena, runs: runCodes.isEmpty ? nil : runCodes.baseAddress)
        states = PerPart<PartState>(parts: parts, count: n) { start, end in walker.walk(start..<end) }.results
      }
    }
    var order = Order.unsorted
    if let id, id.escaped.isEmpty {
      order = states.allSatisfy(\.strictlyIncreasing) ? .strictlyIncreasing : states.allSatisfy(\.nonDecreasing) ? .nonDecreasing : .unsorted
    }
    var resolved: [String: [Int32]] = [:]
    for (reference, out) in zip(references, outputs) { resolved[reference.name] = out.take() }
    guard let arena else { return KeyWalk(resolved: resolved, labels: nil, order: order, runs: nil) }
    guard values == .runs else { return KeyWalk(resolved: resolved, labels: arena.list, order: order, runs: nil) }
    guard order != .unsorted else { return KeyWalk(resolved: resolved, labels: nil, order: order, runs: nil) }
    // Each part numbered its runs from 0 (from -1 when it began inside the previous part's last
    // run): the runs of the parts before it come first.
    var base: Int32 = 0
    for (k, state) in states.enumerated() {
      let end = k + 1 < parts.count ? parts[k + 1] : n
      if base != 0 { for row in parts[k]..<end { runs[row] &+= base } }
      base &+= state.runsStarted
    }
    guard Int(base) < n else { return KeyWalk(resolved: resolved, labels: arena.list, order: order, runs: runs) }
    // Repeated ids: the dictionary holds each run's value once.
    var firstRows: [Int] = []
    firstRows.reserveCapacity(Int(base))
    for row in 0..<n where row == 0 || runs[row] != runs[row - 1] { firstRows.append(row) }
    let labels = LabelArena.labels(count: firstRows.count, threads: threads, length: { arena.length(firstRows[$0]) },
                                   copy: { run, to in to.update(from: arena.destination(firstRows[run]), count: arena.length(firstRows[run])) })
    return KeyWalk(resolved: resolved, labels: labels, order: order, runs: runs)
  }

  /// What one part of the rows found.
  private struct PartState {
    var strictlyIncreasing = true
    var nonDecreasing = true
    /// The runs of equal ids that start in the part.
    var runsStarted: Int32 = 0

    mutating func unsorted() {
      strictlyIncreasing = false
      nonDecreasing = false
    }
  }

  /// The walk of one part of the rows; parts run at once, each writing its own rows.
  private struct PartWalker: @unchecked Sendable {
    let jobs: [ReferenceIndex.ResolveJob]
    let id: KeyColumn?
    let text: UnsafeBufferPointer<UInt8>
    let arena: LabelArena?
    let runs: UnsafeMutablePointer<Int32>?

    func walk(_ rows: Range<Int>) -> PartState {
      var state = PartState()
      var hints = [Int](repeating: 0, count: jobs.count)
      arena?.populate(rows)
      var start = rows.lowerBound
      while start < rows.upperBound {
        let end = min(rows.upperBound, start + KeyWalk.blockRows)
        for k in jobs.indices { jobs[k].run(start..<end, hint: &hints[k]) }
        if let id, let arena { take(id, start..<end, into: arena, &state) }
        start = end
      }
      return state
    }

    /// The id column's rows: their bytes, their order against the row before, their runs.
    @inline(__always)
    private func take(_ id: KeyColumn, _ rows: Range<Int>, into arena: LabelArena, _ state: inout PartState) {
      for row in rows {
        _ = id.withBytes(row, in: text) { arena.destination(row).update(from: $0, count: $1) }
        guard state.nonDecreasing else { continue }
        // Against the previous row, also across the part's start (< 0: the previous row first);
        // a null or an aside id ends the check.
        let length = id.length(row)
        let previous = row > 0 ? id.length(row - 1) : 0
        guard length >= 0, previous >= 0, let base = text.baseAddress else {
          state.unsorted()
          continue
        }
        let order = row > 0 ? ByteComparison.order(base + id.place(row - 1), previous, base + id.place(row), length) : -1
        if order > 0 {
          state.unsorted()
          continue
        }
        if order == 0 { state.strictlyIncreasing = false } else { state.runsStarted &+= 1 }
        runs?[row] = state.runsStarted &- 1
      }
    }
  }

  /// A reference column's rows while they are written (a box each, so that every column's
  /// elements can be lent out at once).
  private final class Output {
    var values: [Int32]
    init(values: [Int32]) { self.values = values }

    /// The rows, left to the caller as their only owner.
    func take() -> [Int32] {
      defer { values = [] }
      return values
    }

    /// Calls `body` with a pointer to each output's elements.
    static func withPointers<R>(_ outputs: [Output], _ body: ([UnsafeMutablePointer<Int32>]) -> R) -> R {
      func nest(_ i: Int, _ pointers: [UnsafeMutablePointer<Int32>]) -> R {
        guard i < outputs.count else { return body(pointers) }
        return outputs[i].values.withUnsafeMutableBufferPointer { buffer in
          // A table with no rows: a pointer never written through.
          nest(i + 1, pointers + [buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8).unsafelyUnwrapped])
        }
      }
      return nest(0, [])
    }
  }
}
