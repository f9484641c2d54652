import ArqlEngine

/// A result as an HTML table: formatted cells for reading, the raw value in `data-value`.
public struct HTMLTable: ResultFormat {
  public var locale: NumberLocale

  public init(locale: NumberLocale = .en) { self.locale = locale }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  public func render(_ table: ResultTable) -> String {
    let markers = TableRenderer.markers(table)
    var html = "<table class=\"result\">\n<thead><tr>"
    html += table.columns.map { "<th class=\"\($0.role == .metric && $0.unit != .text ? "num" : "text")\">\(HTMLTable.escape(ColumnHeading.text($0.name, in: table, locale: locale)))</th>" }.joined()
    html += "</tr></thead>\n<tbody>\n"
    for r in 0..<table.rowCount {
      html += "<tr>"
      for column in table.columns {
        let value = column.values[r]
        let shown = ValueFormatter.human(value, unit: column.unit, locale: locale)
        let raw = ValueFormatter.machine(value, unit: column.unit)
        var classes = [column.role == .metric && column.unit != .text ? "num" : "text"]
        if let color = TableRenderer.color(column, row: r) {
          classes.append(color == "32" ? "good" : color == "33" ? "warn" : "bad")
        }
        let notes = (column.cellFlags[r] ?? []).compactMap { code in markers[code].map { "<sup title=\"\(HTMLTable.escape(code))\">\($0)</sup>" } }.joined()
        html += "<td class=\"\(classes.joined(separator: " "))\" data-value=\"\(HTMLTable.escape(raw))\">\(HTMLTable.escape(shown))\(notes)</td>"
      }
      html += "</tr>\n"
    }
    return html + "</tbody>\n</table>\n"
  }
}
