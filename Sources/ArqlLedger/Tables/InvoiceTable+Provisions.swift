import Foundation

extension InvoiceTable {
  /// A `provision` value that is not an amount: the file's column name and the value.
  public struct BadProvision: Error, Sendable {
    public let column: String
    public let value: String
  }

  /// The provision booked on each document (the file's `provision` or `booked_provision`
  /// column, account 491), in cents, 0 where empty; nil when the file has no such column.
  /// Amounts are read with a decimal point or comma.
  public func bookedProvisions() -> Result<[Int64]?, BadProvision> {
    guard let extra = extras.first(where: { ["provision", "booked_provision"].contains($0.name.lowercased()) }) else { return .success(nil) }
    let decimalPoint = NumberFormat()
    let decimalComma = NumberFormat(decimalSeparator: 44)
    var amounts: [Int64] = []
    for label in extra.column.dictionary {
      var bytes = Array(label.trimmingCharacters(in: .whitespaces).utf8)
      let cents = bytes.withUnsafeMutableBufferPointer { p -> Int64? in
        guard let base = p.baseAddress, p.count > 0 else { return 0 }
        if case .success(let c) = decimalPoint.parseCents(base, p.count) { return c }
        if case .success(let c) = decimalComma.parseCents(base, p.count) { return c }
        return nil
      }
      guard let cents else { return .failure(BadProvision(column: extra.name, value: label)) }
      amounts.append(cents)
    }
    return .success(extra.column.codes.map { $0 >= 0 ? amounts[Int($0)] : 0 })
  }
}
