/// The customer master. Rows are numbered 0..<count; other tables refer to customers by row.
public struct CustomerTable: Sendable, Codable {
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

  /// The table with customers added at the end: their ids and names, nothing else known.
  func appending(ids: [String], names: [String]) -> CustomerTable {
    guard !ids.isEmpty else { return self }
    let n = count
    func nulls(_ column: DictionaryColumn) -> DictionaryColumn {
      DictionaryColumn(codes: column.codes + [Int32](repeating: -1, count: ids.count), dictionary: column.dictionary)
    }
    var nameColumn = name
    var nameCodes: [String: Int32] = [:]
    for (k, label) in nameColumn.dictionary.enumerated() { nameCodes[label] = Int32(k) }
    for label in names {
      guard !label.isEmpty else {
        nameColumn.codes.append(-1)
        continue
      }
      if nameCodes[label] == nil {
        nameCodes[label] = Int32(nameColumn.dictionary.count)
        nameColumn.dictionary.append(label)
      }
      nameColumn.codes.append(nameCodes[label] ?? -1)
    }
    var idColumn = id
    idColumn.codes += (0..<ids.count).map { Int32(id.dictionary.count + $0) }
    idColumn.dictionary += ids
    return CustomerTable(
      id: idColumn, name: nameColumn, division: nulls(division), salesRep: nulls(salesRep), collector: nulls(collector), category: nulls(category),
      country: nulls(country),
      creditLimit: MoneyColumn(values: creditLimit.values + [Int64](repeating: 0, count: ids.count),
                               validity: creditLimit.validity.appendingNulls(ids.count, to: n)),
      paymentTermsDays: IntColumn(values: paymentTermsDays.values + [Int64](repeating: 0, count: ids.count),
                                  validity: paymentTermsDays.validity.appendingNulls(ids.count, to: n)),
      extras: extras.map { NamedColumn(name: $0.name, column: nulls($0.column)) }, declared: declared)
  }
}
