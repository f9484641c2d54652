import ArqlEngine
import ArqlLedger
import Foundation

/// Writes result tables in every format: box tables for people, and machine formats with raw
/// values (money with two decimals, ratios and days unrounded, ISO dates, n/a empty or null).
public enum ResultRenderer {
  /// The table in a format. Tables for people follow `options`; machine formats ignore them.
  public static func render(_ table: ResultTable, as format: OutputFormat, options: RenderOptions = RenderOptions()) -> String {
    switch format {
    case .table, .ascii:
      var o = options
      o.unicode = options.unicode && format == .table
      return TableRenderer(options: o).render(table)
    case .csv: return delimited(table, separator: ",")
    case .tsv: return delimited(table, separator: "\t")
    case .json: return json(table)
    case .jsonl: return jsonLines(table)
    case .markdown: return markdown(table)
    case .html: return HTMLTable.render(table) + "\n"
    }
  }

  /// RFC 4180 CSV (or tab-separated values) with a header row.
  public static func delimited(_ table: ResultTable, separator: Character) -> String {
    func field(_ s: String) -> String {
      if separator == "\t" { return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
      return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var lines = [table.columns.map { field($0.name) }.joined(separator: String(separator))]
    for r in 0..<table.rowCount {
      lines.append(table.columns.map { field(ValueFormatter.machine($0.values[r], unit: $0.unit)) }.joined(separator: String(separator)))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A JSON string literal.
  static func string(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out + "\""
  }

  /// One row as a JSON object: text as strings, numbers raw, n/a as null.
  static func object(_ table: ResultTable, row r: Int) -> String {
    "{" + table.columns.map { column -> String in
      let value = column.values[r]
      let rendered: String
      switch value {
      case .text(let s): rendered = string(s)
      case .null: rendered = "null"
      case .number(let d) where !d.isFinite: rendered = "null"
      default: rendered = ValueFormatter.machine(value, unit: column.unit)
      }
      return string(column.name) + ": " + rendered
    }.joined(separator: ", ") + "}"
  }

  /// A JSON document: the rows, the columns with their units, and the result's metadata
  /// (as-of date, window, flags with their meaning, the cells that raised them, notes).
  public static func json(_ table: ResultTable) -> String {
    var parts: [String] = []
    parts.append("  \"as_of\": \(string(Day.iso(table.asOf)))")
    parts.append("  \"as_of_source\": \(string(table.asOfSource))")
    if let w = table.window {
      parts.append("  \"window\": {\"first\": \(string(Day.iso(w.first))), \"last\": \(string(Day.iso(w.last))), \"days\": \(w.days)}")
    } else {
      parts.append("  \"window\": null")
    }
    parts.append("  \"flags\": {" + table.flags.keys.sorted().map { "\(string($0)): \(string(table.flags[$0] ?? ""))" }.joined(separator: ", ") + "}")
    // The flags of single cells: which value raised which condition.
    let marks = table.columns.flatMap { column in
      column.cellFlags.keys.sorted().map { r in
        "{\"row\": \(r), \"column\": \(string(column.name)), \"flags\": [" + (column.cellFlags[r] ?? []).map(string).joined(separator: ", ") + "]}"
      }
    }
    parts.append("  \"cell_flags\": [" + marks.joined(separator: ", ") + "]")
    parts.append("  \"notes\": [" + table.notes.map(string).joined(separator: ", ") + "]")
    parts.append("  \"columns\": [" + table.columns.map { c in
      "{\"name\": \(string(c.name)), \"role\": \(string(c.role.rawValue)), \"unit\": \(c.unit.map { string($0.rawValue) } ?? "null")}"
    }.joined(separator: ", ") + "]")
    let rows = (0..<table.rowCount).map { "    " + object(table, row: $0) }
    parts.append("  \"rows\": " + (rows.isEmpty ? "[]" : "[\n" + rows.joined(separator: ",\n") + "\n  ]"))
    return "{\n" + parts.joined(separator: ",\n") + "\n}\n"
  }

  /// One JSON object per row, one per line.
  public static func jsonLines(_ table: ResultTable) -> String {
    (0..<table.rowCount).map { object(table, row: $0) + "\n" }.joined()
  }

  /// A GitHub-flavoured Markdown table (numbers right-aligned, formatted for people).
  public static func markdown(_ table: ResultTable) -> String {
    func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
    var lines = ["| " + table.columns.map { cell($0.name) }.joined(separator: " | ") + " |"]
    lines.append("|" + table.columns.map { $0.role == .metric && $0.unit != .text ? "---:" : ":---" }.joined(separator: "|") + "|")
    for r in 0..<table.rowCount {
      lines.append("| " + table.columns.map { cell(ValueFormatter.human($0.values[r], unit: $0.unit)) }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
