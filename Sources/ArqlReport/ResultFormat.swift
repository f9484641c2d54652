import ArqlEngine

/// A way to write a result table, one value type per format (GRDB's dump formats are the
/// model): `TableRenderer` for people, the machine formats below with raw values.
public protocol ResultFormat: Sendable {
  /// The whole table as text.
  func render(_ table: ResultTable) -> String
}

extension ResultFormat where Self == DelimitedFormat {
  /// RFC 4180 comma-separated values.
  public static var csv: DelimitedFormat { DelimitedFormat(separator: ",") }
  /// Tab-separated values.
  public static var tsv: DelimitedFormat { DelimitedFormat(separator: "\t") }
}

extension ResultFormat where Self == JSONFormat {
  /// One JSON document with the rows and the result's metadata.
  public static var json: JSONFormat { JSONFormat() }
}

extension ResultFormat where Self == JSONLinesFormat {
  /// One JSON object per row.
  public static var jsonLines: JSONLinesFormat { JSONLinesFormat() }
}

extension ResultFormat where Self == MarkdownFormat {
  /// A GitHub-flavoured Markdown table.
  public static var markdown: MarkdownFormat { MarkdownFormat() }
}
