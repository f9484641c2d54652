import ArqlEngine

/// CSV (RFC 4180) or TSV with a header row: raw values, n/a empty.
public struct DelimitedFormat: ResultFormat {
  public let separator: Character

  public init(separator: Character) { self.separator = separator }

  func field(_ s: String) -> String {
    if separator == "\t" { return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
    return s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }

  public func render(_ table: ResultTable) -> String {
    let join = String(separator)
    var lines = [table.columns.map { field($0.name) }.joined(separator: join)]
    for r in 0..<table.rowCount {
      lines.append(table.columns.map { field(ValueFormatter.machine($0.values[r], unit: $0.unit)) }.joined(separator: join))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
