import ArqlLanguage
import ArqlLedger

/// One value in row-wise evaluation (the general path of filters).
enum Scalar: Equatable {
  case text(String)
  case number(Double)
  case day(Int32)
  case bool(Bool)

  /// Orders two values of the same type; nil when they cannot be compared.
  static func compare(_ a: Scalar, _ b: Scalar) -> Int? {
    switch (a, b) {
    case let (.text(x), .text(y)): return x == y ? 0 : (x < y ? -1 : 1)
    case let (.number(x), .number(y)): return x == y ? 0 : (x < y ? -1 : 1)
    case let (.day(x), .day(y)): return x == y ? 0 : (x < y ? -1 : 1)
    case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
    default: return nil
    }
  }

  /// The scalar of a literal (`nil` for null).
  init?(_ literal: Literal) throws {
    switch literal {
    case .string(let s): self = .text(s)
    case .number(let n): self = .number(n.doubleValue)
    case .date(let d):
      guard let day = Day.parseISO(d) else { throw EngineError.typeMismatch("'\(d)' is not a date") }
      self = .day(day)
    case .bool(let b): self = .bool(b)
    case .period(let p): self = .text(p.description)
    case .null: return nil
    }
  }
}

extension AttributeColumn {
  /// The value of one row (nil for a null).
  func scalar(_ row: Int) -> Scalar? {
    switch self {
    case .text(let codes, let labels):
      let c = codes[row]
      return c >= 0 ? .text(labels[Int(c)]) : nil
    case .number(let values, let scale, let valid):
      if let valid, !valid[row] { return nil }
      var v = Double(values[row])
      for _ in 0..<scale { v /= 10 }
      return .number(v)
    case .day(let values, let valid):
      if let valid, !valid[row] { return nil }
      return .day(values[row])
    case .bool(let values):
      return .bool(values[row])
    }
  }
}
