import ArqlEngine

/// A result one row at a time, one line per column (`.mode vertical`): for rows too wide for
/// the terminal, such as an aged balance or a `vs` comparison. Cells are formatted as in a
/// table for people, with their footnote markers, and the same footer.
public struct VerticalRenderer: ResultFormat {
  public var options: RenderOptions

  public init(options: RenderOptions) { self.options = options }

  public func render(_ table: ResultTable) -> String {
    let locale = options.locale
    let table = TableRenderer.withSparkline(table, unicode: options.unicode)
    let tableRenderer = TableRenderer(options: options)
    let headings = table.columns.map { ColumnHeading.text($0.name, in: table, locale: locale) }
    let width = headings.reduce(0) { max($0, $1.count) }
    let markers = TableRenderer.markers(table)
    let shownRows = options.maxRows.map { min($0, table.rowCount) } ?? table.rowCount
    let rule = options.unicode ? "─" : "-"
    let bar = options.unicode ? "│" : "|"
    var lines: [String] = []
    for r in 0..<shownRows {
      let title = locale == .fr ? " ligne \(r + 1) " : " row \(r + 1) "
      lines.append(String(repeating: rule, count: 2) + title + String(repeating: rule, count: max(2, width + 12 - title.count)))
      let cells = table.columns.map { tableRenderer.cell($0, r, markers: markers) }
      let numeric = table.columns.map { $0.role == .metric && $0.unit != .text }
      // Numbers right-aligned among themselves, so their digits line up.
      let numberWidth = cells.indices.filter { numeric[$0] }.reduce(0) { max($0, cells[$1].count) }
      for c in cells.indices {
        let pad = numeric[c] ? String(repeating: " ", count: numberWidth - cells[c].count) : ""
        lines.append(headings[c] + String(repeating: " ", count: width - headings[c].count) + " \(bar) " + pad + cells[c])
      }
    }
    if shownRows < table.rowCount { lines.append(tableRenderer.moreRows(table.rowCount - shownRows)) }
    if options.footer { lines += tableRenderer.footer(table) }
    return lines.joined(separator: "\n")
  }
}
