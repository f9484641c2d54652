/// A column of day numbers (days since 1970-01-01) with a validity bitmap.
public struct DayColumn: Sendable, Equatable, Codable {
  /// One day number a row; the value of a null row is 0 and must not be read.
  public var values: ColumnArray<Int32>
  /// Which rows hold a date.
  public var validity: Validity

  public init(values: ColumnArray<Int32>, validity: Validity = .allValid) {
    self.values = values
    self.validity = validity
  }

  public init(values: [Int32], validity: Validity = .allValid) {
    self.init(values: ColumnArray(values), validity: validity)
  }

  /// The day of `row`, or `nil` for a null.
  @inlinable
  public subscript(row: Int) -> Int32? { validity.isValid(row) ? values[row] : nil }
}
