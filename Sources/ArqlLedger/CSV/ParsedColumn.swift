/// A typed column read from a file, before the ledger resolves references.
enum ParsedColumn: Sendable {
  case text(DictionaryColumn)
  case money(MoneyColumn)
  case day(DayColumn)
  case integer(IntColumn)
  case key(KeyColumn)

  /// The column with only the rows whose `keep` flag is set.
  func compacted(keeping keep: [Bool]) -> ParsedColumn {
    switch self {
    case .text(let c): return .text(DictionaryColumn(codes: ColumnArray(c.codes.kept(keep)), dictionary: c.dictionary))
    case .money(let c): return .money(MoneyColumn(values: c.values.kept(keep), validity: c.validity.compacted(keeping: keep)))
    case .day(let c): return .day(DayColumn(values: c.values.kept(keep), validity: c.validity.compacted(keeping: keep)))
    case .integer(let c): return .integer(IntColumn(values: c.values.kept(keep), validity: c.validity.compacted(keeping: keep)))
    case .key(let c): return .key(c.compacted(keeping: keep))
    }
  }
}

extension RandomAccessCollection where Index == Int {
  /// The elements whose `keep` flag is set, in order.
  func kept(_ keep: [Bool]) -> [Element] {
    var result: [Element] = []
    result.reserveCapacity(count)
    for index in indices where keep[index] { result.append(self[index]) }
    return result
  }
}
