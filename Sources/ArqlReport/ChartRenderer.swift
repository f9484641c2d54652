import ArqlEngine

/// Charts drawn with characters: bars, stacked bars, a line chart with axes, sparklines.
/// Colour (ANSI) only when the options allow it; ASCII characters without Unicode.
public struct ChartRenderer: Sendable {
  public var options: RenderOptions

  public init(options: RenderOptions) { self.options = options }

  /// Errors a chart can have: the result does not have the shape it needs.
  public struct ShapeError: Error, CustomStringConvertible {
    public let description: String
  }

  public func render(_ table: ResultTable, _ kind: ChartKind) throws -> String {
    let data = ChartData(table: table)
    guard !data.metrics.isEmpty else { throw ShapeError(description: "a chart needs a numeric metric column") }
    var lines: [String]
    switch kind {
    case .bar: lines = bars(data)
    case .stacked: lines = stacked(data)
    case .line:
      guard ChartData.isTimeSeries(table) else { throw ShapeError(description: "chart line needs a time grain first: by month, ...") }
      lines = lineChart(data)
    case .spark:
      guard ChartData.isTimeSeries(table) else { throw ShapeError(description: "chart spark needs a time grain first: by month, ...") }
      lines = sparks(data)
    }
    if options.footer { lines += TableRenderer(options: options).footer(table) }
    return lines.joined(separator: "\n")
  }

  var width: Int { max(40, min(options.width ?? 100, 160)) }

  func paint(_ text: String, _ code: String?) -> String {
    guard options.color, let code else { return text }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }

  func format(_ value: ResultValue, _ unit: MetricUnit?) -> String { ValueFormatter.human(value, unit: unit, locale: options.locale) }

  /// A bar of `cells` (fractional, in character cells) with eighth blocks.
  func bar(_ cells: Double) -> String {
    guard cells > 0 else { return "" }
    guard options.unicode else { return String(repeating: "#", count: Int(cells.rounded())) }
    let eighths = Int((cells * 8).rounded())
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
    return String(repeating: "█", count: eighths / 8) + partial
  }

  /// One block of bars per metric (every metric of a multi-metric result), with the previous
  /// period's bar under each row of a `vs` result.
  func bars(_ data: ChartData) -> [String] {
    eachMetric(data) { metric, k in bars(data, metric, previous: data.previous(of: metric), memo: k == 0 ? data.table.memo : []) }
  }

  /// One chart per charted metric (the `k`th), a blank line between them.
  func eachMetric(_ data: ChartData, _ draw: (ResultTable.Column, Int) -> [String]) -> [String] {
    var lines: [String] = []
    for (k, metric) in data.charted.enumerated() {
      if k > 0 { lines.append("") }
      lines += draw(metric, k)
    }
    return lines
  }

  /// One bar per row: label, bar, value; negative values drawn apart, left of the axis.
  func bars(_ data: ChartData, _ metric: ResultTable.Column, previous: ResultTable.Column?, memo: [ResultTable.MemoLine]) -> [String] {
    let values = metric.values.map(\.doubleValue)
    let before = previous?.values.map(\.doubleValue) ?? []
    let fitted = ChartRenderer.fitted((0..<data.table.rowCount).map { data.label($0) })
    // Rows and memo lines share one label column.
    let labelWidth = max(fitted.first?.count ?? 0, memo.map(\.label.count).max() ?? 0)
    let labels = fitted.map { $0.padding(toLength: labelWidth, withPad: " ", startingAt: 0) }
    let shown = (0..<data.table.rowCount).map { format(metric.values[$0], metric.unit) }
    let shownBefore = (previous?.values ?? []).map { format($0, metric.unit) }
    let valueWidth = (shown + shownBefore).map(\.count).max() ?? 0
    let room = Double(max(10, width - labelWidth - valueWidth - 4))
    let top = ((values + before).compactMap { $0.map(abs) } + memo.compactMap { $0.value.doubleValue.map(abs) }).max() ?? 0
    // A payer class next to the metric colours its bar.
    let classes = data.table.columns.first { $0.role == .metric && $0.unit == .text }
    let shade = options.unicode ? "░" : "."
    var lines = [data.heading(metric, options.locale) + (previous == nil ? "" : options.locale == .fr ? "  (\(shade) période précédente)" : "  (\(shade) previous period)")]
    for r in 0..<data.table.rowCount {
      let v = values[r] ?? 0
      let cells = top > 0 ? abs(v) / top * room : 0
      let color = classes.flatMap { TableRenderer.color($0, row: r) } ?? TableRenderer.color(metric, row: r)
      let drawn = v < 0 ? paint(bar(cells), "31") : paint(bar(cells), color)
      let axis = options.unicode ? "│" : "|"
      lines.append(labels[r] + " \(axis)" + (v < 0 ? "-" : "") + drawn + " " + shown[r])
      if previous != nil, r < before.count {
        let p = before[r] ?? 0
        let length = Int((top > 0 ? abs(p) / top * room : 0).rounded())
        lines.append(String(repeating: " ", count: labelWidth) + " \(axis)" + (p < 0 ? "-" : "") + String(repeating: shade, count: length) + " " + shownBefore[r])
      }
    }
    // Beside the rows (a forecast's late vs forecast line): shaded bars under a rule.
    if !memo.isEmpty {
      let width = labelWidth
      lines.append(String(repeating: options.unicode ? "┄" : "-", count: width + 2))
      for line in memo {
        let v = abs(line.value.doubleValue ?? 0)
        let cells = top > 0 ? v / top * room : 0
        let shade = options.unicode ? String(repeating: "░", count: Int(cells.rounded())) : String(repeating: ".", count: Int(cells.rounded()))
        lines.append(line.label.padding(toLength: width, withPad: " ", startingAt: 0) + " " + (options.unicode ? "┆" : ":")
          + shade + " " + format(line.value, metric.unit))
      }
    }
    return lines
  }

  /// One bar per row split by the metric columns (an aged balance's buckets), with a legend.
  func stacked(_ data: ChartData) -> [String] {
    let parts = data.metrics.filter { !$0.name.hasSuffix("_total") && !$0.name.hasSuffix("_unapplied") }
    let labels = ChartRenderer.fitted((0..<data.table.rowCount).map { data.label($0) })
    let labelWidth = labels.first?.count ?? 0
    let totals = (0..<data.table.rowCount).map { r in parts.reduce(0.0) { $0 + max(0, $1.values[r].doubleValue ?? 0) } }
    let top = totals.max() ?? 0
    // The figure beside each bar is the table's total (unapplied credits included), not the bar's length.
    let totalColumn = data.metrics.first { $0.name.hasSuffix("_total") }
    let room = Double(max(10, width - labelWidth - 16))
    let marks = options.unicode ? ["█", "▓", "▒", "░", "▚", "▞", "▦", "▩"] : ["#", "=", "+", "-", "o", "x", "%", "@"]
    func color(_ c: Int) -> String? { TableRenderer.bucketColor(parts[c].name) }
    var lines: [String] = []
    for r in 0..<data.table.rowCount {
      var drawn = ""
      var used = 0.0
      for (c, column) in parts.enumerated() {
        let cells = top > 0 ? max(0, column.values[r].doubleValue ?? 0) / top * room : 0
        let start = Int(used.rounded())
        used += cells
        let count = Int(used.rounded()) - start
        drawn += paint(String(repeating: marks[c % marks.count], count: count), color(c))
      }
      let total = totalColumn.map { format($0.values[r], $0.unit) } ?? format(.number(totals[r]), parts.first?.unit)
      lines.append(labels[r] + " " + (options.unicode ? "│" : "|") + drawn + " " + total)
    }
    lines.append("")
    lines.append(parts.enumerated().map { c, column in paint(marks[c % marks.count], color(c)) + " " + data.heading(column, options.locale) }
      .joined(separator: "  "))
    return lines
  }

  /// A line chart per metric (with its previous period as more lines in a `vs` result).
  func lineChart(_ data: ChartData) -> [String] { eachMetric(data) { metric, _ in lineChart(data, metric) } }

  /// A line per group over the time buckets, on a grid with a value axis and the buckets below.
  func lineChart(_ data: ChartData, _ metric: ResultTable.Column) -> [String] {
    let (buckets, groups, series, _) = data.lines(of: metric, options.locale)
    let all = series.flatMap { $0.compactMap { $0 } }
    guard let low = all.min(), let high = all.max() else { return [data.heading(metric, options.locale), "(no values)"] }
    let height = 10
    let axisLabels = [high, (high + low) / 2, low].map { format(.number($0), metric.unit) }
    let axisWidth = axisLabels.map(\.count).max() ?? 0
    let step = max(2, min(8, (width - axisWidth - 2) / max(1, buckets.count)))
    let columns = step * max(1, buckets.count - 1) + 1
    var grid = Array(repeating: Array(repeating: " ", count: columns), count: height)
    let markers = options.unicode ? ["●", "◆", "▲", "■", "○", "◇"] : ["*", "o", "+", "x", "#", "@"]
    let span = high - low
    func row(_ v: Double) -> Int { span == 0 ? height / 2 : height - 1 - Int(((v - low) / span * Double(height - 1)).rounded()) }
    for (g, values) in series.enumerated() {
      var previous: (Int, Int)? = nil
      for (b, value) in values.enumerated() {
        guard let value else {
          previous = nil
          continue
        }
        let x = b * step
        let y = row(value)
        if let (px, py) = previous {
          for x2 in (px + 1)..<x {  // the segment between two points
            let t = Double(x2 - px) / Double(x - px)
            let y2 = Int((Double(py) + (Double(y - py) * t)).rounded())
            if grid[y2][x2] == " " { grid[y2][x2] = options.unicode ? "·" : "." }
          }
        }
        grid[y][x] = markers[g % markers.count]
        previous = (x, y)
      }
    }
    var lines = [data.heading(metric, options.locale)]
    let bar = options.unicode ? "┤" : "|"
    for (r, cells) in grid.enumerated() {
      let label = r == 0 ? axisLabels[0] : r == height / 2 ? axisLabels[1] : r == height - 1 ? axisLabels[2] : ""
      lines.append(String(repeating: " ", count: axisWidth - label.count) + label + " " + bar + cells.joined())
    }
    lines.append(String(repeating: " ", count: axisWidth + 1) + (options.unicode ? "└" : "+") + String(repeating: options.unicode ? "─" : "-", count: columns))
    let first = buckets.first ?? ""
    let last = buckets.last ?? ""
    let gap = max(1, columns - first.count - last.count + 1)
    lines.append(String(repeating: " ", count: axisWidth + 2) + first + (buckets.count > 1 ? String(repeating: " ", count: gap) + last : ""))
    if groups.count > 1 || !(groups.first ?? "").isEmpty && groups.first != data.heading(metric, options.locale) {
      lines.append(groups.enumerated().map { g, name in markers[g % markers.count] + " " + name }.joined(separator: "  "))
    }
    return lines
  }

  /// Sparklines of every metric.
  func sparks(_ data: ChartData) -> [String] { eachMetric(data) { metric, _ in sparks(data, metric) } }

  /// One sparkline per group: a metric over the buckets, with its first, last, low and high.
  func sparks(_ data: ChartData, _ metric: ResultTable.Column) -> [String] {
    let (buckets, groups, series) = data.series(of: metric)
    let rows: [[String]] = zip(groups, series).map { group, values in
      let present = values.compactMap { $0 }
      let text: (Double?) -> String = { $0.map { format(.number($0), metric.unit) } ?? "n/a" }
      return [group, Sparkline.draw(values, unicode: options.unicode), text(present.first), text(present.last), text(present.min()),
              text(present.max())]
    }
    let header = [data.dimensions.dropFirst().map(\.name).joined(separator: " / "), "\(data.heading(metric, options.locale)) \(buckets.first ?? "")..\(buckets.last ?? "")",
                  "first", "last", "low", "high"]
    let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
    func line(_ cells: [String]) -> String {
      cells.indices.map { c in c >= 2 ? String(repeating: " ", count: widths[c] - cells[c].count) + cells[c]
        : cells[c] + String(repeating: " ", count: widths[c] - cells[c].count) }.joined(separator: "  ")
    }
    return [line(header)] + rows.map(line)
  }

  /// Row labels cut at 30 characters (with …) and padded to one width.
  static func fitted(_ labels: [String]) -> [String] {
    let width = min(30, labels.map(\.count).max() ?? 0)
    return labels.map { label in
      let cut = label.count > width ? String(label.prefix(width - 1)) + "…" : label
      return cut.padding(toLength: width, withPad: " ", startingAt: 0)
    }
  }
}

/// `▁▂▃▄▅▆▇█` from values (a space for n/a).
public enum Sparkline {
  public static func draw(_ values: [Double?], unicode: Bool = true) -> String {
    let present = values.compactMap { $0 }
    guard let low = present.min(), let high = present.max() else { return String(repeating: " ", count: values.count) }
    let levels = unicode ? Array("▁▂▃▄▅▆▇█") : Array("_.-=+*#@")
    return String(values.map { value -> Character in
      guard let value else { return " " }
      let t = high == low ? 0.5 : (value - low) / (high - low)
      return levels[min(levels.count - 1, Int((t * Double(levels.count - 1)).rounded()))]
    })
  }
}
