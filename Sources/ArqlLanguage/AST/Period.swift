/// A named calendar period: `2025`, `2025-Q1`, `2025-03`, `FY2025`.
public enum Period: Sendable, Hashable, CustomStringConvertible {
  case year(Int)
  case quarter(year: Int, quarter: Int)
  case month(year: Int, month: Int)
  case fiscalYear(Int)

  /// Reads a period token's value.
  public init?(_ text: String) {
    let upper = text.uppercased()
    if upper.hasPrefix("FY"), let y = Int(upper.dropFirst(2)), upper.count == 6 {
      self = .fiscalYear(y)
    } else if upper.count == 4, let y = Int(upper) {
      self = .year(y)
    } else if upper.count == 7, upper.dropFirst(4).hasPrefix("-Q"), let y = Int(upper.prefix(4)), let q = Int(upper.suffix(1)),
      (1...4).contains(q)
    {
      self = .quarter(year: y, quarter: q)
    } else if upper.count == 7, let y = Int(upper.prefix(4)), let m = Int(upper.suffix(2)), (1...12).contains(m) {
      self = .month(year: y, month: m)
    } else {
      return nil
    }
  }

  public var description: String {
    switch self {
    case .year(let y): return String(y)
    case .quarter(let y, let q): return "\(y)-Q\(q)"
    case .month(let y, let m): return "\(y)-" + (m < 10 ? "0" : "") + String(m)
    case .fiscalYear(let y): return "FY\(y)"
    }
  }
}
