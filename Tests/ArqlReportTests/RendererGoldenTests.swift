import ArqlEngine
import ArqlLedger
import ArqlReport
import Foundation
import Testing

/// Every renderer on fixed result tables, compared with the files of Golden/ (RECORD=1
/// re-records them): box tables in Unicode and ASCII, with colour, in French, narrow and
/// capped; the machine formats; the terminal charts; the SVG charts and the HTML page.
@Suite("Renderers: golden outputs on fixed tables")
struct RendererGoldenTests {
  static let cases = [
    "table_unicode", "table_ascii", "table_color", "table_fr", "table_narrow", "table_maxrows", "table_elapsed",
    "csv", "tsv", "json", "jsonl", "markdown", "html",
    "chart_bar", "chart_bar_ascii", "chart_bar_color", "chart_stacked", "chart_stacked_color", "chart_line", "chart_line_ascii",
    "chart_spark", "svg_bars", "svg_stacked", "svg_line", "report_html", "chart_bar_memo", "svg_bars_memo", "json_memo",
  ]

  /// A forecast-like series with the lines beside its bars.
  static var withMemo: ResultTable {
    var t = Fixture.byDivision
    t.memo = [ResultTable.MemoLine(label: "late vs forecast", value: .money(10_000_000)),
              ResultTable.MemoLine(label: "excluded (legal)", value: .money(1_234_500))]
    return t
  }

  static func render(_ name: String) throws -> String {
    let t = Fixture.byDivision
    switch name {
    case "table_unicode": return ResultRenderer.render(t, as: .table)
    case "table_ascii": return ResultRenderer.render(t, as: .ascii)
    case "table_color": return ResultRenderer.render(Fixture.aging, as: .table, options: RenderOptions(color: true))
    case "table_fr": return ResultRenderer.render(t, as: .table, options: RenderOptions(locale: .fr))
    case "table_narrow": return ResultRenderer.render(t, as: .table, options: RenderOptions(width: 50))
    case "table_maxrows": return ResultRenderer.render(t, as: .table, options: RenderOptions(maxRows: 2))
    case "table_elapsed": return ResultRenderer.render(t, as: .table, options: RenderOptions(elapsed: 0.0123))
    case "csv": return ResultRenderer.render(t, as: .csv)
    case "tsv": return ResultRenderer.render(t, as: .tsv)
    case "json": return ResultRenderer.render(t, as: .json)
    case "jsonl": return ResultRenderer.render(t, as: .jsonl)
    case "markdown": return ResultRenderer.render(t, as: .markdown)
    case "html": return ResultRenderer.render(t, as: .html)
    case "chart_bar": return try ChartRenderer(options: RenderOptions(width: 80)).render(t, .bar)
    case "chart_bar_memo": return try ChartRenderer(options: RenderOptions(width: 80)).render(withMemo, .bar)
    case "json_memo": return ResultRenderer.render(withMemo, as: .json)
    case "chart_bar_ascii": return try ChartRenderer(options: RenderOptions(unicode: false, width: 80)).render(t, .bar)
    case "chart_bar_color": return try ChartRenderer(options: RenderOptions(color: true, width: 80)).render(Fixture.classes, .bar)
    case "chart_stacked": return try ChartRenderer(options: RenderOptions(width: 80)).render(Fixture.aging, .stacked)
    case "chart_stacked_color": return try ChartRenderer(options: RenderOptions(color: true, width: 80)).render(Fixture.aging, .stacked)
    case "chart_line": return try ChartRenderer(options: RenderOptions(width: 80)).render(Fixture.series, .line)
    case "chart_line_ascii": return try ChartRenderer(options: RenderOptions(unicode: false, width: 80)).render(Fixture.series, .line)
    case "chart_spark": return try ChartRenderer(options: RenderOptions(width: 80)).render(Fixture.series, .spark)
    case "svg_bars": return SVGChart.render(t) ?? "(none)"
    case "svg_bars_memo": return SVGChart.render(withMemo) ?? "(none)"
    case "svg_stacked": return SVGChart.render(Fixture.aging) ?? "(none)"
    case "svg_line": return SVGChart.render(Fixture.series) ?? "(none)"
    case "report_html":
      var report = HTMLReport(title: "Weekly <report>", subtitle: "As of 2025-03-31", parameters: [("div", "North")])
      report.sections = [.heading("Position"), .result(t, caption: "balance by division"), .result(Fixture.aging, caption: "aged_balance by division"),
                         .heading("Trend"), .result(Fixture.series, caption: "collected by month, division")]
      return report.render()
    default: throw Fixture.Unknown(name: name)
    }
  }

  @Test("golden output", arguments: cases)
  func golden(name: String) throws {
    let text = try Self.render(name)
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt").path
    if ProcessInfo.processInfo.environment["RECORD"] == "1" { try text.write(toFile: path, atomically: true, encoding: .utf8) }
    let expected = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == expected)
  }

  @Test("box tables: numbers right-aligned per unit, n/a, negatives, the footer, flags and notes")
  func tableDetails() {
    let text = ResultRenderer.render(Fixture.byDivision, as: .table)
    #expect(text.contains("│ East         │ 157,540.46 │ 68.6 │        33.2 % │         78 │ amber         │"))
    #expect(text.contains("│ North        │  -1,234.50 │ n/a¹ │"))
    #expect(text.contains("3 rows · flags: MISSING_DUE_DATE, NO_SALES · window 2025-01-01..2025-03-31 (90 days) · as of 2025-03-31 (latest posting date)"))
    // The flag of a cell has a footnote marker; a flag of the whole result has none.
    #expect(text.contains("\n¹ NO_SALES: no net sales"))
    #expect(text.contains("\nMISSING_DUE_DATE: 1 document"))
    #expect(ResultRenderer.render(Fixture.byDivision, as: .ascii).contains("n/a(1)"))
    #expect(ResultRenderer.render(Fixture.byDivision, as: .html).contains("n/a<sup title=\"NO_SALES\">1</sup>"))
    #expect(text.contains("note: a note"))
  }

  @Test("a narrow terminal leaves columns out and says which")
  func narrow() {
    let text = ResultRenderer.render(Fixture.byDivision, as: .table, options: RenderOptions(width: 50))
    let lines = text.components(separatedBy: "\n")
    #expect(lines.prefix(6).allSatisfy { $0.count <= 50 })
    #expect(text.contains("more columns: "))
  }

  @Test("French: 1 234,56 €, 12,5 %, 31/03/2025; machine formats unchanged")
  func french() {
    let text = ResultRenderer.render(Fixture.byDivision, as: .table, options: RenderOptions(locale: .fr))
    #expect(text.contains("157\u{202F}540,46 €"))
    #expect(text.contains("33,2\u{202F}%"))
    #expect(text.contains("au 31/03/2025"))
    for format in [OutputFormat.csv, .tsv, .json, .jsonl] {
      let french = ResultRenderer.render(Fixture.byDivision, as: format, options: RenderOptions(locale: .fr))
      #expect(french == ResultRenderer.render(Fixture.byDivision, as: format), "\(format)")
      #expect(french.contains("157540.46"), "\(format)")
    }
  }

  @Test("colour only when asked: payer classes and aging buckets")
  func color() throws {
    #expect(!ResultRenderer.render(Fixture.aging, as: .table).contains("\u{1B}["))
    let painted = ResultRenderer.render(Fixture.aging, as: .table, options: RenderOptions(color: true))
    #expect(painted.contains("\u{1B}[31m"))  // over 120 days in red
    #expect(painted.contains("\u{1B}[32m"))  // current in green
    let classes = try ChartRenderer(options: RenderOptions(color: true)).render(Fixture.classes, .bar)
    #expect(classes.contains("\u{1B}["))
  }

  @Test("a trend gets a sparkline column: each group's series")
  func trendSparkline() {
    var t = Fixture.series
    t.columns.append(ResultTable.Column(name: "collected_trend_change", role: .metric, unit: .money,
                                        values: Array(repeating: .null, count: t.rowCount)))
    let text = ResultRenderer.render(t, as: .table)
    #expect(text.contains("│ collected trend │"))
    #expect(text.contains("│ 2025-01 │ East     │ 12,000.00 │                    n/a │ ▃▆▁▅█▆          │"))
    #expect(text.contains("▂▁ ▆█▇"))  // North, without March
    #expect(!ResultRenderer.render(t, as: .csv).contains("▃"))  // machine formats stay raw
  }

  @Test("charts that do not suit the result say why")
  func shapes() {
    #expect(throws: ChartRenderer.ShapeError.self) { try ChartRenderer(options: RenderOptions()).render(Fixture.byDivision, .line) }
    #expect(ChartKind.natural(for: Fixture.series) == .line)
    #expect(ChartKind.natural(for: Fixture.aging) == .stacked)
    #expect(ChartKind.natural(for: Fixture.byDivision) == .bar)
    #expect(Sparkline.draw([1, 2, 3, nil, 8]) == "▁▂▃ █")
  }
}
