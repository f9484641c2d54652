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

/// A native amount computed from two file columns: `column amount = Debit - Credit` (or `+`),
/// or a signed amount from a debit/credit flag, `column amount = Montant, negative when Sens = C`.
/// Both columns are read as hidden plans, then combined row by row.
struct ComputedColumn {
  enum Operation {
    /// left + sign × right.
    case sum(sign: Int64)
    /// left, negated where the right column (text) meets the condition.
    case negatedWhen(RowFilter)
  }

  /// The native column.
  let spec: ColumnSpec
  /// The hidden plans' names (`ParsedTable.columns` keys until they are combined).
  let left: String
  let right: String
  let operation: Operation
  /// How the mapping wrote it, for messages.
  let text: String

  /// Reads the forms above when their columns are columns of the header (a column whose own
  /// name holds the operator is read as that column, before this is tried).
  static func parse(_ text: String, spec: ColumnSpec, header: (String) -> Int?) -> (ComputedColumn, Int, Int)? {
    let (left, right) = ("\u{1}\(spec.name).left", "\u{1}\(spec.name).right")
    if let range = text.range(of: ", negative when ", options: .caseInsensitive) {
      let amount = String(text[..<range.lowerBound]).trimmingSpaces
      guard let i = header(amount), let condition = try? RowFilter.parse(String(text[range.upperBound...])), let j = header(condition.column)
      else { return nil }
      return (ComputedColumn(spec: spec, left: left, right: right, operation: .negatedWhen(condition), text: text), i, j)
    }
    for (op, sign) in [(" - ", Int64(-1)), (" + ", Int64(1))] {
      guard let range = text.range(of: op) else { continue }
      let a = String(text[..<range.lowerBound]).trimmingSpaces
      let b = String(text[range.upperBound...]).trimmingSpaces
      guard let i = header(a), let j = header(b) else { continue }
      return (ComputedColumn(spec: spec, left: left, right: right, operation: .sum(sign: sign), text: text), i, j)
    }
    return nil
  }

  /// The type the right-hand column is read as.
  var rightType: ColumnType {
    if case .negatedWhen = operation { return .text }
    return spec.type
  }
}
