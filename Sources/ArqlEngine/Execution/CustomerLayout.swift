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
    let customerCount = attributes.ledger.customers.count
    var codes = [Int32](repeating: Self.unseen, count: customerCount)
    var order: [Int32] = []
    var labels: LabelList? = nil
    for u in Universe.allCases where universes.contains(u) {
      guard case .text(let rowCodes, let rowLabels)? = attributes.attribute(name, u), labels == nil || labels == rowLabels else { return nil }
      labels = rowLabels
      let customers = attributes.customerRows(u)
      guard rowCodes.count == customers.count else { return nil }
      let consistent = customers.withUnsafeBufferPointer { customers in
        rowCodes.withUnsafeBufferPointer { rowCodes in
          codes.withUnsafeMutableBufferPointer { codes in
            for row in 0..<customers.count {
              let c = Int(customers[row])
              guard c >= 0, c < customerCount else { return false }
              let code = rowCodes[row]
              if codes[c] == code { continue }
              guard codes[c] == Self.unseen else { return false }
              codes[c] = code
              order.append(Int32(c))
            }
            return true
          }
        }
      }
      guard consistent else { return nil }
    }
    guard let labels else { return nil }
    self.codes = codes
    self.order = order
    self.labels = labels
  }
}
