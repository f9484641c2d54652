/// The customer master. Rows are numbered 0..<count; other tables refer to customers by row.
public struct CustomerTable: Sendable {
  /// Customer ids; row `r` has code `r`.
  public var id: DictionaryColumn
  public var name: DictionaryColumn
  public var division: DictionaryColumn
  public var salesRep: DictionaryColumn
  public var collector: DictionaryColumn
  public var category: DictionaryColumn
  public var country: DictionaryColumn
  /// Credit limit in cents; null = no limit loaded.
  public var creditLimit: MoneyColumn
  /// Payment terms in days, used for invoices without a due date.
  public var paymentTermsDays: IntColumn
  /// Extra file columns.
  public var extras: [NamedColumn]
  /// Whether the table came from customers.csv (otherwise it was derived from the ids in use).
  public var declared: Bool

  /// The number of customers.
  public var count: Int { id.codes.count }

  /// A table holding only ids, for a ledger without customers.csv.
  static func implicit(ids: [String]) -> CustomerTable {
    let n = ids.count
    let empty = DictionaryColumn.allNull(count: n)
    return CustomerTable(
      id: DictionaryColumn(codes: (0..<n).map(Int32.init), dictionary: ids), name: empty, division: empty, salesRep: empty,
      collector: empty, category: empty, country: empty,
      creditLimit: MoneyColumn(values: [Int64](repeating: 0, count: n), validity: Validity.allNull(n)),
      paymentTermsDays: IntColumn(values: [Int64](repeating: 0, count: n), validity: Validity.allNull(n)), extras: [],
      declared: false)
  }
}
