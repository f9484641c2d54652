/// A constant in a query.
public enum Literal: Sendable, Hashable, CustomStringConvertible {
  case string(String)
  case number(ExactNumber)
  /// A calendar date, `yyyy-MM-dd`.
  case date(String)
  case period(Period)
  case bool(Bool)
  case null

  /// Canonical text (strings single-quoted with doubled quotes).
  public var description: String {
    switch self {
    case .string(let s): return s.quotedLiteral
    case .number(let n): return n.description
    case .date(let d): return d
    case .period(let p): return p.description
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    }
  }
}

extension String {
  /// The string as a single-quoted literal, quotes doubled.
  var quotedLiteral: String {
    "'" + split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
  }
}
