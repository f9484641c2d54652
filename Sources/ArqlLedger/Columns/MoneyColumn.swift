/// A column of amounts in minor units (cents) with a validity bitmap.
public struct MoneyColumn: Sendable, Equatable, Codable {
  /// One amount in cents a row; the value of a null row is 0 and must not be read.
  public var values: ColumnArray<Int64>
  /// Which rows hold an amount.
  public var validity: Validity

  public init(values: ColumnArray<Int64>, validity: Validity = .allValid) {
    self.values = values
    self.validity = validity
  }

  public init(values: [Int64], validity: Validity = .allValid) {
    self.init(values: ColumnArray(values), validity: validity)
  }

  /// The amount of `row` in cents, or `nil` for a null.
  @inlinable
  public subscript(row: Int) -> Int64? { validity.isValid(row) ? values[row] : nil }

  /// The exact sum of the valid rows.
  public var sum: Int64 {
    var total: Int64 = 0
    for value in values { total &+= value }  // null rows hold 0
    return total
  }
}
