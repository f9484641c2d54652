/// The columns of one native table (DESIGN.md §3). Columns a file has beyond these are kept
/// as extra text attributes (usable as dimensions) unless the mapping ignores them.
public struct TableSchema: Sendable {
  /// The table.
  public let kind: TableKind
  /// Its native columns, in the order of DESIGN.md §3.
  public let columns: [ColumnSpec]

  /// The column named `name`.
  public func column(_ name: String) -> ColumnSpec? { columns.first { $0.name == name } }

  /// The position of the column named `name`.
  public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

  /// The schema of a native table.
  public static func native(_ kind: TableKind) -> TableSchema {
    switch kind {
    case .customers:
      return TableSchema(kind: kind, columns: [
        ColumnSpec("customer_id", .key, required: true, unique: true),
        ColumnSpec("name", .text), ColumnSpec("division", .text), ColumnSpec("sales_rep", .text),
        ColumnSpec("collector", .text), ColumnSpec("category", .text), ColumnSpec("country", .text),
        ColumnSpec("credit_limit", .money), ColumnSpec("payment_terms_days", .integer),
      ])
    case .invoices:
      return TableSchema(kind: kind, columns: [
        ColumnSpec("invoice_id", .key, required: true, unique: true),
        ColumnSpec("customer_id", .key, required: true), ColumnSpec("doc_type", .text),
        ColumnSpec("doc_date", .day, required: true), ColumnSpec("posting_date", .day),
        ColumnSpec("due_date", .day), ColumnSpec("amount", .money, required: true),
        ColumnSpec("currency", .text), ColumnSpec("amount_currency", .money), ColumnSpec("applies_to", .key),
        ColumnSpec("division", .text), ColumnSpec("sales_rep", .text), ColumnSpec("collector", .text),
        ColumnSpec("net_amount", .money), ColumnSpec("status", .text),
      ])
    case .payments:
      return TableSchema(kind: kind, columns: [
        ColumnSpec("payment_id", .key, required: true), ColumnSpec("customer_id", .key, required: true),
        ColumnSpec("payment_date", .day, required: true), ColumnSpec("amount", .money, required: true),
        ColumnSpec("invoice_id", .key), ColumnSpec("match_date", .day), ColumnSpec("match_method", .text),
        ColumnSpec("user", .text),
      ])
    case .disputes:
      return TableSchema(kind: kind, columns: [
        ColumnSpec("dispute_id", .key, required: true, unique: true),
        ColumnSpec("invoice_id", .key, required: true), ColumnSpec("reason", .text, required: true),
        ColumnSpec("opened", .day, required: true), ColumnSpec("resolved", .day), ColumnSpec("amount", .money),
        ColumnSpec("outcome", .text), ColumnSpec("owner", .text),
      ])
    case .actions:
      return TableSchema(kind: kind, columns: [
        ColumnSpec("action_id", .key, required: true, unique: true),
        ColumnSpec("customer_id", .key, required: true), ColumnSpec("invoice_id", .key),
        ColumnSpec("agent", .text, required: true), ColumnSpec("type", .text, required: true),
        ColumnSpec("date", .day, required: true), ColumnSpec("outcome", .text),
      ])
    case .promises:
      return TableSchema(kind: kind, columns: [
        ColumnSpec("promise_id", .key, required: true, unique: true),
        ColumnSpec("customer_id", .key, required: true), ColumnSpec("invoice_id", .key),
        ColumnSpec("amount", .money, required: true), ColumnSpec("promised_date", .day, required: true),
        ColumnSpec("created", .day, required: true), ColumnSpec("status", .text),
      ])
    case .exposures:
      return TableSchema(kind: kind, columns: [
        ColumnSpec("customer_id", .key, required: true), ColumnSpec("kind", .text, required: true),
        ColumnSpec("amount", .money, required: true), ColumnSpec("date", .day, required: true),
      ])
    case .surveys:
      return TableSchema(kind: kind, columns: [
        ColumnSpec("date", .day, required: true), ColumnSpec("customer_id", .key, required: true),
        ColumnSpec("agent", .text), ColumnSpec("score", .integer, required: true),
      ])
    }
  }
}
