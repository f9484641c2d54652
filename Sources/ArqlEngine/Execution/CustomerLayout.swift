import ArqlLedger

/// A text dimension that every row of some universes takes from its customer (`division`
/// when documents have no division of their own and payments pay their own customer's
/// documents): the value of each customer and the customers in the order their rows first
/// come. A per-customer query grouped by it needs no group per row: its pairs are the
/// customers, its groups their values (`Executor.customerGrouping`).
struct CustomerLayout {
  /// Per customer row, its label code (-1: no value), or `unseen` when it has no row.
  let codes: [Int32]
  /// The customers with rows, in the order of their first row (universes in their order).
  let order: [Int32]
  let labels: LabelList

  static let unseen = Int32.min

  /// The layout of `name` over the rows of `universes`; nil when a row has no customer, a
  /// customer's rows have two values, or the universes label the dimension differently.
  /// - Complexity: one pass over those rows.
  init?(_ name: String, _ universes: Set<Universe>, attributes: LedgerAttributes) {
    var columns: [(customers: ColumnArray<Int32>, values: ColumnArray<Int32>)] = []
    var labels: LabelList? = nil
    for u in Universe.allCases where universes.contains(u) {
      guard case .text(let codes, let rowLabels)? = attributes.attribute(name, u), labels == nil || labels == rowLabels else { return nil }
      labels = rowLabels
      columns.append((attributes.customerRows(u), codes))
    }
    guard let labels,
          let (codes, order) = Self.sharedValues(customerCount: attributes.ledger.customers.count, columns, in: -1...Int32.max)
    else { return nil }
    self.codes = codes
    self.order = order
    self.labels = labels
  }

  /// The value every row of each customer has in `columns` (a row's customer beside its
  /// value), and the customers in the order their first row comes; nil when a row has no
  /// customer, a value outside `range`, or a customer's rows two values. Customers without a
  /// row keep `unseen`.
  /// - Complexity: one read of every row.
  static func sharedValues(customerCount: Int, _ columns: [(customers: ColumnArray<Int32>, values: ColumnArray<Int32>)], in range: ClosedRange<Int32>)
    -> (values: [Int32], order: [Int32])?
  {
    var valueOf = [Int32](repeating: unseen, count: customerCount)
    var order: [Int32] = []
    for (customers, values) in columns {
      guard customers.count == values.count else { return nil }
      let consistent = customers.withUnsafeBufferPointer { customers in
        values.withUnsafeBufferPointer { values in
          valueOf.withUnsafeMutableBufferPointer { valueOf in
            for row in 0..<customers.count {
              let c = Int(customers[row])
              let value = values[row]
              guard c >= 0, c < customerCount, range.contains(value) else { return false }
              if valueOf[c] == value { continue }
              guard valueOf[c] == unseen else { return false }
              valueOf[c] = value
              order.append(Int32(c))
            }
            return true
          }
        }
      }
      guard consistent else { return nil }
    }
    return (valueOf, order)
  }
}
