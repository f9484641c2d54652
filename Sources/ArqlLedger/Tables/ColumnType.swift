/// The type of a column in the native schema, which decides its parser and storage.
public enum ColumnType: String, Sendable, Equatable {
  /// Dictionary-encoded text.
  case text
  /// An id or a reference to one: kept as byte spans while loading and resolved to row numbers
  /// through a hash index, never interned per thread (ids are nearly all distinct).
  case key
  /// Money in minor units.
  case money
  /// A calendar date as a day number.
  case day
  /// An integer.
  case integer

  /// What a value of this type looks like, for error messages.
  public var expectation: String {
    switch self {
    case .text: return "text"
    case .key: return "an id"
    case .money: return "an amount like 1234.56"
    case .day: return "a date"
    case .integer: return "a whole number"
    }
  }
}
