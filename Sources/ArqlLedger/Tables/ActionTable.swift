/// Collection actions (calls, emails, letters, visits, dunning) by agents.
public struct ActionTable: Sendable, Codable {
  public var id: DictionaryColumn
  public var customer: ColumnArray<Int32>
  /// Invoice row, or -1.
  public var invoice: ColumnArray<Int32>
  public var agent: DictionaryColumn
  public var type: DictionaryColumn
  public var date: ColumnArray<Int32>
  public var outcome: DictionaryColumn
  public var extras: [NamedColumn]

  public var count: Int { date.count }
}
