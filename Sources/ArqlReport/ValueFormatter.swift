import ArqlEngine
import Foundation

/// How cells are written: machine formats exact (money with two decimals, ratios and days
/// unrounded), tables for people (thousands separators, percent and days rounded).
enum ValueFormatter {
  /// The text of a cell in CSV and JSON strings.
  static func machine(_ value: ResultValue, unit: MetricUnit?) -> String {
    switch value {
    case .text(let s): return s
    case .money: return value.description
    case .integer(let i): return String(i)
    case .number(let d): return unit == .money ? String(format: "%.2f", d) : shortest(d)
    case .null: return ""
    }
  }

  /// The shortest text that reads back as the same double, without exponent for usual values.
  static func shortest(_ d: Double) -> String {
    if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
  }

  /// The text of a cell in a table for people.
  static func human(_ value: ResultValue, unit: MetricUnit?) -> String {
    switch value {
    case .text(let s): return s
    case .money: return grouped(value.description)
    case .integer(let i): return grouped(String(i))
    case .number(let d):
      switch unit {
      case .percent?, .ratio?: return String(format: "%.2f %%", d * 100)
      case .days?, .number?: return String(format: "%.2f", d)
      case .money?: return grouped(String(format: "%.2f", d))
      default: return String(format: "%.4g", d)
      }
    case .null: return "n/a"
    }
  }

  /// Thousands separators in the integer part.
  static func grouped(_ text: String) -> String {
    var sign = ""
    var body = Substring(text)
    if body.hasPrefix("-") {
      sign = "-"
      body = body.dropFirst()
    }
    let parts = body.split(separator: ".", maxSplits: 1)
    var integer = String(parts[0])
    var out: [String] = []
    while integer.count > 3 {
      out.insert(String(integer.suffix(3)), at: 0)
      integer.removeLast(3)
    }
    out.insert(integer, at: 0)
    return sign + out.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
  }
}

