import ArqlLanguage

/// An argument a metric takes, as data: its name, what values it accepts, its default and
/// its description. The one generic binder (`MetricArguments`) validates every call from
/// these, and `.describe`, completion, docs/metrics.md and the errors read the same list.
public struct ArgumentSpec: Sendable {
  /// What values an argument accepts.
  public enum Accepts: Sendable {
    /// One of these words (the canonical ones); `synonyms` maps other accepted spellings.
    case word([String], synonyms: [String: String] = [:])
    /// A whole number of days in the range.
    case days(ClosedRange<Int32>)
    /// A number in the range, of a unit (points, days).
    case number(ClosedRange<Double>, unit: String)
    /// A whole number of at least 1.
    case count
    /// Increasing positive day counts: `[30, 60, 90]`.
    case dayEdges
    /// Whole percentages from 0 to 100, one per bucket: `[0, 1, 5, 20, 50, 100]`.
    case percentages
    /// risk, real, net, or the name of a point-in-time money metric.
    case exposure
  }

  public let name: String
  public let accepts: Accepts
  /// The default as text (for errors and help); empty when the default depends on the session.
  public let defaultValue: String
  public let description: String

  public init(_ name: String, _ accepts: Accepts, default defaultValue: String, _ description: String) {
    self.name = name
    self.accepts = accepts
    self.defaultValue = defaultValue
    self.description = description
  }

  /// What it takes, as the errors say it: `method: standard|countback`.
  public var takes: String {
    switch accepts {
    case .word(let words, _): return "\(name): " + words.joined(separator: "|")
    case .days: return "\(name): N days"
    case .number(_, let unit): return "\(name): N \(unit)"
    case .count: return "\(name): N"
    case .dayEdges: return "\(name): [..]"
    case .percentages: return "\(name): [..]"
    case .exposure: return "\(name): risk|real|net|METRIC"
    }
  }

  /// The words completion offers after `name:`.
  public var completions: [String] {
    switch accepts {
    case .word(let words, _): return words
    case .exposure: return ["risk", "real", "net"]
    case .days, .number, .count, .dayEdges, .percentages: return []
    }
  }
}

extension ArgumentSpec {
  // Arguments several metrics share.
  static let zeroMonth = ArgumentSpec(
    "zero_month", .word(["cross", "stop"]), default: "cross",
    "countback at a month without net sales: cross (count its days, default) or stop (Oracle HFM)")
  static let method = ArgumentSpec(
    "method", .word(["standard", "countback"], synonyms: ["ratio": "standard", "exhaustion": "countback"]), default: "standard",
    "standard (ratio over the window, default) or countback (walk back from the as-of date)")
  static let weight = ArgumentSpec("weight", .word(["count", "amount"]), default: "count", "count (default) or amount")
  static let buckets = ArgumentSpec(
    "buckets", .dayEdges, default: "[30, 60, 90, 120]", "upper edges of the day buckets, default [30, 60, 90, 120]")
  static let exposure = ArgumentSpec(
    "exposure", .exposure, default: "risk",
    "what is compared with the limit: risk (risk_exposure, default), real, net (balance) or a money metric")
  static let grace = ArgumentSpec(
    "grace", .days(0...366), default: "3", "days after the promised date that cash still keeps the promise (default 3: bank value dates)")
}
