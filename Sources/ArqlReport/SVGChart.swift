import ArqlEngine
import Foundation

/// A result drawn as inline SVG where its shape suits one: lines for a time series, stacked
/// bars for an aged balance, bars for values by category. No script, no external resource.
public enum SVGChart {
  static let palette = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#319795", "#718096", "#b7791f"]

  /// The chart of a result, or nil when it has no suitable shape.
  public static func render(_ table: ResultTable, locale: NumberLocale = .en) -> String? {
    let data = ChartData(table: table)
    guard !data.metrics.isEmpty, table.rowCount > 0 else { return nil }
    // Every metric is drawn (a multi-metric or `vs` result gets one chart per metric).
    if ChartData.isTimeSeries(table) { return data.charted.map { line(data, $0, locale) }.joined(separator: "\n") }
    if ChartKind.natural(for: table) == .stacked { return stacked(data, locale) }
    guard table.rowCount <= 40 else { return nil }
    return data.charted.enumerated().map { k, metric in bars(data, metric, memo: k == 0 ? table.memo : [], locale) }.joined(separator: "\n")
  }

  static func text(_ s: String) -> String { HTMLTable.escape(s) }

  static func number(_ d: Double) -> String { String(format: "%.1f", d) }

  /// Horizontal bars of one metric, one per row in the table's order, each labelled with its
  /// table value; a `vs` result's previous value is a grey bar under it.
  static func bars(_ data: ChartData, _ metric: ResultTable.Column, memo: [ResultTable.MemoLine], _ locale: NumberLocale) -> String {
    let rows = data.table.rowCount
    let values = metric.values.map { $0.doubleValue ?? 0 }
    let previous = data.previous(of: metric)
    let before = previous?.values.map { $0.doubleValue ?? 0 } ?? []
    let top = ((values + before).map(abs) + memo.compactMap { $0.value.doubleValue.map(abs) }).max() ?? 0
    let labelWidth = 160.0
    let plot = 420.0
    let rowHeight = previous == nil ? 22.0 : 34.0
    let height = Double(rows) * rowHeight + Double(memo.count) * 22 + 30 + (memo.isEmpty ? 0 : 6)
    let title = data.heading(metric, locale) + (previous == nil ? "" : locale == .fr ? " (gris : période précédente)" : " (grey: previous period)")
    var svg = "<svg class=\"chart bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(labelWidth + plot + 110))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(text(title))\">"
    svg += "<text x=\"0\" y=\"14\" class=\"title\">\(text(title))</text>"
    for r in 0..<rows {
      let y = 24 + Double(r) * rowHeight
      let w = top > 0 ? abs(values[r]) / top * plot : 0
      let color = values[r] < 0 ? "#c53030" : (TableRenderer.color(metric, row: r).map(color(for:)) ?? palette[0])
      let label = String(data.label(r).prefix(24))
      svg += "<text x=\"\(number(labelWidth - 6))\" y=\"\(number(y + 14))\" text-anchor=\"end\">\(text(label))</text>"
      svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(w))\" height=\"16\" fill=\"\(color)\"/>"
      svg += "<text x=\"\(number(labelWidth + w + 4))\" y=\"\(number(y + 14))\">\(text(ValueFormatter.human(metric.values[r], unit: metric.unit, locale: locale)))</text>"
      if let previous, r < before.count {
        let pw = top > 0 ? abs(before[r]) / top * plot : 0
        svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 21))\" width=\"\(number(pw))\" height=\"9\" fill=\"#a0aec0\"/>"
        svg += "<text x=\"\(number(labelWidth + pw + 4))\" y=\"\(number(y + 30))\" class=\"previous\">\(text(ValueFormatter.human(previous.values[r], unit: metric.unit, locale: locale)))</text>"
      }
    }
    // Beside the rows (a forecast's late vs forecast line): hatched grey bars under a rule.
    for (k, line) in memo.enumerated() {
      let y = 30 + Double(rows) * rowHeight + Double(k) * 22
      let v = abs(line.value.doubleValue ?? 0)
      let w = top > 0 ? v / top * plot : 0
      if k == 0 { svg += "<line x1=\"0\" y1=\"\(number(y))\" x2=\"\(number(labelWidth + plot))\" y2=\"\(number(y))\" class=\"axis\" stroke-dasharray=\"4 3\"/>" }
      svg += "<text x=\"\(number(labelWidth - 6))\" y=\"\(number(y + 14))\" text-anchor=\"end\">\(text(line.label))</text>"
      svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(w))\" height=\"16\" fill=\"#cbd5e0\" stroke=\"#718096\" stroke-dasharray=\"3 2\"/>"
      svg += "<text x=\"\(number(labelWidth + w + 4))\" y=\"\(number(y + 14))\">\(text(ValueFormatter.human(line.value, unit: metric.unit, locale: locale)))</text>"
    }
    return svg + "</svg>"
  }

  static func color(for ansi: String) -> String { ansi == "32" ? "#38a169" : ansi == "33" ? "#d69e2e" : "#c53030" }

  /// Horizontal bars split by bucket (the aged balance's columns), with a legend.
  static func stacked(_ data: ChartData, _ locale: NumberLocale) -> String {
    let parts = data.metrics.filter { !$0.name.hasSuffix("_total") && !$0.name.hasSuffix("_unapplied") }
    let rows = data.table.rowCount
    let totals = (0..<rows).map { r in parts.reduce(0.0) { $0 + max(0, $1.values[r].doubleValue ?? 0) } }
    let top = totals.max() ?? 0
    // The label beside each bar is the table's total (unapplied credits included).
    let totalColumn = data.metrics.first { $0.name.hasSuffix("_total") }
    let labelWidth = 160.0
    let plot = 420.0
    let rowHeight = 24.0
    let legendHeight = 22.0 * Double((parts.count + 2) / 3)
    let height = Double(rows) * rowHeight + 30 + legendHeight
    let shades = ["#38a169", "#9ae6b4", "#f6e05e", "#ed8936", "#e53e3e", "#9b2c2c", "#718096", "#4a5568"]
    var svg = "<svg class=\"chart stacked\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(labelWidth + plot + 110))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"aged balance\">"
    for r in 0..<rows {
      let y = 10 + Double(r) * rowHeight
      var x = labelWidth
      svg += "<text x=\"\(number(labelWidth - 6))\" y=\"\(number(y + 15))\" text-anchor=\"end\">\(text(String(data.label(r).prefix(24))))</text>"
      for (c, column) in parts.enumerated() {
        let w = top > 0 ? max(0, column.values[r].doubleValue ?? 0) / top * plot : 0
        guard w > 0 else { continue }
        svg += "<rect x=\"\(number(x))\" y=\"\(number(y + 3))\" width=\"\(number(w))\" height=\"\(number(rowHeight - 6))\" fill=\"\(shades[c % shades.count])\"><title>\(text(data.heading(column, locale))): \(text(ValueFormatter.human(column.values[r], unit: column.unit, locale: locale)))</title></rect>"
        x += w
      }
      let total = totalColumn.map { ValueFormatter.human($0.values[r], unit: $0.unit, locale: locale) }
        ?? ValueFormatter.human(.number(totals[r]), unit: parts.first?.unit, locale: locale)
      svg += "<text x=\"\(number(x + 4))\" y=\"\(number(y + 15))\">\(text(total))</text>"
    }
    for (c, column) in parts.enumerated() {
      let x = Double(c % 3) * 200
      let y = Double(rows) * rowHeight + 20 + Double(c / 3) * 22
      svg += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"12\" height=\"12\" fill=\"\(shades[c % shades.count])\"/>"
      svg += "<text x=\"\(number(x + 16))\" y=\"\(number(y + 11))\">\(text(data.heading(column, locale)))</text>"
    }
    return svg + "</svg>"
  }

  /// A line per group over the time buckets, with axes and a legend; a `vs` result's previous
  /// period as dashed lines.
  static func line(_ data: ChartData, _ metric: ResultTable.Column, _ locale: NumberLocale) -> String {
    let (buckets, groups, series, current) = data.lines(of: metric, locale)
    let all = series.flatMap { $0.compactMap { $0 } }
    let low = min(0, all.min() ?? 0)
    let high = max(all.max() ?? 1, low + 1)
    let (left, top, width, height) = (80.0, 24.0, 520.0, 200.0)
    func x(_ b: Int) -> Double { left + (buckets.count > 1 ? Double(b) / Double(buckets.count - 1) * width : width / 2) }
    func y(_ v: Double) -> Double { top + height - (v - low) / (high - low) * height }
    let legendHeight = groups.count > 1 ? 22.0 * Double((groups.count + 2) / 3) : 0
    let title = data.heading(metric, locale)
    var svg = "<svg class=\"chart line\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(left + width + 40))\" height=\"\(Int(top + height + 40 + legendHeight))\" role=\"img\" aria-label=\"\(text(title))\">"
    svg += "<text x=\"0\" y=\"14\" class=\"title\">\(text(title))</text>"
    svg += "<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(top + height))\" class=\"axis\"/>"
    svg += "<line x1=\"\(number(left))\" y1=\"\(number(top + height))\" x2=\"\(number(left + width))\" y2=\"\(number(top + height))\" class=\"axis\"/>"
    for tick in [low, (low + high) / 2, high] {
      svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y(tick) + 4))\" text-anchor=\"end\">\(text(ValueFormatter.human(.number(tick), unit: metric.unit, locale: locale)))</text>"
    }
    let every = max(1, buckets.count / 6)
    for (b, label) in buckets.enumerated() where b % every == 0 || b == buckets.count - 1 {
      svg += "<text x=\"\(number(x(b)))\" y=\"\(number(top + height + 16))\" text-anchor=\"middle\">\(text(label))</text>"
    }
    for (g, values) in series.enumerated() {
      // A previous period's line is its group's colour, dashed.
      let color = palette[(g < current ? g : g - current) % palette.count]
      let dash = g < current ? "" : " stroke-dasharray=\"5 4\""
      var segment: [String] = []
      func flush() {
        if segment.count > 1 { svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash) points=\"\(segment.joined(separator: " "))\"/>" }
        segment = []
      }
      for (b, value) in values.enumerated() {
        guard let value else {
          flush()
          continue
        }
        segment.append("\(number(x(b))),\(number(y(value)))")
        svg += "<circle cx=\"\(number(x(b)))\" cy=\"\(number(y(value)))\" r=\"3\" fill=\"\(color)\"><title>\(text(groups[g])) \(text(buckets[b])): \(text(ValueFormatter.human(.number(value), unit: metric.unit, locale: locale)))</title></circle>"
      }
      flush()
    }
    if groups.count > 1 {
      for (g, name) in groups.enumerated() {
        let lx = Double(g % 3) * 200
        let ly = top + height + 30 + Double(g / 3) * 22
        svg += "<rect x=\"\(number(lx))\" y=\"\(number(ly))\" width=\"12\" height=\"12\" fill=\"\(palette[(g < current ? g : g - current) % palette.count])\"\(g < current ? "" : " opacity=\"0.5\"")/>"
        svg += "<text x=\"\(number(lx + 16))\" y=\"\(number(ly + 11))\">\(text(name))</text>"
      }
    }
    return svg + "</svg>"
  }
}
