/// Did-you-mean suggestions: the closest candidate by edit distance, case-insensitive. The one
/// edit-distance helper of arql: the language, the loaders and the shell all suggest with it.
public enum DidYouMean {
  /// The Levenshtein distance between two strings, case-insensitive.
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

  /// The candidate closest to `name` within `maxDistance`, ties broken by list order (column and
  /// table names of the loaders).
  public static func closest(to name: String, among candidates: [String], maxDistance: Int) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
      let d = distance(name, candidate)
      if d <= maxDistance && d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    return best?.0
  }

  /// The best candidate for `word` within a threshold that grows with the word (at most a
  /// third of its length, at least 1), or `nil` when none is close enough. Ties go to the
  /// earlier candidate; the word itself is never suggested.
  public static func suggestion(for word: String, among candidates: [String]) -> String? {
    let limit = max(1, word.count / 3)
    let lower = word.lowercased()
    let length = lower.count
    var best: (String, Int)?
    for candidate in candidates {
      // The distance is at least the difference of the lengths: skip the hopeless ones cheaply.
      let difference = abs(candidate.count - length)
      guard difference <= limit, difference < (best?.1 ?? Int.max), candidate.lowercased() != lower else { continue }
      let d = distance(lower, candidate)
      if d <= limit && d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    return best?.0
  }
}
