/// Money is `Int64` minor units (cents) of the company currency; never a `Double` sum.
public enum Money {
  /// Cents from an estimate in cents (a forecast's rates times open amounts), rounded half
  /// away from zero; an estimate at the edge of the 64-bit range, where a Double rounds past
  /// it, is clamped, and one that is not a number is 0.
  public static func rounding(_ estimate: Double) -> Int64 {
    guard estimate.isFinite else { return 0 }
    let rounded = estimate.rounded()
    if rounded >= 9_223_372_036_854_775_807.0 { return .max }
    if rounded <= -9_223_372_036_854_775_808.0 { return .min }
    return Int64(rounded)
  }

  /// The exact decimal text of an amount in cents, with two decimals: `-1234.50`.
  public static func format(_ cents: Int64) -> String {
    var bytes = [UInt8]()
    append(cents, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the two-decimal text of `cents` to a byte buffer.
  @inlinable
  public static func append(_ cents: Int64, to bytes: inout [UInt8]) {
    var magnitude = cents.magnitude
    if cents < 0 { bytes.append(45) }
    let fraction = magnitude % 100
    magnitude /= 100
    appendDigits(magnitude, to: &bytes)
    bytes.append(46)
    bytes.append(UInt8(48 + fraction / 10))
    bytes.append(UInt8(48 + fraction % 10))
  }

  /// Appends the decimal digits of an unsigned integer.
  @inlinable
  public static func appendDigits(_ value: UInt64, to bytes: inout [UInt8]) {
    if value < 10 {
      bytes.append(UInt8(48 + value))
      return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var v = value
    withUnsafeMutableBytes(of: &digits) { raw in
      while v > 0 {
        raw[count] = UInt8(48 + v % 10)
        v /= 10
        count += 1
      }
      for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(raw[index]) }
    }
  }

  /// The amount with thousands separators for people: `-1,234,567.80`.
  public static func grouped(_ cents: Int64) -> String {
    var plain = format(cents)
    let negative = plain.hasPrefix("-")
    if negative { plain.removeFirst() }
    let parts = plain.split(separator: ".")
    var integer = Substring(parts[0])
    var groups: [Substring] = []
    while integer.count > 3 {
      groups.insert(integer.suffix(3), at: 0)
      integer = integer.dropLast(3)
    }
    groups.insert(integer, at: 0)
    return (negative ? "-" : "") + groups.joined(separator: ",") + "." + parts[1]
  }
}
