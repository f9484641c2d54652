/// A dictionary-encoded text column: one `Int32` code a row into a list of distinct values.
///
/// A null row has the code `-1`, so group-by kernels can use `code + 1` as a dense index
/// with slot 0 for "no value". Codes number the values in order of first appearance.
public struct DictionaryColumn: Sendable, Equatable, Codable {
  /// The code of each row; `-1` for a null.
  public var codes: ColumnArray<Int32>
  /// The distinct values; `dictionary[code]` is a row's text.
  public var dictionary: LabelList

  /// The code of a null row.
  public static let nullCode: Int32 = -1

  public init(codes: ColumnArray<Int32>, dictionary: LabelList) {
    self.codes = codes
    self.dictionary = dictionary
  }

  public init(codes: [Int32], dictionary: [String]) {
    self.init(codes: ColumnArray(codes), dictionary: LabelList(dictionary))
  }

  /// A column of `count` null rows.
  public static func allNull(count: Int) -> DictionaryColumn {
    DictionaryColumn(codes: ColumnArray(repeating: nullCode, count: count), dictionary: LabelList())
  }

  /// The text of `row`, or `nil` for a null.
  @inlinable
  public subscript(row: Int) -> String? {
    let code = codes[row]
    return code < 0 ? nil : dictionary[Int(code)]
  }

  /// Whether any row holds a value.
  public var hasValues: Bool { !dictionary.isEmpty }

  /// The number of null rows.
  public var nullCount: Int { codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }
}

extension DictionaryColumn {
  /// The column with values replaced through `map` (values not in the map stay as they are);
  /// values that become equal share one code.
  public func recoded(_ map: [String: String]) -> DictionaryColumn {
    var newDictionary: [String] = []
    var index: [String: Int32] = [:]
    let remap: [Int32] = dictionary.map { value in
      let target = map[value] ?? value
      if let code = index[target] { return code }
      let code = Int32(newDictionary.count)
      newDictionary.append(target)
      index[target] = code
      return code
    }
    return DictionaryColumn(codes: codes.map { $0 < 0 ? $0 : remap[Int($0)] }, dictionary: newDictionary)
  }
}
