import ArqlLedger

/// One cell of a result.
public enum ResultValue: Sendable, Equatable, CustomStringConvertible {
  case text(String)
  /// Money in cents, exact.
  case money(Int64)
  /// A count.
  case integer(Int64)
  /// A ratio, days, or any derived number.
  case number(Double)
  /// No value (n/a): a ratio over zero, a comparison with nothing before.
  case null

  public var description: String {
    switch self {
    case .text(let s): return s
    case .money(let c): return Money.format(c)
    case .integer(let i): return String(i)
    case .number(let d): return String(d)
    case .null: return "n/a"
    }
  }

  /// The value as a number (money in currency units), nil for text and null.
  public var doubleValue: Double? {
    switch self {
    case .money(let c): return Double(c) / 100
    case .integer(let i): return Double(i)
    case .number(let d): return d
    default: return nil
    }
  }
}

