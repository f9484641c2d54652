import ArqlEngine

/// CSV (RFC 4180) or TSV with a header row: raw values, n/a empty. For French Excel
/// (`csv_fr`): `;` between fields and a decimal comma in numbers, values otherwise as exact.
public struct DelimitedFormat: ResultFormat {
  public let separator: Character
  /// Numbers written `1234,56` (French spreadsheets read `.` as text).
  public let decimalComma: Bool

  public init(separator: Character, decimalComma: Bool = false) {
    self.separator = separator
    self.decimalComma = decimalComma
  }

  func value(_ value: ResultValue, unit: MetricUnit?) -> String {
    let text = ValueFormatter.machine(value, unit: unit)
    guard decimalComma else { return text }
    switch value {
    case .money, .number: return text.replacingOccurrences(of: ".", with: ",")
    case .text, .integer, .null: return text
    }
  }

  func field(_ s: String) -> String {
    if separator == "\t" { return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
    return s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }

  public func render(_ table: ResultTable) -> String { collected(table) }

  public func write(_ table: ResultTable, to sink: (String) -> Void) {
    withoutActuallyEscaping(sink) { sink in
      let join = String(separator)
      var out = ChunkedText(sink: sink)
      out.append(table.columns.map { field($0.name) }.joined(separator: join) + "\n")
      for r in 0..<table.rowCount {
        out.append(table.columns.map { field(value($0.values[r], unit: $0.unit)) }.joined(separator: join) + "\n")
      }
      out.flush()
    }
  }
}
