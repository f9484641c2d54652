import ArqlEngine

/// Picks the format value of an `OutputFormat` and writes the table with it.
public enum ResultRenderer {
  /// The format that writes `format`; tables for people follow `options`.
  public static func formatter(_ format: OutputFormat, options: RenderOptions = RenderOptions()) -> any ResultFormat {
    switch format {
    case .table, .ascii:
      var o = options
      o.unicode = options.unicode && format == .table
      return TableRenderer(options: o)
    case .vertical: return VerticalRenderer(options: options)
    case .csv: return .csv
    case .csv_fr: return DelimitedFormat(separator: ";", decimalComma: true)
    case .tsv: return .tsv
    case .json: return .json
    case .jsonl: return .jsonLines
    case .markdown: return .markdown
    case .html: return HTMLTable(locale: options.locale)
    }
  }

  /// The table in a format.
  public static func render(_ table: ResultTable, as format: OutputFormat, options: RenderOptions = RenderOptions()) -> String {
    formatter(format, options: options).render(table)
  }
}
