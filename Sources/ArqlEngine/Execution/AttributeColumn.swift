/// One attribute of every row of a universe, for filters and grouping.
enum AttributeColumn {
  /// Dictionary-coded text; code -1 is "no value".
  case text(codes: [Int32], labels: [String])
  /// Exact decimals: value / 10^scale (money has scale 2, days 0); `valid` nil = all valid.
  case number(values: [Int64], scale: Int, valid: [Bool]?)
  /// Day numbers.
  case day(values: [Int32], valid: [Bool]?)
  case bool(values: [Bool])

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
