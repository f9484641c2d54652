/// How a generated customer pays; drives delays, disputes and write-offs.
enum PayerProfile: CaseIterable {
  /// Pays around the due date.
  case prompt
  /// Pays some weeks late.
  case late
  /// Disputes often and pays late.
  case chronicDisputer
  /// Pays very late, sometimes never.
  case bad

  static let weights: [Double] = [0.45, 0.35, 0.12, 0.08]

  /// Days paid after the due date (negative = early).
  func delay(_ rng: inout SplitMix64) -> Int {
    switch self {
    case .prompt: return Int((rng.normal() * 3).rounded()) - 1
    case .late: return Int(rng.exponential(mean: 22).rounded()) + 2
    case .chronicDisputer: return Int(rng.exponential(mean: 25).rounded()) + 10
    case .bad: return Int(rng.exponential(mean: 70).rounded()) + 30
    }
  }

  /// Probability that an invoice is disputed.
  var disputeRate: Double {
    switch self {
    case .prompt: return 0.01
    case .late: return 0.03
    case .chronicDisputer: return 0.25
    case .bad: return 0.05
    }
  }

  /// Probability that an invoice is never paid.
  var defaultRate: Double {
    switch self {
    case .bad: return 0.18
    case .chronicDisputer: return 0.02
    default: return 0.002
    }
  }

  /// A survey score 1–5 this kind of customer tends to give.
  func surveyScore(_ rng: inout SplitMix64) -> Int {
    switch self {
    case .prompt: return rng.pick([0.02, 0.03, 0.15, 0.4, 0.4]) + 1
    case .late: return rng.pick([0.05, 0.1, 0.35, 0.3, 0.2]) + 1
    case .chronicDisputer: return rng.pick([0.25, 0.3, 0.25, 0.15, 0.05]) + 1
    case .bad: return rng.pick([0.2, 0.25, 0.3, 0.15, 0.1]) + 1
    }
  }
}
