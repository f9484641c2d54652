/// One column of the native schema.
public struct ColumnSpec: Sendable, Equatable {
  /// The native name, `due_date`.
  public let name: String
  /// The stored type.
  public let type: ColumnType
  /// Whether the file must have the column and every row a value.
  public let required: Bool
  /// Whether values must be unique within the table.
  public let unique: Bool

  public init(_ name: String, _ type: ColumnType, required: Bool = false, unique: Bool = false) {
    self.name = name
    self.type = type
    self.required = required
    self.unique = unique
  }
}
