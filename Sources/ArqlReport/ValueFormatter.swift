import ArqlEngine
import Foundation

/// How cells are written: machine formats exact (money with two decimals, ratios and days
/// unrounded), tables for people by unit (money 2 decimals, days and percentages 1 decimal,
/// counts whole) with the locale's separators.
enum ValueFormatter {
  /// The text of a cell in CSV, TSV and JSON strings.
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
  static func human(_ value: ResultValue, unit: MetricUnit?, locale: NumberLocale = .en) -> String {
    let euro = locale == .fr ? " €" : ""
    switch value {
    case .text(let s): return s
    case .money(let cents): return grouped(ResultText.money(cents), locale) + euro
    case .integer(let i): return grouped(String(i), locale)
    case .number(let d):
      guard d.isFinite else { return "n/a" }
      switch unit {
      case .percent?, .ratio?: return grouped(String(format: "%.1f", d * 100), locale) + (locale == .fr ? "\u{202F}%" : " %")
      case .days?, .number?: return grouped(String(format: "%.1f", d), locale)
      case .money?: return grouped(String(format: "%.2f", d), locale) + euro
      case .count?: return grouped(String(format: "%.0f", d), locale)
      default: return grouped(String(format: "%.2f", d), locale)
      }
    case .null: return "n/a"
    }
  }

  /// A date for people: ISO, or dd/MM/yyyy in French.
  static func date(_ iso: String, _ locale: NumberLocale) -> String {
    guard locale == .fr, iso.count == 10 else { return iso }
    let parts = iso.split(separator: "-")
    guard parts.count == 3 else { return iso }
    return "\(parts[2])/\(parts[1])/\(parts[0])"
  }

  /// Thousands separators in the integer part, and the locale's decimal separator.
  static func grouped(_ text: String, _ locale: NumberLocale = .en) -> String {
    var sign = ""
    var body = Substring(text)
    if body.hasPrefix("-") {
      sign = "-"
      body = body.dropFirst()
    }
    let parts = body.split(separator: ".", maxSplits: 1)
    var integer = String(parts.first ?? "")
    var out: [String] = []
    while integer.count > 3 {
      out.insert(String(integer.suffix(3)), at: 0)
      integer.removeLast(3)
    }
    out.insert(integer, at: 0)
    return sign + out.joined(separator: locale.groupSeparator) + (parts.count > 1 ? locale.decimalSeparator + parts[1] : "")
  }
}
