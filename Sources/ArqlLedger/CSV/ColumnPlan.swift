/// Where one table column comes from, decided from the header and the mapping.
struct ColumnPlan {
  enum Source: Equatable {
    /// The file field at this index.
    case field(Int)
    /// One constant for every row.
    case constant(String)
  }
  /// The native spec, or an extra text attribute.
  let spec: ColumnSpec
  let source: Source
  /// The file's name for the column (native name for constants).
  let fileName: String
  /// Whether this is an extra attribute rather than a native column.
  let isExtra: Bool
}
