import ArqlEngine

/// One JSON object per row, one per line (no metadata: JSON has it).
public struct JSONLinesFormat: ResultFormat {
  public init() {}

  public func render(_ table: ResultTable) -> String {
    (0..<table.rowCount).map { JSONText.object(table, row: $0) + "\n" }.joined()
  }
}
