import ArqlEngine

/// What a chart reads from a result: row labels, the first metric's values, time buckets.
struct ChartData {
  let table: ResultTable

  var dimensions: [ResultTable.Column] { table.columns.filter { $0.role == .dimension } }
  var metrics: [ResultTable.Column] { table.columns.filter { $0.role == .metric && $0.unit != .text } }

  /// Whether the first dimension is a time bucket (`2025-03`, `2025-Q1`, `2025-W07`, a date, a year).
  static func isTimeSeries(_ table: ResultTable) -> Bool {
    guard let first = table.columns.first, first.role == .dimension, table.rowCount > 1 else { return false }
    let pattern = #"^(FY)?\d{4}(-(Q\d|W\d{2}|\d{2}(-\d{2})?))?$"#
    return first.values.allSatisfy { value in
      if case .text(let s) = value { return s.range(of: pattern, options: .regularExpression) != nil }
      return false
    }
  }

  /// The label of a row: its dimension values joined.
  func label(_ row: Int, skipping skip: Int = 0) -> String {
    let parts = dimensions.dropFirst(skip).map { $0.values[row].description }
    return parts.isEmpty ? (metrics.first?.name ?? "") : parts.joined(separator: " / ")
  }

  /// The metrics a chart draws: every numeric metric but the change columns of `vs` and
  /// `trend` (their previous values are drawn beside their metric, `previous(of:)`).
  var charted: [ResultTable.Column] {
    let names = Set(metrics.map(\.name))
    return metrics.filter { m in
      !ResultTable.derivedSuffixes.contains { m.name.hasSuffix($0) && names.contains(String(m.name.dropLast($0.count))) }
    }
  }

  /// The previous period's values of a metric in a `vs` result.
  func previous(of metric: ResultTable.Column) -> ResultTable.Column? { metrics.first { $0.name == metric.name + "_prev" } }

  /// A column's heading in the page or terminal (short aged-balance buckets, French names).
  func heading(_ column: ResultTable.Column, _ locale: NumberLocale) -> String { ColumnHeading.text(column.name, in: table, locale: locale) }


  /// A metric's series for a line chart: its groups, then, in a `vs` result, the previous
  /// period's as more groups named `<group> prev` (`current` groups are the metric's own). With
  /// no dimension beside the grain, a group is named after the metric's heading.
  func lines(of metric: ResultTable.Column, _ locale: NumberLocale) -> (buckets: [String], groups: [String], values: [[Double?]], current: Int) {
    var (buckets, groups, values) = series(of: metric)
    let current = groups.count
    if let previous = previous(of: metric) {
      let before = series(of: previous)
      groups += before.groups
      values += before.values
    }
    let word = locale == .fr ? "préc." : "prev"
    groups = groups.enumerated().map { g, name in
      (dimensions.count > 1 ? name : heading(metric, locale)) + (g < current ? "" : " " + word)
    }
    return (buckets, groups, values, current)
  }

  /// A time series: the buckets (first dimension) in order, the groups (the other dimensions)
  /// in order, and a metric of each group at each bucket (nil when missing or n/a).
  func series(of metric: ResultTable.Column?) -> (buckets: [String], groups: [String], values: [[Double?]]) {
    var buckets: [String] = []
    var groups: [String] = []
    var bucketIndex: [String: Int] = [:]
    var groupIndex: [String: Int] = [:]
    var cells: [(Int, Int, Double?)] = []
    for r in 0..<table.rowCount {
      let bucket = table.columns[0].values[r].description
      let group = dimensions.count > 1 ? label(r, skipping: 1) : (metric?.name ?? "")
      let b = bucketIndex[bucket] ?? { buckets.append(bucket); bucketIndex[bucket] = buckets.count - 1; return buckets.count - 1 }()
      let g = groupIndex[group] ?? { groups.append(group); groupIndex[group] = groups.count - 1; return groups.count - 1 }()
      cells.append((g, b, metric?.values[r].doubleValue))
    }
    var values = Array(repeating: [Double?](repeating: nil, count: buckets.count), count: groups.count)
    for (g, b, v) in cells { values[g][b] = v }
    return (buckets, groups, values)
  }

  /// The first metric column as numbers (nil for n/a).
  var values: [Double?] { metrics.first?.values.map(\.doubleValue) ?? [] }
}
