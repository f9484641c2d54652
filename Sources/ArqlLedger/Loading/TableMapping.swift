/// How one file becomes a native table: which file, its CSV options, which of its columns
/// feed which native column, constants for missing columns, and which columns to drop.
///
/// Built from a mapping file (`MappingFile`), from command-line options, or by the `load`
/// statement of the language.
public struct TableMapping: Sendable, Equatable {
  /// The file to read; relative paths are taken from the mapping file's folder or the ledger folder.
  public var file: String?
  /// More files of the same table, with the same header (`file = invoices.csv, credit_notes.csv`).
  public var moreFiles: [String] = []
  /// Native column name → the file's column name.
  public var columns: [String: String]
  /// Native column name → constant text used for every row (a column the file lacks).
  public var defaults: [String: String]
  /// File columns to leave out.
  public var ignored: Set<String>
  /// Leave out every file column that is neither native nor mapped nor kept.
  public var ignoreUnmapped: Bool
  /// File columns to keep as extra text attributes even when their name looks like a typo.
  public var kept: Set<String>
  /// Value recoding: native column → (file value → native value), e.g. `doc_type`: `FA` → `INV`.
  public var recode: [String: [String: String]]
  /// File columns kept as attributes under another name: file column → name (`rename`), for
  /// names with spaces or accents (`Raison sociale` → `raison`).
  public var renames: [String: String] = [:]
  /// Conditions a row must meet to belong to the table (`where`), all of them.
  public var filters: [RowFilter] = []
  /// The file's CSV options.
  public var csv: CSVOptions

  public init(
    file: String? = nil, columns: [String: String] = [:], defaults: [String: String] = [:],
    ignored: Set<String> = [], ignoreUnmapped: Bool = false, kept: Set<String> = [],
    recode: [String: [String: String]] = [:], csv: CSVOptions = CSVOptions()
  ) {
    self.file = file
    self.columns = columns
    self.defaults = defaults
    self.ignored = ignored
    self.ignoreUnmapped = ignoreUnmapped
    self.kept = kept
    self.recode = recode
    self.csv = csv
  }
}
