/// Customer satisfaction surveys (score 1–5).
public struct SurveyTable: Sendable, Codable {
  public var date: ColumnArray<Int32>
  public var customer: ColumnArray<Int32>
  public var agent: DictionaryColumn
  public var score: ColumnArray<Int8>
  public var extras: [NamedColumn]

  public var count: Int { date.count }
}
