/// The output formats of results: tables for people (box borders in Unicode or ASCII), and
/// machine formats that carry raw values.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table, ascii, vertical, csv, csv_fr, tsv, json, jsonl, markdown, html

  /// Whether the format is for people (formatted numbers, footer, colour).
  public var isForPeople: Bool { self == .table || self == .ascii || self == .vertical }
}
