/// Calendar days as `Int32` day numbers: days since 1970-01-01 (proleptic Gregorian).
///
/// Every date in arql is a whole day; this type holds the conversions between day numbers
/// and civil dates (Howard Hinnant's `days_from_civil` / `civil_from_days`).
public enum Day {
  /// The day number of a civil date. The caller guarantees `1...12` and a valid day.
  @inlinable
  public static func number(year: Int, month: Int, day: Int) -> Int32 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return Int32(era * 146_097 + doe - 719_468)
  }

  /// The civil date of a day number.
  @inlinable
  public static func civil(_ dayNumber: Int32) -> (year: Int, month: Int, day: Int) {
    let z = Int(dayNumber) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// Whether `year` is a Gregorian leap year.
  @inlinable
  public static func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  /// Days in `month` of `year`.
  @inlinable
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// The ISO text `yyyy-MM-dd` of a day number.
  public static func iso(_ dayNumber: Int32) -> String {
    let (y, m, d) = civil(dayNumber)
    var bytes = [UInt8]()
    bytes.reserveCapacity(10)
    appendISO(year: y, month: m, day: d, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `yyyy-MM-dd` to a byte buffer (used by writers that must not allocate per value).
  @inlinable
  public static func appendISO(year: Int, month: Int, day: Int, to bytes: inout [UInt8]) {
    bytes.append(UInt8(48 + year / 1000 % 10))
    bytes.append(UInt8(48 + year / 100 % 10))
    bytes.append(UInt8(48 + year / 10 % 10))
    bytes.append(UInt8(48 + year % 10))
    bytes.append(45)
    bytes.append(UInt8(48 + month / 10))
    bytes.append(UInt8(48 + month % 10))
    bytes.append(45)
    bytes.append(UInt8(48 + day / 10))
    bytes.append(UInt8(48 + day % 10))
  }

  /// The first day a ledger holds: dates are read in the years 1000 to 9999.
  public static let earliest = number(year: 1000, month: 1, day: 1)
  /// The last day a ledger holds: a due date computed from payment terms (at most 3650 days) may
  /// fall that much after the last readable date.
  public static let latest = number(year: 9999, month: 12, day: 31) + 3650

  /// Parses a strict ISO date `yyyy-MM-dd`; `nil` when it is not a real calendar date.
  public static func parseISO(_ text: String) -> Int32? {
    let utf8 = Array(text.utf8)
    return utf8.withUnsafeBufferPointer { DateFormat.iso.parse($0.baseAddress!, utf8.count) }
  }
}
