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
    codes.reserveCapacity(codes.count + other.codes.count)
    for code in other.codes { codes.append(code < 0 ? code : recode[Int(code)]) }
  }
}

extension Validity {
  /// Adds the validity of `extra` rows (`other`) after this bitmap's `count` rows.
  mutating func append(_ other: Validity, count: Int, extra: Int) {
    guard nullCount > 0 || other.nullCount > 0 else { return }
    var flags = [UInt8](repeating: 0, count: count + extra)
    for row in 0..<count where !isValid(row) { flags[row] = 1 }
    for row in 0..<extra where !other.isValid(row) { flags[count + row] = 1 }
    self = flags.withUnsafeBufferPointer { Validity(nullFlags: $0) }
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

extension BoolColumn {
  /// The column followed by `other`'s rows.
  func appending(_ other: BoolColumn) -> BoolColumn {
    var result = BoolColumn(count: count + other.count)
    result.words.replaceSubrange(0..<words.count, with: words)
    for row in 0..<other.count where other[row] { result[count + row] = true }
    return result
  }
}

extension Array where Element == NamedColumn {
  /// Extra columns of `count` rows followed by `other`'s `extra` rows, matched by name; a column
  /// only one side has is null on the other's rows.
  func appending(_ other: [NamedColumn], count: Int, extra: Int) -> [NamedColumn] {
    var result: [NamedColumn] = map { column in
      var values = column.column
      values.append(other.first { $0.name == column.name }?.column ?? .allNull(count: extra))
      return NamedColumn(name: column.name, column: values)
    }
    for column in other where !contains(where: { $0.name == column.name }) {
      var values = DictionaryColumn.allNull(count: count)
      values.append(column.column)
      result.append(NamedColumn(name: column.name, column: values))
    }
    return result
  }
}
