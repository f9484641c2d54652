import ArqlEngine

/// A way to write a result table, one value type per format (GRDB's dump formats are the
/// model): `TableRenderer` for people, the machine formats below with raw values.
public protocol ResultFormat: Sendable {
  /// The whole table as text.
  func render(_ table: ResultTable) -> String

  /// The table as text in pieces of whole lines, handed to `sink` as they are made: a result
  /// of millions of rows goes to a file or a pipe without its text held whole. The pieces
  /// joined are `render(table)`.
  func write(_ table: ResultTable, to sink: (String) -> Void)
}

extension ResultFormat {
  public func write(_ table: ResultTable, to sink: (String) -> Void) { sink(render(table)) }
}

/// Gathers lines into pieces of about `size` characters for a sink.
struct ChunkedText {
  private var buffer = ""
  private let size: Int
  private let sink: (String) -> Void

  init(size: Int = 1 << 16, sink: @escaping (String) -> Void) {
    self.size = size
    self.sink = sink
    buffer.reserveCapacity(size + 256)
  }

  /// Adds text; hands the buffer on once it is full (callers add whole lines).
  mutating func append(_ text: String) {
    buffer += text
    if buffer.utf8.count >= size { flush() }
  }

  /// Hands on what is left.
  mutating func flush() {
    guard !buffer.isEmpty else { return }
    sink(buffer)
    buffer = ""
    buffer.reserveCapacity(size + 256)
  }
}

extension ResultFormat {
  /// `render` through `write`, for formats that write in pieces.
  func collected(_ table: ResultTable) -> String {
    var text = ""
    write(table) { text += $0 }
    return text
  }
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
