/// Did-you-mean suggestions: the closest candidate by edit distance, case-insensitive. The one
/// edit-distance helper of arql: the language, the loaders and the shell all suggest with it.
public enum DidYouMean {
  /// The Levenshtein distance between two strings, case-insensitive.
  public static func distance(_ a: String, _ b: String) -> Int {
    distance(Array(a.lowercased()), Array(b.lowercased()), bound: Int.max)
  }

  /// The distance between two lowercased strings, or `bound + 1` as soon as it is known to
  /// exceed `bound`. A row's minimum never decreases from one row to the next, so a row above
  /// the bound ends the search: a long phrase against hundreds of candidates costs a band of
  /// each table, not the whole of it.
  static func distance(_ x: [Character], _ y: [Character], bound: Int) -> Int {
    let over = bound == .max ? bound : bound + 1
    if abs(x.count - y.count) > bound { return over }
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      var rowMinimum = i
      for j in 1...y.count {
        let value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        current[j] = value
        rowMinimum = min(rowMinimum, value)
      }
      if rowMinimum > bound { return over }
      swap(&previous, &current)
    }
    return min(previous[y.count], over)
  }

  /// The candidate closest to `name` within `maxDistance`, ties broken by list order (column and
  /// table names of the loaders).
  public static func closest(to name: String, among candidates: some Sequence<String>, maxDistance: Int) -> String? {
    nearest(to: name, among: candidates, within: maxDistance, skippingItself: false)
  }

  /// The best candidate for `word` within a threshold that grows with the word (at most a
  /// third of its length, at least 1), or `nil` when none is close enough. Ties go to the
  /// earlier candidate; the word itself is never suggested.
  public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
    nearest(to: word, among: candidates, within: max(1, word.count / 3), skippingItself: true)
  }

  /// The first candidate at the smallest distance from `name`, if it is within `limit`. Only a
  /// strictly closer candidate can win, so each distance is bounded by the best one so far.
  private static func nearest(to name: String, among candidates: some Sequence<String>, within limit: Int, skippingItself: Bool) -> String? {
    let lower = Array(name.lowercased())
    let length = name.count
    var best: (String, Int)?
    for candidate in candidates {
      let bound = min(limit, (best?.1 ?? Int.max) - 1)
      guard bound >= 0 else { break }
      // The distance is at least the difference of the lengths: skip the hopeless ones cheaply.
      guard abs(candidate.count - length) <= bound else { continue }
      let other = Array(candidate.lowercased())
      if skippingItself && other == lower { continue }
      let d = distance(lower, other, bound: bound)
      if d <= bound { best = (candidate, d) }
    }
    return best?.0
  }
}
