/// How amounts are written in a file: the decimal separator, an optional thousands separator,
/// and whether `(12.50)` means −12.50. Parsing is exact: digits go straight into `Int64`
/// minor units, never through a `Double`.
public struct NumberFormat: Sendable, Equatable {
  /// `.` or `,`.
  public var decimalSeparator: UInt8
  /// A separator between groups of three digits (`,` `.` space, apostrophe), or `nil` for none.
  public var thousandsSeparator: UInt8?
  /// Whether `(12.50)` is read as −12.50; otherwise parentheses are an error.
  public var parenthesesAreNegative: Bool

  public init(decimalSeparator: UInt8 = 46, thousandsSeparator: UInt8? = nil, parenthesesAreNegative: Bool = false) {
    self.decimalSeparator = decimalSeparator
    self.thousandsSeparator = thousandsSeparator
    self.parenthesesAreNegative = parenthesesAreNegative
  }

  /// Why an amount could not be read.
  public enum Failure: Error, Sendable, Equatable {
    /// Not a number at all.
    case notANumber
    /// More than two decimals that are not zeros: money has cents, no finer.
    case tooManyDecimals
    /// `(12.50)` without the option that allows it.
    case parentheses
    /// Larger than ±92 233 720 368 547 758.07.
    case overflow
  }

  /// The cents of the usual amount, `[-]digits<decimal>dd` with at most 15 integer digits (it
  /// cannot overflow), or nil for anything else, which `parseCents` then reads in full.
  @inlinable @inline(__always)
  func plainCents(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
    let negative = count > 0 && p[0] == 45
    var i = negative ? 1 : 0
    let separator = count - 3
    guard separator > i, separator - i <= 15, p[separator] == decimalSeparator else { return nil }
    let tens = p[separator + 1] &- 48
    let units = p[separator + 2] &- 48
    guard tens <= 9, units <= 9 else { return nil }
    var value: Int64 = 0
    while i < separator {
      let digit = p[i] &- 48
      guard digit <= 9 else { return nil }
      value = value &* 10 &+ Int64(digit)
      i += 1
    }
    value = value &* 100 &+ Int64(tens) &* 10 &+ Int64(units)
    return negative ? -value : value
  }

  /// Parses `count` bytes at `p` into cents (minor units, two decimals).
  ///
  /// Accepts a leading `+`/`-`, a trailing `-` (FEC), optional thousands separators placed
  /// every three digits, and `(…)` when allowed.
  @inlinable
  public func parseCents(_ p: UnsafePointer<UInt8>, _ count: Int) -> Result<Int64, Failure> {
    if let cents = plainCents(p, count) { return .success(cents) }
    return parseCentsInFull(p, count)
  }

  /// `parseCents` without the shortcut for the usual amount.
  @inlinable
  func parseCentsInFull(_ p: UnsafePointer<UInt8>, _ count: Int) -> Result<Int64, Failure> {
    var start = 0
    var end = count
    var negative = false
    if end - start >= 2, p[start] == 40, p[end - 1] == 41 {  // ( )
      guard parenthesesAreNegative else { return .failure(.parentheses) }
      negative = true
      start += 1
      end -= 1
    }
    if start < end, p[start] == 45 || p[start] == 43 {
      negative = negative != (p[start] == 45)
      start += 1
    } else if end - start >= 2, p[end - 1] == 45 {
      negative = !negative
      end -= 1
    }
    guard start < end else { return .failure(.notANumber) }
    var integer: Int64 = 0
    var digitCount = 0
    var groupDigits = -1  // digits since the last thousands separator, -1 before any
    var i = start
    while i < end {
      let c = p[i]
      let d = c &- 48
      if d <= 9 {
        let (m, o1) = integer.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(Int64(d))
        if o1 || o2 { return .failure(.overflow) }
        integer = a
        digitCount += 1
        if groupDigits >= 0 { groupDigits += 1 }
        i += 1
      } else if let t = thousandsSeparator, c == t, digitCount > 0, groupDigits == -1 ? digitCount <= 3 : groupDigits == 3 {
        groupDigits = 0
        i += 1
      } else {
        break
      }
    }
    if groupDigits >= 0 && groupDigits != 3 { return .failure(.notANumber) }
    var fraction: Int64 = 0
    if i < end {
      guard p[i] == decimalSeparator else { return .failure(.notANumber) }
      i += 1
      var fractionDigits = 0
      while i < end {
        let d = p[i] &- 48
        guard d <= 9 else { return .failure(.notANumber) }
        if fractionDigits < 2 {
          fraction = fraction * 10 + Int64(d)
        } else if d != 0 {
          return .failure(.tooManyDecimals)
        }
        fractionDigits += 1
        i += 1
      }
      if fractionDigits == 0 && digitCount == 0 { return .failure(.notANumber) }
      if fractionDigits == 1 { fraction *= 10 }
    } else if digitCount == 0 {
      return .failure(.notANumber)
    }
    let (scaled, o1) = integer.multipliedReportingOverflow(by: 100)
    let (cents, o2) = scaled.addingReportingOverflow(fraction)
    if o1 || o2 { return .failure(.overflow) }
    return .success(negative ? -cents : cents)
  }

  /// Parses a plain integer (optional sign, no separators).
  @inlinable
  public static func parseInteger(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
    var i = 0
    var negative = false
    if count > 0, p[0] == 45 || p[0] == 43 {
      negative = p[0] == 45
      i = 1
    }
    guard i < count, count - i <= 18 else { return nil }
    var value: Int64 = 0
    while i < count {
      let d = p[i] &- 48
      guard d <= 9 else { return nil }
      value = value * 10 + Int64(d)
      i += 1
    }
    return negative ? -value : value
  }
}
