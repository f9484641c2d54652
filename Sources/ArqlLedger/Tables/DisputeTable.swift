/// Disputes raised on invoices.
public struct DisputeTable: Sendable, Codable {
  public var id: DictionaryColumn
  /// Invoice row.
  public var invoice: ColumnArray<Int32>
  public var reason: DictionaryColumn
  public var opened: ColumnArray<Int32>
  public var resolved: DayColumn
  /// Disputed amount; null = the invoice amount.
  public var amount: MoneyColumn
  public var outcome: DictionaryColumn
  public var owner: DictionaryColumn
  public var extras: [NamedColumn]

  public var count: Int { opened.count }
}
