import ArqlLedger
import Foundation
/// One attribute of every row of a universe, for filters and grouping.
enum AttributeColumn {
  /// Dictionary-coded text; code -1 is "no value".
  case text(codes: ColumnArray<Int32>, labels: LabelList)
  /// Exact decimals: value / 10^scale (money has scale 2, days 0); `valid` nil = all valid.
  case number(values: ColumnArray<Int64>, scale: Int, valid: [Bool]?)
  /// Day numbers.
  case day(values: ColumnArray<Int32>, valid: [Bool]?)
  case bool(values: [Bool])

  /// Text from arrays (their memory is kept, not copied).
  static func text(codes: [Int32], labels: [String]) -> AttributeColumn { .text(codes: ColumnArray(codes), labels: LabelList(labels)) }
  static func text(codes: [Int32], labels: LabelList) -> AttributeColumn { .text(codes: ColumnArray(codes), labels: labels) }
  static func text(codes: ColumnArray<Int32>, labels: [String]) -> AttributeColumn { .text(codes: codes, labels: LabelList(labels)) }
  static func number(values: [Int64], scale: Int, valid: [Bool]?) -> AttributeColumn {
    .number(values: ColumnArray(values), scale: scale, valid: valid)
  }
  static func day(values: [Int32], valid: [Bool]?) -> AttributeColumn { .day(values: ColumnArray(values), valid: valid) }

  /// The column seen from rows that each point at a row of this one (-1: none, no value).
  func gathered(_ rows: ColumnArray<Int32>) -> AttributeColumn {
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

  /// A file's extra text column typed from its values (issue #16): numbers when every value is
  /// one (`DaysLate`, so `where DaysLate > 0` works), ISO dates when every value is one; text
  /// otherwise, and for codes with leading zeros (`01` stays a label).
  func typedFromText() -> AttributeColumn {
    guard case .text(let codes, let labels) = self, !labels.isEmpty else { return self }
    let numbers = labels.map(AttributeColumn.decimal)
    if numbers.allSatisfy({ $0 != nil }) {
      let scale = numbers.compactMap { $0?.scale }.max() ?? 0
      let values: [Int64] = numbers.map { n in
        guard let n else { return 0 }
        var v = n.value
        for _ in n.scale..<scale { v = v.multipliedReportingOverflow(by: 10).partialValue }
        return v
      }
      return .number(values: codes.map { $0 >= 0 ? values[Int($0)] : 0 }, scale: scale, valid: codes.map { $0 >= 0 })
    }
    let days = labels.map { Day.parseISO($0.trimmingCharacters(in: .whitespaces)) }
    if days.allSatisfy({ $0 != nil }) {
      return .day(values: codes.map { $0 >= 0 ? (days[Int($0)] ?? 0) : 0 }, valid: codes.map { $0 >= 0 })
    }
    return self
  }

  /// A plain decimal (`-3`, `12.5`, `0,25`) as value × 10^scale; nil for anything else, for a
  /// code with a leading zero (`01`) and beyond six decimals or 15 digits.
  static func decimal(_ text: String) -> (value: Int64, scale: Int)? {
    var bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
    guard !bytes.isEmpty else { return nil }
    var negative = false
    if bytes[0] == 45 || bytes[0] == 43 {
      negative = bytes[0] == 45
      bytes.removeFirst()
    }
    guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
    var value: Int64 = 0
    var scale = 0
    var seenPoint = false
    var digits = 0
    for (k, b) in bytes.enumerated() {
      if b == 46 || b == 44 {
        guard !seenPoint, k > 0, k < bytes.count - 1 else { return nil }
        seenPoint = true
        continue
      }
      guard b >= 48 && b <= 57 else { return nil }
      if k == 0 && b == 48 && bytes.count > 1 && bytes[1] != 46 && bytes[1] != 44 { return nil }  // 01: a code
      value = value * 10 + Int64(b - 48)
      digits += 1
      if seenPoint { scale += 1 }
    }
    guard digits <= 15, scale <= 6 else { return nil }
    return (negative ? -value : value, scale)
  }
}
