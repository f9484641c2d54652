import ArqlLedger

/// The result of a query: typed columns plus what the renderers print under it (window,
/// as-of date, units, notes).
public struct ResultTable: Sendable, Equatable {
  /// One column.
  public struct Column: Sendable, Equatable {
    /// Dimensions come first, then metrics.
    public enum Role: String, Sendable { case dimension, metric }
    public var name: String
    public var role: Role
    /// The metric's unit (nil for dimensions).
    public var unit: MetricUnit?
    public var values: [ResultValue]
    /// The flags of single cells (row → flag codes), shown as footnote markers.
    public var cellFlags: [Int: [String]] = [:]

    public init(name: String, role: Role, unit: MetricUnit? = nil, values: [ResultValue] = []) {
      self.name = name
      self.role = role
      self.unit = unit
      self.values = values
    }
  }

  public var columns: [Column]
  /// The window of the window metrics (nil when the query has only point-in-time metrics).
  public var window: DateRange?
  /// The as-of date of the point-in-time metrics.
  public var asOf: Int32
  /// Why this as-of date: "latest posting date", "as of clause", "session setting".
  public var asOfSource: String
  /// Remarks for the footer (defaults applied, comparisons).
  public var notes: [String]
  /// Result flags (kpi-spec §1.8) with their meaning, e.g. `MISSING_DUE_DATE`.
  public var flags: [String: String] = [:]
  /// Amounts shown beside the rows, not among them: a forecast's "late vs forecast" and
  /// excluded lines, which charts draw as bars of their own.
  public var memo: [MemoLine] = []
  /// The name of the one aged balance among the metrics (its bucket columns are
  /// `<name>_current`, `<name>_1_30`, ..., `<name>_total`), so tables for people can head them
  /// `Current`, `1–30`, ... `Total`; nil when there is none or several.
  public var agingMetric: String?

  /// One amount beside the rows.
  public struct MemoLine: Sendable, Equatable {
    public var label: String
    public var value: ResultValue

    public init(label: String, value: ResultValue) {
      self.label = label
      self.value = value
    }
  }

  public init(columns: [Column], window: DateRange?, asOf: Int32, asOfSource: String, notes: [String] = []) {
    self.columns = columns
    self.window = window
    self.asOf = asOf
    self.asOfSource = asOfSource
    self.notes = notes
  }

  public var rowCount: Int { columns.first?.values.count ?? 0 }

  /// The column named `name`.
  public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
}
