/// The best N of many candidates without sorting them all: a sorted buffer of the best seen
/// so far. The one ranking of the engine: top N pushed into an evaluation (only the candidate
/// groups become rows) and `top N` over the result rows both use it.
enum TopN {
  /// The best `count` candidates, best first.
  /// - Parameters:
  ///   - before: whether the first ranks strictly before the second.
  ///   - keepingTies: keep every candidate tied with the N-th (an evaluation's pushdown keeps
  ///     them so the final order, which breaks ties by label, still chooses among them).
  /// - Complexity: O(n × log N) comparisons, O(N) memory besides the candidates.
  static func select(_ candidates: [Int], count: Int, keepingTies: Bool = false, before: (Int, Int) -> Bool) -> [Int] {
    guard count > 0 else { return [] }
    var best: [Int] = []
    for candidate in candidates {
      if best.count >= count, let worst = best.last {
        // Full: a candidate that cannot enter (or only ties, without keepingTies) is skipped.
        if keepingTies ? before(worst, candidate) : !before(candidate, worst) { continue }
      }
      // After every kept candidate that it does not rank before: ties keep their arrival order.
      var lo = 0
      var hi = best.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if before(candidate, best[mid]) { hi = mid } else { lo = mid + 1 }
      }
      best.insert(candidate, at: lo)
      if keepingTies {
        while best.count > count, let last = best.last, before(best[count - 1], last) { best.removeLast() }
      } else if best.count > count {
        best.removeLast()
      }
    }
    return best
  }
}
