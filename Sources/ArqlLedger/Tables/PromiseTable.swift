/// Promises to pay.
public struct PromiseTable: Sendable, Codable {
  public var id: DictionaryColumn
  public var customer: ColumnArray<Int32>
  /// Invoice row, or -1 for a promise on the whole account.
  public var invoice: ColumnArray<Int32>
  public var amount: ColumnArray<Int64>
  public var promisedDate: ColumnArray<Int32>
  public var created: ColumnArray<Int32>
  /// Promises whose status is `cancelled`.
  public var cancelled: BoolColumn
  public var status: DictionaryColumn
  public var extras: [NamedColumn]

  public var count: Int { amount.count }
}
