/// One attribute of every row of a universe, for filters and grouping.
enum AttributeColumn {
  /// Dictionary-coded text; code -1 is "no value".
  case text(codes: [Int32], labels: [String])
  /// Exact decimals: value / 10^scale (money has scale 2, days 0); `valid` nil = all valid.
  case number(values: [Int64], scale: Int, valid: [Bool]?)
  /// Day numbers.
  case day(values: [Int32], valid: [Bool]?)
  case bool(values: [Bool])

  /// The column seen from rows that each point at a row of this one (-1: none, no value).
  func gathered(_ rows: [Int32]) -> AttributeColumn {
    let valid = rows.map { $0 >= 0 }
    switch self {
    case .text(let codes, let labels):
      return .text(codes: rows.map { $0 >= 0 ? codes[Int($0)] : -1 }, labels: labels)
    case .number(let values, let scale, let validity):
      return .number(values: rows.map { $0 >= 0 ? values[Int($0)] : 0 }, scale: scale,
                     valid: rows.map { $0 >= 0 && (validity?[Int($0)] ?? true) })
    case .day(let values, let validity):
      return .day(values: rows.map { $0 >= 0 ? values[Int($0)] : 0 }, valid: rows.map { $0 >= 0 && (validity?[Int($0)] ?? true) })
    case .bool(let values):
      _ = valid
      return .bool(values: rows.map { $0 >= 0 && values[Int($0)] })
    }
  }

  /// The type name for messages.
  var typeName: String {
    switch self {
    case .text: return "text"
    case .number: return "a number"
    case .day: return "a date"
    case .bool: return "true/false"
    }
  }
}
