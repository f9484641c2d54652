/// Cash receipts, one line per application; a line without invoice is unapplied cash.
public struct PaymentTable: Sendable, Codable {
  /// Receipt ids (repeat when one receipt settles several invoices).
  public var paymentId: DictionaryColumn
  public var customer: ColumnArray<Int32>
  /// Cash date.
  public var paymentDate: ColumnArray<Int32>
  /// Amount in cents, positive.
  public var amount: ColumnArray<Int64>
  /// Invoice row the cash is applied to, or -1 for unapplied cash.
  public var invoice: ColumnArray<Int32>
  public var matchDate: DayColumn
  /// `auto` or `manual`.
  public var matchMethod: DictionaryColumn
  public var user: DictionaryColumn
  public var extras: [NamedColumn]

  /// The number of lines.
  public var count: Int { amount.count }
}
