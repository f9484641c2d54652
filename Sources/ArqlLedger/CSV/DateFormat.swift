/// The date layouts the loaders read. Day and month parts of the slash, dot and dash layouts
/// take one or two digits, so `dd/MM/yyyy` also reads `3/4/2025`.
public enum DateFormat: Sendable, Equatable, CaseIterable, CustomStringConvertible {
  /// `yyyy-MM-dd` (ISO 8601, the native format).
  case iso
  /// `yyyyMMdd` (FEC).
  case compact
  /// `dd/MM/yyyy` (France, UK).
  case dayMonthYearSlash
  /// `MM/dd/yyyy` and `M/d/yyyy` (US).
  case monthDayYearSlash
  /// `dd.MM.yyyy` (Germany).
  case dayMonthYearDot
  /// `dd-MM-yyyy`.
  case dayMonthYearDash
  /// `yyyy/MM/dd`.
  case yearMonthDaySlash

  /// Reads a user's format name: `yyyy-MM-dd`, `dd/MM/yyyy`, `M/d/yyyy`, `yyyyMMdd`, `iso`, ...
  public init?(name: String) {
    switch name.trimmingSpaces.lowercased() {
    case "yyyy-mm-dd", "iso", "y-m-d": self = .iso
    case "yyyymmdd", "compact", "fec": self = .compact
    case "dd/mm/yyyy", "d/m/yyyy", "dmy": self = .dayMonthYearSlash
    case "mm/dd/yyyy", "m/d/yyyy", "mdy": self = .monthDayYearSlash
    case "dd.mm.yyyy", "d.m.yyyy": self = .dayMonthYearDot
    case "dd-mm-yyyy", "d-m-yyyy": self = .dayMonthYearDash
    case "yyyy/mm/dd": self = .yearMonthDaySlash
    default: return nil
    }
  }

  /// The format as users write it.
  public var description: String {
    switch self {
    case .iso: return "yyyy-MM-dd"
    case .compact: return "yyyyMMdd"
    case .dayMonthYearSlash: return "dd/MM/yyyy"
    case .monthDayYearSlash: return "MM/dd/yyyy"
    case .dayMonthYearDot: return "dd.MM.yyyy"
    case .dayMonthYearDash: return "dd-MM-yyyy"
    case .yearMonthDaySlash: return "yyyy/MM/dd"
    }
  }

  /// The names accepted by `init(name:)`, for error messages.
  public static let acceptedNames =
    "yyyy-MM-dd, yyyyMMdd, dd/MM/yyyy, MM/dd/yyyy, M/d/yyyy, dd.MM.yyyy, dd-MM-yyyy, yyyy/MM/dd"

  /// Parses `count` bytes at `p` as a date in this format.
  /// - Returns: the day number, or `nil` when the text is not a real calendar date.
  @inlinable
  public func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int32? {
    switch self {
    case .iso: return DateFormat.parseYearFirst(p, count, separator: 45)
    case .yearMonthDaySlash: return DateFormat.parseYearFirst(p, count, separator: 47)
    case .compact:
      guard count == 8, let y = DateFormat.digits(p, 4), let m = DateFormat.digits(p + 4, 2),
        let d = DateFormat.digits(p + 6, 2)
      else { return nil }
      return DateFormat.validated(y, m, d)
    case .dayMonthYearSlash: return DateFormat.parseYearLast(p, count, separator: 47, monthFirst: false)
    case .monthDayYearSlash: return DateFormat.parseYearLast(p, count, separator: 47, monthFirst: true)
    case .dayMonthYearDot: return DateFormat.parseYearLast(p, count, separator: 46, monthFirst: false)
    case .dayMonthYearDash: return DateFormat.parseYearLast(p, count, separator: 45, monthFirst: false)
    }
  }

  @inlinable @inline(__always)
  static func digits(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
    var value = 0
    for i in 0..<n {
      let c = p[i] &- 48
      if c > 9 { return nil }
      value = value * 10 + Int(c)
    }
    return value
  }

  /// The day number of `y-m-d`, nil when it is no calendar date of years 1000–9999. Two reads
  /// of `monthStarts` (the month's first day and the next month's) instead of the civil
  /// arithmetic: a load reads millions of dates from a few dozen months.
  @inlinable @inline(__always)
  static func validated(_ y: Int, _ m: Int, _ d: Int) -> Int32? {
    monthStarts.withUnsafeBufferPointer { validated(y, m, d, monthStarts: $0) }
  }

  /// `validated` with `DateFormat.monthStarts` held by the caller (across a column).
  @inlinable @inline(__always)
  static func validated(_ y: Int, _ m: Int, _ d: Int, monthStarts starts: UnsafeBufferPointer<Int32>) -> Int32? {
    guard y >= 1000, y <= 9999, m >= 1, m <= 12, d >= 1 else { return nil }
    let month = (y - 1000) * 12 + m - 1
    let first = starts[month]
    return d <= Int(starts[month + 1] - first) ? first + Int32(d - 1) : nil
  }

  /// The day number of the first day of each month from January 1000 to December 9999, and of
  /// January 10000 (the end of the last month).
  @usableFromInline static let monthStarts: [Int32] = {
    var starts: [Int32] = []
    starts.reserveCapacity(9_000 * 12 + 1)
    for year in 1000...9999 {
      for month in 1...12 { starts.append(Day.number(year: year, month: month, day: 1)) }
    }
    starts.append(Day.number(year: 10_000, month: 1, day: 1))
    return starts
  }()

  /// `yyyy-MM-dd` read with two loads: every digit checked and taken out of the words at once.
  /// `monthStarts` is `DateFormat.monthStarts`, held by the caller across a column.
  @inlinable @inline(__always)
  static func parseISO(_ p: UnsafePointer<UInt8>, _ count: Int, monthStarts starts: UnsafeBufferPointer<Int32>) -> Int32? {
    guard count == 10 else { return nil }
    let head = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)  // "yyyy-MM-", byte 0 lowest
    let tail = UInt64(UnsafeRawPointer(p + 8).loadUnaligned(as: UInt16.self))  // "dd"
    let digitBytes: UInt64 = 0x00FF_FF00_FFFF_FFFF
    guard head & ~digitBytes == 0x2D00_002D_0000_0000 else { return nil }
    // '0'...'9' xor 0x30 is 0...9; any other byte has a high nibble, or a low one above 9.
    let a = (head & digitBytes) ^ (0x3030_3030_3030_3030 & digitBytes)
    let b = tail ^ 0x3030
    guard (a | b) & 0xF0F0_F0F0_F0F0_F0F0 == 0, ((a &+ 0x0606_0606_0606_0606) | (b &+ 0x0606)) & 0xF0F0_F0F0_F0F0_F0F0 == 0 else {
      return nil
    }
    let y = Int(a & 0xF) * 1000 + Int(a >> 8 & 0xF) * 100 + Int(a >> 16 & 0xF) * 10 + Int(a >> 24 & 0xF)
    let m = Int(a >> 40 & 0xF) * 10 + Int(a >> 48 & 0xF)
    let d = Int(b & 0xF) * 10 + Int(b >> 8)
    return validated(y, m, d, monthStarts: starts)
  }

  @inlinable @inline(__always)
  static func parseYearFirst(_ p: UnsafePointer<UInt8>, _ count: Int, separator: UInt8) -> Int32? {
    guard count == 10, p[4] == separator, p[7] == separator, let y = digits(p, 4),
      let m = digits(p + 5, 2), let d = digits(p + 8, 2)
    else { return nil }
    return validated(y, m, d)
  }

  /// Reads `a<sep>b<sep>yyyy` with one- or two-digit `a` and `b`.
  @inlinable
  static func parseYearLast(_ p: UnsafePointer<UInt8>, _ count: Int, separator: UInt8, monthFirst: Bool) -> Int32? {
    guard let parts = DateFormat.splitYearLast(p, count, separator: separator) else { return nil }
    return monthFirst ? validated(parts.year, parts.first, parts.second) : validated(parts.year, parts.second, parts.first)
  }

  /// Splits `a<sep>b<sep>yyyy` into its numbers (one or two digits for `a` and `b`).
  @inlinable
  static func splitYearLast(_ p: UnsafePointer<UInt8>, _ count: Int, separator: UInt8)
    -> (first: Int, second: Int, year: Int)?
  {
    guard count >= 8, count <= 10, p[count - 5] == separator, let year = digits(p + count - 4, 4) else { return nil }
    let head = count - 5  // bytes before the second separator
    var sep = -1
    for i in 0..<head where p[i] == separator {
      sep = i
      break
    }
    guard sep == 1 || sep == 2, head - sep - 1 == 1 || head - sep - 1 == 2,
      let a = digits(p, sep), let b = digits(p + sep + 1, head - sep - 1)
    else { return nil }
    return (a, b, year)
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    var s = Substring(self)
    while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
    while let c = s.last, c == " " || c == "\t" { s.removeLast() }
    return String(s)
  }
}
