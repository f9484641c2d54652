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

/// A native column computed from file columns: an amount `column amount = Debit - Credit` (or
/// `+`), a signed amount `column amount = Montant, negative when Sens = C`, or a key made of
/// several columns and text, `column invoice_id = Journal || '-' || Piece`, or of the line
/// number, `column invoice_id = line_number`. The columns are read as hidden plans (their
/// errors name them), then combined row by row.
struct ComputedColumn {
  enum Operation {
    /// operands[0] + sign × operands[1].
    case sum(sign: Int64)
    /// operands[0], negated where operands[1] (text) meets the condition.
    case negatedWhen(RowFilter)
    /// The parts joined: hidden text columns (by operand index), text, the line number.
    case concat([Part])
  }

  enum Part {
    case operand(Int)
    case text(String)
    case lineNumber
  }

  /// The native column.
  let spec: ColumnSpec
  let operation: Operation
  /// How the mapping wrote it, for messages.
  let text: String
  /// The file columns read, by header index, in operand order.
  let fields: [Int]

  /// The hidden plan name of operand `k` (`ParsedTable.columns` key until combined).
  func operand(_ k: Int) -> String { "\u{1}\(spec.name).\(k)" }

  /// The type operand `k` is read as.
  func operandType(_ k: Int) -> ColumnType {
    switch operation {
    case .sum: return spec.type
    case .negatedWhen: return k == 0 ? spec.type : .text
    case .concat: return .text
    }
  }

  /// Reads the forms above when their columns are columns of the header (a column whose own
  /// name holds the operator is read as that column, before this is tried).
  static func parse(_ text: String, spec: ColumnSpec, header: (String) -> Int?) -> ComputedColumn? {
    if spec.type == .key {
      let pieces = text.components(separatedBy: "||").map(\.trimmingSpaces)
      guard pieces.count > 1 || pieces[0].lowercased() == "line_number" else { return nil }
      var parts: [Part] = []
      var fields: [Int] = []
      for piece in pieces {
        if piece.lowercased() == "line_number" {
          parts.append(.lineNumber)
        } else if piece.count >= 2, let q = piece.first, q == "'" || q == "\"", piece.last == q {
          parts.append(.text(String(piece.dropFirst().dropLast())))
        } else if let index = header(piece) {
          parts.append(.operand(fields.count))
          fields.append(index)
        } else {
          return nil
        }
      }
      return ComputedColumn(spec: spec, operation: .concat(parts), text: text, fields: fields)
    }
    if let range = text.range(of: ", negative when ", options: .caseInsensitive) {
      let amount = String(text[..<range.lowerBound]).trimmingSpaces
      guard let i = header(amount), let condition = try? RowFilter.parse(String(text[range.upperBound...])), let j = header(condition.column)
      else { return nil }
      return ComputedColumn(spec: spec, operation: .negatedWhen(condition), text: text, fields: [i, j])
    }
    for (op, sign) in [(" - ", Int64(-1)), (" + ", Int64(1))] {
      guard let range = text.range(of: op) else { continue }
      let a = String(text[..<range.lowerBound]).trimmingSpaces
      let b = String(text[range.upperBound...]).trimmingSpaces
      guard let i = header(a), let j = header(b) else { continue }
      return ComputedColumn(spec: spec, operation: .sum(sign: sign), text: text, fields: [i, j])
    }
    return nil
  }
}
