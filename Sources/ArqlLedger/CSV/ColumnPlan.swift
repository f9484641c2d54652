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

/// A native amount computed from two file columns (`column amount = Debit - Credit`): both are
/// read as hidden plans of the native column's type, then combined row by row.
struct ComputedColumn {
  /// The native column.
  let spec: ColumnSpec
  /// The hidden plans' names (`ParsedTable.columns` keys until they are combined).
  let left: String
  let right: String
  /// +1 for `+`, -1 for `-`.
  let sign: Int64
  /// How the mapping wrote it, for messages.
  let text: String

  /// Reads `A - B` or `A + B` when both operands are columns of the header (a column whose own
  /// name holds the operator is read as that column, before this is tried).
  static func parse(_ text: String, spec: ColumnSpec, header: (String) -> Int?) -> (ComputedColumn, Int, Int)? {
    for (op, sign) in [(" - ", Int64(-1)), (" + ", Int64(1))] {
      guard let range = text.range(of: op) else { continue }
      let a = String(text[..<range.lowerBound]).trimmingSpaces
      let b = String(text[range.upperBound...]).trimmingSpaces
      guard let i = header(a), let j = header(b) else { continue }
      let computed = ComputedColumn(spec: spec, left: "\u{1}\(spec.name).left", right: "\u{1}\(spec.name).right", sign: sign, text: text)
      return (computed, i, j)
    }
    return nil
  }
}

