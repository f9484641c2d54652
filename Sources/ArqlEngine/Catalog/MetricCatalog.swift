import ArqlLanguage

/// Built-in and user-defined metrics in one list: the parser's vocabulary, `.describe`,
/// did-you-mean and the planner all read it.
public struct MetricCatalog: Sendable {
  public private(set) var metrics: [MetricDefinition]

  public init() {
    metrics = MetricCatalog.builtins
  }

  /// The metric named `name` (canonical name).
  public func metric(_ name: String) -> MetricDefinition? { metrics.first { $0.name == name } }

  /// The vocabulary the parser resolves metric names with.
  public var vocabulary: MetricVocabulary {
    MetricVocabulary(metrics.map { ($0.name, $0.aliases) })
  }

  /// Adds or replaces a user-defined metric.
  public mutating func define(_ definition: MetricDefinition) {
    metrics.removeAll { $0.name == definition.name }
    metrics.append(definition)
  }

  /// Every built-in, in the order `.metrics` and docs/metrics.md list them. A family of
  /// metrics is one file under Catalog/.
  static let builtins: [MetricDefinition] = coreMetrics + customerMetrics + disputeMetrics + matchingMetrics + teamMetrics
    + forecastMetrics

  /// The rule of shares grouped by a dimension of a linked universe, said in their formulas.
  static let shareRule = "Grouped by a dispute's reason, owner or outcome, an action's agent or type, or a promise's status, "
    + "the denominator is the whole under the query's filters, so the parts add up to the ungrouped value."

  static func call(_ name: String) -> MetricExpr { .call(MetricCall(name: name)) }

  /// `(overdue where days_past_due > days)`.
  static func pastDue(_ days: Int64) -> MetricExpr {
    .filtered(call("overdue"), .compare(.column(Identifier("days_past_due")), .greater, .literal(.number(ExactNumber(mantissa: days, scale: 0)), .none)))
  }
}
