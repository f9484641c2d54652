/// Levenshtein distance, for did-you-mean suggestions on column and table names.
public enum EditDistance {
  /// The edit distance between two strings, case-insensitive.
  public static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased())
    let y = Array(b.lowercased())
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }

  /// The candidate closest to `name` within `maxDistance`, ties broken by list order.
  public static func closest(to name: String, among candidates: [String], maxDistance: Int) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
      let d = distance(name, candidate)
      if d <= maxDistance && d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    return best?.0
  }
}
