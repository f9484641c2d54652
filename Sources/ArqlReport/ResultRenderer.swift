import ArqlEngine
import Foundation

/// Writes result tables as an aligned text table, CSV (RFC 4180) or JSON (an array of objects).
public enum ResultRenderer {
  /// The table in a format; `footer` adds the window / as-of line under text tables.
  public static func render(_ table: ResultTable, as format: OutputFormat, footer: Bool = true) -> String {
    switch format {
    case .table: return text(table, footer: footer)
    case .csv: return csv(table)
    case .json: return json(table)
    }
  }

  /// An aligned text table: text left, numbers right.
  public static func text(_ table: ResultTable, footer: Bool = true) -> String {
    let header = table.columns.map(\.name)
    let body = (0..<table.rowCount).map { r in table.columns.map { ValueFormatter.human($0.values[r], unit: $0.unit) } }
    let widths = table.columns.indices.map { c in ([header[c]] + body.map { $0[c] }).map(\.count).max() ?? 0 }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { c, cell in
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        return table.columns[c].role == .metric ? pad + cell : cell + pad
      }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    lines += body.map(line)
    if footer {
      lines.append(table.footer)
      lines += table.flags.keys.sorted().map { "\($0): \(table.flags[$0] ?? "")" }
      lines += table.notes.map { "note: " + $0 }
    }
    return lines.joined(separator: "\n")
  }

  /// RFC 4180 CSV with a header row; money with exactly two decimals; n/a is empty.
  public static func csv(_ table: ResultTable) -> String {
    func field(_ s: String) -> String {
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var lines = [table.columns.map { field($0.name) }.joined(separator: ",")]
    for r in 0..<table.rowCount {
      lines.append(table.columns.map { field(ValueFormatter.machine($0.values[r], unit: $0.unit)) }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A JSON array of objects: dimensions as strings, money as numbers with two decimals,
  /// n/a as null.
  public static func json(_ table: ResultTable) -> String {
    func string(_ s: String) -> String {
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
    var rows: [String] = []
    for r in 0..<table.rowCount {
      let fields = table.columns.map { column -> String in
        let value = column.values[r]
        let rendered: String
        switch value {
        case .text(let s): rendered = string(s)
        case .null: rendered = "null"
        case .number(let d) where !d.isFinite: rendered = "null"
        default: rendered = ValueFormatter.machine(value, unit: column.unit)
        }
        return string(column.name) + ": " + rendered
      }
      rows.append("  {" + fields.joined(separator: ", ") + "}")
    }
    return rows.isEmpty ? "[]\n" : "[\n" + rows.joined(separator: ",\n") + "\n]\n"
  }
}
