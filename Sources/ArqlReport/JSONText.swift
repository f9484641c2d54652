import ArqlEngine

/// JSON text for the JSON formats: string literals, and a row as an object (text as strings,
/// numbers raw, n/a as null).
enum JSONText {
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
        if scalar.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out + "\""
  }

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
}
