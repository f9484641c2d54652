/// The output formats of results.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table, csv, json
}
