/// Promises to pay.
public struct PromiseTable: Sendable, Codable {
  public var id: DictionaryColumn
  public var customer: [Int32]
  /// Invoice row, or -1 for a promise on the whole account.
  public var invoice: [Int32]
  public var amount: [Int64]
  public var promisedDate: [Int32]
  public var created: [Int32]
  /// Promises whose status is `cancelled`.
  public var cancelled: BoolColumn
  public var status: DictionaryColumn
  public var extras: [NamedColumn]

  public var count: Int { amount.count }
}
