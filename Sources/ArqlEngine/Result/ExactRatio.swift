/// A weighted average kept as the two integer sums it is made of (Σ w·x over Σ w: cents ×
/// days over cents, days over counts), so that a threshold or a class is decided exactly —
/// a customer exactly 10 days late is green at `green: 10` — and Double is only for display.
struct ExactRatio: Sendable, Equatable {
  let numerator: Int64
  /// Always positive.
  let denominator: Int64

  /// nil when the denominator is 0 (no weight: n/a).
  init?(_ numerator: Int64, _ denominator: Int64) {
    guard denominator != 0, denominator != .min, numerator != .min else { return nil }
    self.numerator = denominator < 0 ? -numerator : numerator
    self.denominator = abs(denominator)
  }

  /// The value for display: the correctly rounded quotient of the two integers.
  var value: Double { Double(numerator) / Double(denominator) }

  /// Whether the ratio is at most `threshold`, decided on integers: the threshold is read to
  /// the millionth (thresholds are written with a few decimals at most), and the products are
  /// taken on 128 bits so that no sum of cents can overflow them.
  func isAtMost(_ threshold: Double) -> Bool {
    guard threshold.isFinite else { return threshold > 0 }
    let scaled = (threshold * 1_000_000).rounded()
    guard abs(scaled) < 9.2e18 else { return scaled > 0 }
    // numerator / denominator ≤ t / 10⁶  ⇔  numerator × 10⁶ ≤ t × denominator.
    let left = numerator.multipliedFullWidth(by: 1_000_000)
    let right = Int64(scaled).multipliedFullWidth(by: denominator)
    return (left.high, left.low) <= (right.high, right.low)
  }
}
