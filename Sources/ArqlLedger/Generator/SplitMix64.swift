import Foundation

/// A small, fast, seedable random generator (SplitMix64). The generator's output depends only
/// on the seed, never on the platform's random source, so the same seed gives the same ledger.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// A generator for one stream (a customer) derived from a master seed.
  init(seed: UInt64, stream: UInt64) {
    var mixer = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
    state = mixer.next() ^ stream
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform integer in the closed range.
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
  }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { uniform() < p }

  /// Standard normal (Box–Muller).
  mutating func normal() -> Double {
    let u1 = max(uniform(), 1e-12)
    let u2 = uniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// Exponential with the given mean.
  mutating func exponential(mean: Double) -> Double { -log(max(1e-12, 1 - uniform())) * mean }

  /// An index drawn with the given weights.
  mutating func pick(_ weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var x = uniform() * total
    for (index, weight) in weights.enumerated() {
      x -= weight
      if x < 0 { return index }
    }
    return weights.count - 1
  }
}
