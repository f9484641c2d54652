/// A number literal kept exactly as a scaled integer (money in a filter must not pass through
/// a `Double`): value = `mantissa / 10^scale`.
public struct ExactNumber: Sendable, Hashable, CustomStringConvertible {
  public var mantissa: Int64
  public var scale: Int

  public init(mantissa: Int64, scale: Int) {
    self.mantissa = mantissa
    self.scale = scale
  }

  /// Reads digits with an optional decimal point and `%` suffix (`15%` = 0.15).
  public init?(_ text: String) {
    var digits = text
    var scale = 0
    if digits.hasSuffix("%") {
      digits.removeLast()
      scale += 2
    }
    if let dot = digits.firstIndex(of: ".") {
      scale += digits.distance(from: dot, to: digits.endIndex) - 1
      digits.remove(at: dot)
    }
    guard !digits.isEmpty, digits.count <= 18, let mantissa = Int64(digits) else { return nil }
    self.init(mantissa: mantissa, scale: scale)
    normalize()
  }

  /// Drops trailing zeros of the fraction, so 1.50 and 1.5 are the same number.
  private mutating func normalize() {
    while scale > 0 && mantissa % 10 == 0 {
      mantissa /= 10
      scale -= 1
    }
  }

  /// The integer value when the number has no fraction.
  public var integerValue: Int64? { scale == 0 ? mantissa : nil }

  /// An approximation for ratios and display.
  public var doubleValue: Double {
    var d = Double(mantissa)
    for _ in 0..<scale { d /= 10 }
    return d
  }

  /// Canonical text: digits with a decimal point, no exponent.
  public var description: String {
    guard scale > 0 else { return String(mantissa) }
    let negative = mantissa < 0
    var digits = String(mantissa.magnitude)
    if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
    digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
    return (negative ? "-" : "") + digits
  }
}
