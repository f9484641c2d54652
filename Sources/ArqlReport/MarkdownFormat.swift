import ArqlEngine

/// A GitHub-flavoured Markdown table: numbers right-aligned and formatted for people.
public struct MarkdownFormat: ResultFormat {
  public init() {}

  func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }

  public func render(_ table: ResultTable) -> String {
    var lines = ["| " + table.columns.map { cell($0.name) }.joined(separator: " | ") + " |"]
    lines.append("|" + table.columns.map { $0.role == .metric && $0.unit != .text ? "---:" : ":---" }.joined(separator: "|") + "|")
    for r in 0..<table.rowCount {
      lines.append("| " + table.columns.map { cell(ValueFormatter.human($0.values[r], unit: $0.unit)) }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
