/// Row-level problems found while building a table, applied all at once: in strict mode the
/// first one is thrown; in lenient mode every problem row is rejected with its reason.
struct RowProblems {
  private(set) var items: [(row: Int, error: LoadError)] = []

  var isEmpty: Bool { items.isEmpty }

  mutating func add(_ row: Int, _ error: LoadError) { items.append((row, error)) }

  /// The first problem of each row, in row order.
  var firstPerRow: [(row: Int, error: LoadError)] {
    var seen = Set<Int>()
    return items.sorted { $0.row < $1.row }.filter { seen.insert($0.row).inserted }
  }
}
