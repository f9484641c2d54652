import ArqlLanguage

/// Whether a metric is evaluated at a date or over a window.
public enum MetricKind: String, Sendable {
  /// At the as-of date (or each bucket's end): balances, aging.
  case pointInTime = "point in time"
  /// Over the window (or each bucket): sales, cash.
  case window
}

/// What a metric's numbers are.
public enum MetricUnit: String, Sendable {
  case money, days, percent, count, ratio
  /// A class or label (a payer's colour).
  case text
  /// A plain number: a score, actions per account.
  case number
}

/// One metric of the catalog: built-in or user-defined, with the formula `.describe` and
/// `explain` show.
public struct MetricDefinition: Sendable {
  /// How the metric is computed.
  public enum Implementation: Sendable {
    /// A built-in: its tree of kernels, built from its checked arguments.
    case builtin(MetricBuild)
    /// `define metric`: an expression over other metrics, optionally filtered.
    case expression(MetricExpr, filter: BoolExpr?)
  }

  public let name: String
  public let aliases: [String]
  public let kind: MetricKind
  public let unit: MetricUnit
  /// The formula, as the engine computes it.
  public let formula: String
  /// The arguments it takes: the generic binder checks calls against them.
  public let arguments: [ArgumentSpec]
  public let implementation: Implementation
  /// The user's description or the built-in's.
  public let summary: String
}
