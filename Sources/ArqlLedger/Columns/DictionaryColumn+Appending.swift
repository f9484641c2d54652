extension DictionaryColumn {
  /// Adds `other`'s rows after this column's, recoding its values into this dictionary; new
  /// values take the next codes in `other`'s order, so codes still number values in order of
  /// first appearance.
  ///
  /// - Parameter existingCode: finds a value's code in this dictionary; by default a hash of the
  ///   dictionary is built (fine for attributes, whose distinct values are few). Id columns pass
  ///   an interned lookup, or `{ _ in nil }` when their values are known to be new.
  /// - Complexity: O(other.count) plus, by default, O(dictionary.count).
  mutating func append(_ other: DictionaryColumn, existingCode: ((String) -> Int32?)? = nil) {
    guard !other.dictionary.isEmpty else {
      codes.append(contentsOf: other.codes)
      return
    }
    let lookup: (String) -> Int32?
    if let existingCode {
      lookup = existingCode
    } else {
      var index: [String: Int32] = [:]
      index.reserveCapacity(dictionary.count)
      for (code, value) in dictionary.enumerated() { index[value] = Int32(code) }
      lookup = { index[$0] }
    }
    var recode = [Int32](repeating: -1, count: other.dictionary.count)
    for (code, value) in other.dictionary.enumerated() {
      if let existing = lookup(value) {
        recode[code] = existing
      } else {
        recode[code] = Int32(dictionary.count)
        dictionary.append(value)
      }
    }
    // No reserveCapacity: it would size the array exactly, and every append would copy it all.
    for code in other.codes { codes.append(code < 0 ? code : recode[Int(code)]) }
  }
}

extension MoneyColumn {
  /// Adds `other`'s rows after this column's.
  mutating func append(_ other: MoneyColumn) {
    validity.append(other.validity, count: values.count, extra: other.values.count)
    values.append(contentsOf: other.values)
  }
}

extension DayColumn {
  /// Adds `other`'s rows after this column's.
  mutating func append(_ other: DayColumn) {
    validity.append(other.validity, count: values.count, extra: other.values.count)
    values.append(contentsOf: other.values)
  }
}

extension IntColumn {
  /// Adds `other`'s rows after this column's.
  mutating func append(_ other: IntColumn) {
    validity.append(other.validity, count: values.count, extra: other.values.count)
    values.append(contentsOf: other.values)
  }
}

extension Array where Element == NamedColumn {
  /// Adds `other`'s `extra` rows after these columns' `count` rows, matched by name; a column only
  /// one side has is null on the other's rows.
  mutating func append(_ other: [NamedColumn], count: Int, extra: Int) {
    for k in indices { self[k].column.append(other.first { $0.name == self[k].name }?.column ?? .allNull(count: extra)) }
    for column in other where !contains(where: { $0.name == column.name }) {
      var values = DictionaryColumn.allNull(count: count)
      values.append(column.column)
      append(NamedColumn(name: column.name, column: values))
    }
  }
}
