import ArqlLanguage
import ArqlLedger
import Testing
@testable import ArqlEngine

@Suite("Calendar: the single time rule")
struct CalendarTests {
  static let calendar = Calendar()
  static func d(_ s: String) -> Int32 { Day.parseISO(s) ?? Int32.min }
  static func window(_ w: TimeWindow, asOf: String, fiscalStart: Int = 1) throws -> String {
    let c = Calendar(settings: CalendarSettings(fiscalYearStartMonth: fiscalStart))
    return try c.resolve(w, asOf: d(asOf), today: d("2026-11-29"), parameters: Parameters()).description
  }

  @Test("last N units: complete units ending on or before the as-of date", arguments: [
    (TimeWindow.last(90, .day), "2025-06-30", "2025-04-02..2025-06-30"),
    (.last(90, .day), "2025-03-31", "2025-01-01..2025-03-31"),
    (.last(3, .month), "2025-06-15", "2025-03-01..2025-05-31"),
    (.last(3, .month), "2025-06-30", "2025-04-01..2025-06-30"),
    (.last(12, .month), "2025-03-31", "2024-04-01..2025-03-31"),
    (.last(12, .month), "2025-12-31", "2025-01-01..2025-12-31"),
    (.previous(.quarter), "2025-06-30", "2025-04-01..2025-06-30"),
    (.previous(.quarter), "2025-06-15", "2025-01-01..2025-03-31"),
    (.last(2, .quarter), "2025-03-31", "2024-10-01..2025-03-31"),
    (.previous(.year), "2025-03-31", "2024-01-01..2024-12-31"),
    (.previous(.year), "2024-12-31", "2024-01-01..2024-12-31"),
    (.last(1, .week), "2025-03-30", "2025-03-24..2025-03-30"),  // Sunday ends its ISO week
    (.last(1, .week), "2025-03-31", "2025-03-24..2025-03-30"),  // Monday: the week before
    (.last(2, .month), "2024-03-31", "2024-02-01..2024-03-31"),
    (.previous(.month), "2024-03-01", "2024-02-01..2024-02-29"),  // leap February
    (.previous(.month), "2023-03-01", "2023-02-01..2023-02-28"),
  ])
  func lastUnits(window: TimeWindow, asOf: String, expected: String) throws {
    #expect(try Self.window(window, asOf: asOf) == expected)
  }

  @Test("this unit is to date; ytd, qtd, mtd, today, yesterday, next", arguments: [
    (TimeWindow.this(.quarter), "2025-05-14", "2025-04-01..2025-05-14"),
    (.this(.week), "2025-03-27", "2025-03-24..2025-03-27"),
    (.yearToDate, "2025-03-31", "2025-01-01..2025-03-31"),
    (.quarterToDate, "2025-08-02", "2025-07-01..2025-08-02"),
    (.monthToDate, "2025-02-28", "2025-02-01..2025-02-28"),
    (.today, "2025-03-31", "2025-03-31..2025-03-31"),
    (.yesterday, "2025-03-01", "2025-02-28..2025-02-28"),
    (.next(8, .week), "2025-03-31", "2025-04-01..2025-05-26"),
    (.next(1, .month), "2025-01-31", "2025-02-01..2025-02-28"),
  ])
  func toDate(window: TimeWindow, asOf: String, expected: String) throws {
    #expect(try Self.window(window, asOf: asOf) == expected)
  }

  @Test("named periods and ranges; fiscal years end in their number")
  func periods() throws {
    #expect(try Self.window(.period(.quarter(year: 2024, quarter: 1)), asOf: "2025-06-30") == "2024-01-01..2024-03-31")
    #expect(try Self.window(.period(.month(year: 2024, month: 2)), asOf: "2025-06-30") == "2024-02-01..2024-02-29")
    #expect(try Self.window(.period(.year(2025)), asOf: "2025-06-30") == "2025-01-01..2025-12-31")
    #expect(try Self.window(.period(.fiscalYear(2025)), asOf: "2025-06-30") == "2025-01-01..2025-12-31")
    #expect(try Self.window(.period(.fiscalYear(2025)), asOf: "2025-06-30", fiscalStart: 4) == "2024-04-01..2025-03-31")
    #expect(try Self.window(.this(.fiscalYear), asOf: "2025-06-30", fiscalStart: 4) == "2025-04-01..2025-06-30")
    #expect(try Self.window(.previous(.fiscalQuarter), asOf: "2025-06-30", fiscalStart: 4) == "2025-04-01..2025-06-30")
    #expect(try Self.window(.previous(.fiscalQuarter), asOf: "2025-05-31", fiscalStart: 2) == "2025-02-01..2025-04-30")
    #expect(try Self.window(.range(.date("2025-01-01"), .date("2025-03-31")), asOf: "2025-06-30") == "2025-01-01..2025-03-31")
    #expect(throws: EngineError.self) { try Self.window(.range(.date("2025-03-01"), .date("2025-01-31")), asOf: "2025-06-30") }
  }

  @Test("start of / end of, today from the wall clock")
  func dates() throws {
    let c = Self.calendar
    func date(_ e: DateExpr, _ asOf: String) throws -> String {
      Day.iso(try c.resolve(e, asOf: Self.d(asOf), today: Self.d("2026-11-29"), parameters: Parameters()))
    }
    #expect(try date(.endOf(.unit(.quarter, previous: true)), "2025-05-14") == "2025-03-31")
    #expect(try date(.endOf(.unit(.quarter, previous: true)), "2025-03-31") == "2024-12-31")
    #expect(try date(.startOf(.unit(.year, previous: false)), "2025-05-14") == "2025-01-01")
    #expect(try date(.endOf(.unit(.month, previous: false)), "2024-02-10") == "2024-02-29")
    #expect(try date(.endOf(.period(.quarter(year: 2025, quarter: 1))), "2025-05-14") == "2025-03-31")
    #expect(try date(.endOf(.unit(.week, previous: true)), "2025-03-27") == "2025-03-23")
    #expect(try date(.today, "2025-05-14") == "2026-11-29")
  }

  @Test("buckets cover a range exactly, clipped at both ends; labels")
  func buckets() {
    let c = Self.calendar
    let months = c.buckets(.month, covering: DateRange(first: Self.d("2024-01-15"), last: Self.d("2024-03-31")))
    #expect(months.map(\.description) == ["2024-01-15..2024-01-31", "2024-02-01..2024-02-29", "2024-03-01..2024-03-31"])
    let weeks = c.buckets(.week, covering: DateRange(first: Self.d("2024-12-30"), last: Self.d("2025-01-12")))
    #expect(weeks.map { c.label(.week, $0.first) } == ["2025-W01", "2025-W02"])
    #expect(c.label(.week, Self.d("2020-12-28")) == "2020-W53")
    #expect(c.label(.week, Self.d("2021-01-04")) == "2021-W01")
    #expect(c.label(.quarter, Self.d("2025-08-01")) == "2025-Q3")
    let fiscal = Calendar(settings: CalendarSettings(fiscalYearStartMonth: 4))
    #expect(fiscal.label(.fiscalQuarter, Self.d("2025-01-01")) == "FY2025-Q4")
    #expect(fiscal.label(.fiscalYear, Self.d("2025-04-01")) == "FY2026")
    // Every day of three years falls in exactly one bucket of each unit.
    let span = DateRange(first: Self.d("2023-01-01"), last: Self.d("2025-12-31"))
    for unit in TimeUnit.allCases {
      let all = fiscal.buckets(unit, covering: span)
      #expect(all.reduce(0) { $0 + $1.days } == span.days, "\(unit)")
      #expect(zip(all, all.dropFirst()).allSatisfy { $0.last + 1 == $1.first }, "\(unit)")
    }
  }

  @Test("shifting by a unit clamps month ends")
  func shift() {
    let c = Self.calendar
    #expect(Day.iso(c.shift(Self.d("2025-03-31"), by: -1, .month)) == "2025-02-28")
    #expect(Day.iso(c.shift(Self.d("2024-02-29"), by: -1, .year)) == "2023-02-28")
    #expect(Day.iso(c.shift(Self.d("2025-05-31"), by: -1, .quarter)) == "2025-02-28")
  }
}
