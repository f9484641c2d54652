import ArqlEngine

/// The terminal charts: `chart bar`, `chart line`, `chart spark`, `chart stacked`.
public enum ChartKind: String, Sendable, CaseIterable {
  /// Horizontal bars, one per row, with its label and value.
  case bar
  /// A time series on a character grid with axes, a line per group.
  case line
  /// One sparkline per group over the time buckets.
  case spark
  /// Horizontal bars split by column (an aged balance's buckets).
  case stacked

  /// The chart `chart` alone draws: a line over time, stacked bars for an aged balance, bars
  /// otherwise.
  public static func natural(for table: ResultTable) -> ChartKind {
    if ChartData.isTimeSeries(table) { return .line }
    if table.columns.contains(where: { $0.name.hasSuffix("_current") || $0.name.hasSuffix("_0_30") }) { return .stacked }
    return .bar
  }
}
