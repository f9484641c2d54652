/// A load failure the user can fix: what went wrong, where (file, line, column), the column
/// name, the bad value and what was expected.
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Stable codes, so tests and scripts can match on them.
  public enum Code: String, Sendable, Equatable {
    /// The file or folder does not exist.
    case fileNotFound = "L001"
    /// The file could not be read.
    case unreadable = "L002"
    /// The file has no header line.
    case emptyFile = "L003"
    /// Bytes that are not valid in the declared encoding.
    case badEncoding = "L004"
    /// A file could not be written (a snapshot, a reject file).
    case unwritable = "L005"
    /// A snapshot that is not whole, not of this version or does not match its checksum.
    case damagedSnapshot = "L006"
    /// A quoted field is not closed before the end of the file.
    case unclosedQuote = "L010"
    /// Characters between a closing quote and the next delimiter.
    case textAfterQuote = "L011"
    /// A row with more or fewer fields than the header.
    case fieldCount = "L012"
    /// A required column is missing from the file and has no default.
    case missingColumn = "L020"
    /// The mapping names a file column that does not exist.
    case unknownMappedColumn = "L021"
    /// Two header columns with the same name.
    case duplicateHeader = "L022"
    /// A column whose name looks like a misspelt native column.
    case suspiciousColumn = "L023"
    /// Dates that read both day-first and month-first.
    case ambiguousDates = "L030"
    /// A value that is not a date in the file's format.
    case badDate = "L031"
    /// A value that is not an amount.
    case badAmount = "L032"
    /// A value that is not a whole number.
    case badInteger = "L033"
    /// An empty value in a required column.
    case missingValue = "L034"
    /// A value outside the column's allowed set or range.
    case badValue = "L035"
    /// An id that appears twice.
    case duplicateId = "L040"
    /// A customer id that the customers table does not have.
    case unknownCustomer = "L041"
    /// An invoice id that the invoices table does not have.
    case unknownInvoice = "L042"
    /// Values that contradict each other within a row (resolved before opened, ...).
    case inconsistentRow = "L050"
    /// A mapping file or load option that cannot be read.
    case badMapping = "L060"
  }

  public var code: Code
  /// One sentence, without location.
  public var message: String
  /// The file, as the user named it.
  public var file: String?
  /// 1-based line of the file.
  public var line: Int?
  /// 1-based character column within the line.
  public var column: Int?
  /// The column's name in the file header.
  public var columnName: String?
  /// The offending value, as written.
  public var value: String?
  /// The text of the line, for the caret display.
  public var sourceLine: String?
  /// Width of the underline under the bad value.
  public var highlightWidth: Int
  /// Extra hints, one sentence each.
  public var notes: [String]

  public init(
    _ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil,
    columnName: String? = nil, value: String? = nil, sourceLine: String? = nil, highlightWidth: Int = 1,
    notes: [String] = []
  ) {
    self.code = code
    self.message = message
    self.file = file
    self.line = line
    self.column = column
    self.columnName = columnName
    self.value = value
    self.sourceLine = sourceLine
    self.highlightWidth = highlightWidth
    self.notes = notes
  }

  /// `file:line:column: error[L031]: message`, then the source line with a caret and the notes.
  public var description: String {
    var location = ""
    if let file {
      location = file
      if let line {
        location += ":\(line)"
        if let column { location += ":\(column)" }
      }
      location += ": "
    }
    var text = "\(location)error[\(code.rawValue)]: \(message)"
    if let sourceLine, let line {
      let gutter = String(line)
      let pad = String(repeating: " ", count: gutter.count)
      let shown = sourceLine.count > 160 ? String(sourceLine.prefix(160)) + "…" : sourceLine
      text += "\n \(gutter) | \(shown)"
      if let column, column - 1 <= 160 {
        text += "\n \(pad) | " + String(repeating: " ", count: max(0, column - 1))
          + String(repeating: "^", count: max(1, min(highlightWidth, 60)))
      }
    }
    for note in notes { text += "\n  note: \(note)" }
    return text
  }

  /// The message prefixed by its location, on one line (reject files, summaries).
  public var shortDescription: String {
    var text = message
    if let file, let line { text = "\(file):\(line)" + (column.map { ":\($0)" } ?? "") + ": " + text }
    return text
  }
}
