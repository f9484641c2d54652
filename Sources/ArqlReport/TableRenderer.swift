import ArqlEngine

/// A result as a box table for people: Unicode (or ASCII) borders, text left and numbers
/// right, per-unit formats, colour for payer classes and aging buckets, columns fitted to the
/// terminal, a row cap, and the footer (rows · window · as-of · time), flags and notes.
public struct TableRenderer: ResultFormat {
  public var options: RenderOptions

  public init(options: RenderOptions) { self.options = options }

  struct Border {
    let top: (String, String, String, String)  // left, fill, join, right
    let middle: (String, String, String, String)
    let bottom: (String, String, String, String)
    let vertical: String
  }

  var border: Border {
    options.unicode
      ? Border(top: ("┌", "─", "┬", "┐"), middle: ("├", "─", "┼", "┤"), bottom: ("└", "─", "┴", "┘"), vertical: "│")
      : Border(top: ("+", "-", "+", "+"), middle: ("+", "-", "+", "+"), bottom: ("+", "-", "+", "+"), vertical: "|")
  }

  /// The table's text, lines joined by newlines, without a final newline.
  public func render(_ original: ResultTable) -> String {
    let table = TableRenderer.withSparkline(original, unicode: options.unicode)
    let locale = options.locale
    let shownRows = options.maxRows.map { min($0, table.rowCount) } ?? table.rowCount
    let hiddenRows = table.rowCount - shownRows
    let markers = TableRenderer.markers(table)
    var cells: [[String]] = table.columns.map { column in (0..<shownRows).map { cell(column, $0, markers: markers) } }
    var names = table.columns.map { ColumnHeading.text($0.name, in: table, locale: locale) }
    var numeric = table.columns.map { $0.role == .metric && $0.unit != .text }
    var kept = Array(table.columns.indices)
    // Fit the width: shorten long text first, then leave out metric columns from the right,
    // an aged balance's unapplied column first and its total never (the figure people look for).
    func totalWidth() -> Int { kept.reduce(1) { $0 + width(names[$1], cells[$1]) + 3 } }
    var leftOut: [(Int, String)] = []
    if let limit = options.width, totalWidth() > limit {
      for c in kept where !numeric[c] {
        cells[c] = cells[c].map { $0.count > 24 ? String($0.prefix(23)) + "…" : $0 }
      }
      let droppable = kept.filter { table.columns[$0].role == .metric && !ColumnHeading.isAgingTotal(table.columns[$0].name, in: table) }
      var order = droppable.filter { ColumnHeading.isAgingUnapplied(table.columns[$0].name, in: table) }
      order += droppable.reversed().filter { !order.contains($0) }
      for c in order where totalWidth() > limit && kept.count > 1 {
        leftOut.append((c, names[c]))
        kept.removeAll { $0 == c }
      }
    }
    names = kept.map { names[$0] }
    numeric = kept.map { numeric[$0] }
    let columns = kept.map { table.columns[$0] }
    cells = kept.map { cells[$0] }
    let widths = names.indices.map { width(names[$0], cells[$0]) }
    func rule(_ parts: (String, String, String, String)) -> String {
      parts.0 + widths.map { String(repeating: parts.1, count: $0 + 2) }.joined(separator: parts.2) + parts.3
    }
    func line(_ values: [String], colors: [String?]) -> String {
      let v = border.vertical
      return v + values.indices.map { c in
        let pad = String(repeating: " ", count: widths[c] - values[c].count)
        let text = colors[c].map { options.color ? "\u{1B}[\($0)m\(values[c])\u{1B}[0m" : values[c] } ?? values[c]
        return " " + (numeric[c] ? pad + text : text + pad) + " "
      }.joined(separator: v) + v
    }
    var lines = [rule(border.top), line(names, colors: names.map { _ in nil }), rule(border.middle)]
    for r in 0..<shownRows {
      let row = cells.map { $0[r] }
      lines.append(line(row, colors: columns.indices.map { TableRenderer.color(columns[$0], row: r) }))
    }
    lines.append(rule(border.bottom))
    if hiddenRows > 0 { lines.append(moreRows(hiddenRows)) }
    if !leftOut.isEmpty {
      let shown = leftOut.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: ", ")
      lines.append(locale == .fr
        ? "… \(leftOut.count) colonne\(leftOut.count == 1 ? "" : "s") de plus : \(shown) (un terminal plus large, .mode vertical ou .mode csv les montre toutes)"
        : "… \(leftOut.count) more column\(leftOut.count == 1 ? "" : "s"): \(shown) (a wider terminal, .mode vertical or .mode csv shows all)")
    }
    if options.footer { lines += footer(table) }
    return lines.joined(separator: "\n")
  }

  /// Cell `r` of `column` for people: by its unit, a dimension's dates in the locale, and the
  /// footnote markers of the flags it raised (the legend explains them).
  func cell(_ column: ResultTable.Column, _ r: Int, markers: [String: Int]) -> String {
    let value = column.values[r]
    var text: String
    if column.role == .dimension, case .text(let s) = value {
      text = ValueFormatter.date(s, options.locale)
    } else {
      text = ValueFormatter.human(value, unit: column.unit, locale: options.locale)
    }
    if let codes = column.cellFlags[r] { text += codes.compactMap { markers[$0].map { mark($0) } }.joined(separator: ",") }
    return text
  }

  /// The line under rows cut by the row cap.
  func moreRows(_ hidden: Int) -> String {
    options.locale == .fr ? "… \(hidden) ligne\(hidden == 1 ? "" : "s") de plus (.last les montre toutes)"
      : "… \(hidden) more row\(hidden == 1 ? "" : "s") (.last shows all)"
  }

  /// The footer line, then the flags' legend and the notes.
  public func footer(_ table: ResultTable) -> [String] {
    let locale = options.locale
    let fr = locale == .fr
    let plural: (Int) -> String = { $0 == 1 ? "" : "s" }
    var parts = [fr ? "\(table.rowCount) ligne\(plural(table.rowCount))" : "\(table.rowCount) row\(plural(table.rowCount))"]
    if !table.flags.isEmpty { parts.append((fr ? "signaux : " : "flags: ") + table.flags.keys.sorted().joined(separator: ", ")) }
    if let window = table.window {
      let range = "\(ValueFormatter.date(ResultText.iso(window.first), locale))..\(ValueFormatter.date(ResultText.iso(window.last), locale))"
      parts.append(fr ? "période \(range) (\(window.days) jour\(plural(window.days)))" : "window \(range) (\(window.days) day\(plural(window.days)))")
    }
    let asOf = ValueFormatter.date(ResultText.iso(table.asOf), locale)
    parts.append(fr ? "au \(asOf) (\(TableRenderer.french(asOfSource: table.asOfSource)))" : "as of \(asOf) (\(table.asOfSource))")
    if let elapsed = options.elapsed { parts.append(TableRenderer.duration(elapsed)) }
    let markers = TableRenderer.markers(table)
    let legend = table.flags.keys.sorted().map { code in (markers[code].map { mark($0) + " " } ?? "") + "\(code): \(table.flags[code] ?? "")" }
    return [parts.joined(separator: " · ")] + legend + table.notes.map { (fr ? "remarque : " : "note: ") + $0 }
  }

  /// Why the as-of date, in French.
  static func french(asOfSource: String) -> String {
    switch asOfSource {
    case "latest posting date": return "dernière date comptable"
    case "as of clause": return "clause as of"
    case "session setting": return "réglage de la session"
    case "today: the ledger is empty": return "aujourd'hui : le grand livre est vide"
    default: return asOfSource
    }
  }

  /// A `trend` result gets a sparkline column: each group's series of the first metric, on
  /// every row of the group.
  static func withSparkline(_ table: ResultTable, unicode: Bool) -> ResultTable {
    guard ChartData.isTimeSeries(table), table.columns.contains(where: { $0.name.hasSuffix("_trend_change") }),
      let metric = table.columns.first(where: { $0.role == .metric && $0.unit != .text })
    else { return table }
    let dimensions = table.columns.indices.filter { table.columns[$0].role == .dimension }.dropFirst()
    func group(_ r: Int) -> String { dimensions.map { table.columns[$0].values[r].description }.joined(separator: "\u{1F}") }
    var series: [String: [Double?]] = [:]
    for r in 0..<table.rowCount { series[group(r), default: []].append(metric.values[r].doubleValue) }
    let lines = series.mapValues { Sparkline.draw($0, unicode: unicode) }
    var result = table
    result.columns.append(ResultTable.Column(name: "\(metric.name) trend", role: .metric, unit: .text,
                                             values: (0..<table.rowCount).map { .text(lines[group($0)] ?? "") }))
    return result
  }

  /// The number of each flag some cell carries, in flag order.
  static func markers(_ table: ResultTable) -> [String: Int] {
    let codes = Set(table.columns.flatMap { $0.cellFlags.values.flatMap { $0 } }).sorted()
    return Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0 + 1) })
  }

  /// A footnote marker: superscript digits, or `(n)` in ASCII.
  func mark(_ n: Int) -> String {
    guard options.unicode else { return "(\(n))" }
    let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return String(String(n).compactMap { $0.wholeNumberValue.map { superscripts[$0] } })
  }

  /// `12 ms`, `1.4 s`.
  static func duration(_ seconds: Double) -> String {
    seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
  }

  func width(_ name: String, _ values: [String]) -> Int { values.reduce(name.count) { max($0, $1.count) } }

  /// The ANSI colour of a cell: payer classes in their colour, aging buckets by how late.
  static func color(_ column: ResultTable.Column, row: Int) -> String? {
    let value = column.values[row]
    if case .text(let s) = value, column.role == .metric {
      switch s {
      case "green": return "32"
      case "amber": return "33"
      case "red": return "31"
      default: return nil
      }
    }
    guard column.role == .metric, value != .null, value != .money(0), value != .integer(0) else { return nil }
    return bucketColor(column.name)
  }

  /// The colour of an aging bucket's column: current green, 31–60 amber, later red.
  static func bucketColor(_ name: String) -> String? {
    if name.hasSuffix("_current") { return "32" }
    if name.hasSuffix("_31_60") { return "33" }
    if name.range(of: #"_(61_90|91_120|over_\d+)$"#, options: .regularExpression) != nil { return "31" }
    return nil
  }
}
