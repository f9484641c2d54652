import ArqlEngine

/// One JSON object per row, one per line (no metadata: JSON has it).
public struct JSONLinesFormat: ResultFormat {
  public init() {}

  public func render(_ table: ResultTable) -> String { collected(table) }

  public func write(_ table: ResultTable, to sink: (String) -> Void) {
    withoutActuallyEscaping(sink) { sink in
      var out = ChunkedText(sink: sink)
      for row in 0..<table.rowCount { out.append(JSONText.object(table, row: row) + "\n") }
      out.flush()
    }
  }
}
