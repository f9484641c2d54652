/// What a load did, table by table: rows read, loaded and rejected, what was detected, and
/// where the rejected rows were written.
public struct LoadReport: Sendable {
  /// One table's outcome.
  public struct TableReport: Sendable, Codable {
    public let table: TableKind
    /// The file, as given.
    public let file: String
    /// Data rows in the file (blank lines excluded).
    public let read: Int
    /// Rows in the ledger.
    public let loaded: Int
    /// Rows left out (lenient mode); `read == loaded + rejected`.
    public let rejected: Int
    /// The reject file, when rows were rejected.
    public let rejectFile: String?
    /// Detected formats and other remarks.
    public let notes: [String]
    /// Extra columns kept as attributes.
    public let extraColumns: [String]
  }

  /// The tables read, in load order.
  public var tables: [TableReport]
  /// CSV files in the ledger folder that are not native tables (ignored).
  public var ignoredFiles: [String]
  /// Wall-clock time of the load, in seconds.
  public var seconds: Double
  /// Wall-clock seconds of each phase (parse of each table, reference checks), for benchmarks.
  public var phases: [(name: String, seconds: Double)]

  /// Remarks on the ledger as a whole: opened from a snapshot, a snapshot refreshed or stale.
  public var notes: [String] = []
  /// The snapshot the ledger was opened from, if it was.
  public var snapshot: String?

  /// Total rows rejected.
  public var rejected: Int { tables.reduce(0) { $0 + $1.rejected } }
}
