import ArqlEngine

/// Every result of a script in one self-contained page: inline CSS and SVG, no script and no
/// network. Headings come from `.print`; each result is a table and, where its shape suits,
/// a chart.
public struct HTMLReport: Sendable {
  /// One part of the page.
  public enum Section: Sendable {
    case heading(String)
    case result(ResultTable, caption: String)
  }

  public var title: String
  public var subtitle: String
  /// Script parameters, shown under the title.
  public var parameters: [(name: String, value: String)]
  public var sections: [Section] = []
  public var locale: NumberLocale

  public init(title: String, subtitle: String = "", parameters: [(name: String, value: String)] = [], locale: NumberLocale = .en) {
    self.title = title
    self.subtitle = subtitle
    self.parameters = parameters
    self.locale = locale
  }

  /// The as-of date its results share ("As of 2025-12-28"), or the range they span, in the
  /// page's locale; `fallback` when it has no result yet.
  public func asOfLine(default fallback: Int32?) -> String? {
    let dates = sections.compactMap { section -> Int32? in
      if case .result(let table, _) = section { return table.asOf }
      return nil
    }
    let fr = locale == .fr
    func day(_ d: Int32) -> String { ValueFormatter.date(ResultText.iso(d), locale) }
    guard let first = dates.min() ?? fallback, let last = dates.max() ?? fallback else { return nil }
    if first == last { return (fr ? "Au " : "As of ") + day(first) }
    return fr ? "Du \(day(first)) au \(day(last)) (chaque section donne sa date)" : "As of \(day(first)) to \(day(last)) (each section gives its own)"
  }

  static let style = """
    body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1a202c; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
    h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #e2e8f0; padding-bottom: .2rem; }
    .meta { color: #4a5568; margin: 0 0 1rem; } .caption { font-family: ui-monospace, Menlo, Consolas, monospace; color: #2d3748; font-size: .85rem; }
    section.result { margin: 1rem 0 1.6rem; } table.result { border-collapse: collapse; margin: .4rem 0; font-variant-numeric: tabular-nums; }
    table.result th, table.result td { border: 1px solid #e2e8f0; padding: .2rem .55rem; } table.result th { background: #f7fafc; text-align: left; }
    .num { text-align: right; } td.good { color: #276749; } td.warn { color: #975a16; } td.bad { color: #9b2c2c; font-weight: 600; }
    .footer { color: #718096; font-size: .8rem; } svg.chart { display: block; margin: .5rem 0; font-size: 11px; } svg .title { font-weight: 600; }
    svg .axis { stroke: #a0aec0; stroke-width: 1; } svg text { fill: #2d3748; } .scroll { overflow-x: auto; }
    """

  /// The page.
  public func render() -> String {
    var html = "<!DOCTYPE html>\n<html lang=\"\(locale == .fr ? "fr" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    html += "<title>\(HTMLTable.escape(title))</title>\n<style>\n\(HTMLReport.style)\n</style>\n</head>\n<body>\n"
    html += "<header>\n<h1>\(HTMLTable.escape(title))</h1>\n"
    if !subtitle.isEmpty { html += "<p class=\"meta\">\(HTMLTable.escape(subtitle))</p>\n" }
    if !parameters.isEmpty {
      html += "<p class=\"meta\">Parameters: " + parameters.map { "<code>\(HTMLTable.escape($0.name)) = \(HTMLTable.escape($0.value))</code>" }
        .joined(separator: ", ") + "</p>\n"
    }
    html += "</header>\n<main>\n"
    for section in sections {
      switch section {
      case .heading(let text):
        html += "<h2>\(HTMLTable.escape(text))</h2>\n"
      case .result(let table, let caption):
        html += "<section class=\"result\">\n<p class=\"caption\">\(HTMLTable.escape(caption))</p>\n"
        if let chart = SVGChart.render(table, locale: locale) { html += chart + "\n" }
        html += "<div class=\"scroll\">" + String(HTMLTable(locale: locale).render(table).dropLast()) + "</div>\n"
        let footer = TableRenderer(options: RenderOptions(unicode: false, locale: locale)).footer(table)
        html += footer.map { "<p class=\"footer\">\(HTMLTable.escape($0))</p>" }.joined(separator: "\n") + "\n</section>\n"
      }
    }
    return html + "</main>\n</body>\n</html>\n"
  }
}
