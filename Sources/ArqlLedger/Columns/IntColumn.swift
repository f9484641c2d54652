/// A column of integers with a validity bitmap.
public struct IntColumn: Sendable, Equatable, Codable {
  /// One integer a row; the value of a null row is 0 and must not be read.
  public var values: ColumnArray<Int64>
  /// Which rows hold a value.
  public var validity: Validity

  public init(values: ColumnArray<Int64>, validity: Validity = .allValid) {
    self.values = values
    self.validity = validity
  }

  public init(values: [Int64], validity: Validity = .allValid) {
    self.init(values: ColumnArray(values), validity: validity)
  }

  /// The integer of `row`, or `nil` for a null.
  @inlinable
  public subscript(row: Int) -> Int64? { validity.isValid(row) ? values[row] : nil }
}
