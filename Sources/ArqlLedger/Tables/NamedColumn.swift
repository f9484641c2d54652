/// An extra text column a file had beyond the native schema, kept as an attribute.
public struct NamedColumn: Sendable, Equatable, Codable {
  /// The file's column name.
  public let name: String
  /// The values.
  public var column: DictionaryColumn
}
