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
      string(column.name) + ": " + value(column.values[r], unit: column.unit)
    }.joined(separator: ", ") + "}"
  }

  /// One value as JSON: text quoted, n/a null, numbers raw.
  static func value(_ value: ResultValue, unit: MetricUnit? = nil) -> String {
    switch value {
    case .text(let s): return string(s)
    case .null: return "null"
    case .number(let d) where !d.isFinite: return "null"
    default: return ValueFormatter.machine(value, unit: unit)
    }
  }
}
