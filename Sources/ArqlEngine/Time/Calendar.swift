import ArqlLanguage
import ArqlLedger

/// The single time rule of the language (grammar/arql.ebnf, section 3): windows and dates
/// resolved against the as-of date, calendar units (ISO weeks starting Monday, fiscal
/// quarters and years from the settings), and bucketing by grain.
public struct Calendar: Sendable {
  public var settings: CalendarSettings

  public init(settings: CalendarSettings = CalendarSettings()) {
    self.settings = settings
  }

  // MARK: - Units

  /// The first day of the unit that contains `day`.
  public func start(of unit: TimeUnit, containing day: Int32) -> Int32 {
    let (y, m, _) = Day.civil(day)
    switch unit {
    case .day:
      return day
    case .week:
      // 1970-01-01 was a Thursday: Monday-based weekday = (day + 3) mod 7.
      let weekday = Int32(((Int(day) + 3) % 7 + 7) % 7)
      return day - weekday
    case .month:
      return Day.number(year: y, month: m, day: 1)
    case .quarter:
      return Day.number(year: y, month: (m - 1) / 3 * 3 + 1, day: 1)
    case .year:
      return Day.number(year: y, month: 1, day: 1)
    case .fiscalQuarter:
      let offset = ((m - settings.fiscalYearStartMonth) % 12 + 12) % 12  // months into the fiscal year
      return addMonths(Day.number(year: y, month: m, day: 1), -(offset % 3))
    case .fiscalYear:
      let offset = ((m - settings.fiscalYearStartMonth) % 12 + 12) % 12
      return addMonths(Day.number(year: y, month: m, day: 1), -offset)
    }
  }

  /// The first day of the unit `n` units after the one starting on `start` (n may be negative).
  public func advance(_ start: Int32, by n: Int, _ unit: TimeUnit) -> Int32 {
    switch unit {
    case .day: return start + Int32(n)
    case .week: return start + Int32(7 * n)
    case .month: return addMonths(start, n)
    case .quarter, .fiscalQuarter: return addMonths(start, 3 * n)
    case .year, .fiscalYear: return addMonths(start, 12 * n)
    }
  }

  /// The last day of the unit that contains `day`.
  public func end(of unit: TimeUnit, containing day: Int32) -> Int32 {
    advance(start(of: unit, containing: day), by: 1, unit) - 1
  }

  /// Whether `day` is the last day of its unit.
  public func isLastDay(_ day: Int32, of unit: TimeUnit) -> Bool { end(of: unit, containing: day) == day }

  /// The day `n` months after a first-of-month day.
  func addMonths(_ firstOfMonth: Int32, _ n: Int) -> Int32 {
    let (y, m, _) = Day.civil(firstOfMonth)
    let total = y * 12 + (m - 1) + n
    let year = total >= 0 ? total / 12 : (total - 11) / 12
    return Day.number(year: year, month: total - year * 12 + 1, day: 1)
  }

  /// How many calendar months `range` touches, partly or wholly (at least 1).
  public func monthsTouched(by range: DateRange) -> Int {
    let (y1, m1, _) = Day.civil(range.first)
    let (y2, m2, _) = Day.civil(range.last)
    return max(1, (y2 * 12 + m2) - (y1 * 12 + m1) + 1)
  }

  /// The periods a countback walks from `asOf` (kpi-spec §3.2): the month to date, then the
  /// `count − 1` whole months before it, most recent first.
  public func countbackPeriods(asOf: Int32, count: Int) -> [DateRange] {
    let monthStart = start(of: .month, containing: asOf)
    return (0..<count).map { k in
      let first = addMonths(monthStart, -k)
      return DateRange(first: first, last: k == 0 ? asOf : end(of: .month, containing: first))
    }
  }

  /// The same calendar date `n` months later, clamped to the month's length (Mar 31 → Feb 28).
  public func shiftMonths(_ day: Int32, _ n: Int) -> Int32 {
    let (y, m, d) = Day.civil(day)
    let first = addMonths(Day.number(year: y, month: m, day: 1), n)
    let (ny, nm, _) = Day.civil(first)
    return first + Int32(min(d, Day.daysInMonth(year: ny, month: nm)) - 1)
  }

  /// The same date one unit earlier (for comparisons): clamped for months, quarters, years.
  public func shift(_ day: Int32, by n: Int, _ unit: TimeUnit) -> Int32 {
    switch unit {
    case .day: return day + Int32(n)
    case .week: return day + Int32(7 * n)
    case .month: return shiftMonths(day, n)
    case .quarter, .fiscalQuarter: return shiftMonths(day, 3 * n)
    case .year, .fiscalYear: return shiftMonths(day, 12 * n)
    }
  }

  // MARK: - Windows

  /// The N complete units ending on or before `asOf` (the as-of day counts as complete).
  public func last(_ n: Int, _ unit: TimeUnit, asOf: Int32) -> DateRange {
    if unit == .day { return DateRange(first: asOf - Int32(n) + 1, last: asOf) }
    let current = start(of: unit, containing: asOf)
    let lastUnitStart = isLastDay(asOf, of: unit) ? current : advance(current, by: -1, unit)
    return DateRange(first: advance(lastUnitStart, by: -(n - 1), unit), last: advance(lastUnitStart, by: 1, unit) - 1)
  }

  /// Resolves a window against the as-of date; `today` is the wall-clock date for date
  /// expressions (`as of today`).
  public func resolve(_ window: TimeWindow, asOf: Int32, today: Int32, parameters: Parameters) throws -> DateRange {
    switch window {
    case .last(let n, let unit): return last(n, unit, asOf: asOf)
    case .previous(let unit): return last(1, unit, asOf: asOf)
    case .next(let n, let unit):
      return DateRange(first: asOf + 1, last: shift(asOf, by: n, unit))
    case .this(let unit): return DateRange(first: start(of: unit, containing: asOf), last: asOf)
    case .yearToDate: return DateRange(first: start(of: .year, containing: asOf), last: asOf)
    case .quarterToDate: return DateRange(first: start(of: .quarter, containing: asOf), last: asOf)
    case .monthToDate: return DateRange(first: start(of: .month, containing: asOf), last: asOf)
    case .today: return DateRange(first: asOf, last: asOf)
    case .yesterday: return DateRange(first: asOf - 1, last: asOf - 1)
    case .range(let a, let b):
      let first = try resolve(a, asOf: asOf, today: today, parameters: parameters)
      let last = try resolve(b, asOf: asOf, today: today, parameters: parameters)
      guard first <= last else {
        throw EngineError.invalidWindow("the window starts on \(Day.iso(first)), after its end \(Day.iso(last))")
      }
      return DateRange(first: first, last: last)
    case .period(let period): return range(of: period)
    case .parameter(let name):
      guard let value = parameters.values[name.name] else { throw EngineError.unknownParameter(name.name) }
      switch value {
      case .window(let w): return try resolve(w, asOf: asOf, today: today, parameters: parameters)
      case .literal(.period(let p)): return range(of: p)
      case .literal(.number(let n)) where n.integerValue.map({ (1000...9999).contains($0) }) ?? false:
        return range(of: .year(Int(n.integerValue ?? 0)))
      default: throw EngineError.typeMismatch("$\(name.name) is not a period or a window")
      }
    }
  }

  /// The days of a named period (`FY2025` ends in 2025).
  public func range(of period: Period) -> DateRange {
    switch period {
    case .year(let y):
      return DateRange(first: Day.number(year: y, month: 1, day: 1), last: Day.number(year: y, month: 12, day: 31))
    case .quarter(let y, let q):
      let first = Day.number(year: y, month: (q - 1) * 3 + 1, day: 1)
      return DateRange(first: first, last: addMonths(first, 3) - 1)
    case .month(let y, let m):
      let first = Day.number(year: y, month: m, day: 1)
      return DateRange(first: first, last: addMonths(first, 1) - 1)
    case .fiscalYear(let y):
      let start = settings.fiscalYearStartMonth
      let first = start == 1 ? Day.number(year: y, month: 1, day: 1) : Day.number(year: y - 1, month: start, day: 1)
      return DateRange(first: first, last: addMonths(first, 12) - 1)
    }
  }

  /// Resolves a date expression.
  public func resolve(_ date: DateExpr, asOf: Int32, today: Int32, parameters: Parameters) throws -> Int32 {
    switch date {
    case .date(let text):
      guard let day = Day.parseISO(text) else { throw EngineError.typeMismatch("'\(text)' is not a date") }
      return day
    case .parameter(let name):
      guard let value = parameters.values[name.name] else { throw EngineError.unknownParameter(name.name) }
      switch value {
      case .literal(.date(let text)): return try resolve(.date(text), asOf: asOf, today: today, parameters: parameters)
      case .date(let d): return try resolve(d, asOf: asOf, today: today, parameters: parameters)
      default: throw EngineError.typeMismatch("$\(name.name) is not a date")
      }
    case .today: return today
    case .yesterday: return today - 1
    case .startOf(let reference): return try span(reference, asOf: asOf).first
    case .endOf(let reference): return try span(reference, asOf: asOf).last
    }
  }

  private func span(_ reference: PeriodReference, asOf: Int32) throws -> DateRange {
    switch reference {
    case .unit(let unit, let previous):
      let current = start(of: unit, containing: asOf)
      let first = previous ? advance(current, by: -1, unit) : current
      return DateRange(first: first, last: advance(first, by: 1, unit) - 1)
    case .period(let p):
      return range(of: p)
    }
  }

  // MARK: - Buckets

  /// The buckets of `unit` that cover a range, each clipped to it, in order.
  public func buckets(_ unit: TimeUnit, covering range: DateRange) -> [DateRange] {
    guard range.days > 0 else { return [] }
    var result: [DateRange] = []
    var first = start(of: unit, containing: range.first)
    while first <= range.last {
      let next = advance(first, by: 1, unit)
      result.append(DateRange(first: max(first, range.first), last: min(next - 1, range.last)))
      first = next
    }
    return result
  }

  /// A bucket's label: `2025-03-31` (day), `2025-W14` (ISO week), `2025-03`, `2025-Q1`, `2025`,
  /// `FY2025-Q1`, `FY2025`.
  public func label(_ unit: TimeUnit, _ start: Int32) -> String {
    let (y, m, _) = Day.civil(start)
    switch unit {
    case .day: return Day.iso(start)
    case .week:
      // ISO week-numbering year: the year of the week's Thursday.
      let thursday = start + 3
      let (wy, _, _) = Day.civil(thursday)
      let week = Int(thursday - Day.number(year: wy, month: 1, day: 1)) / 7 + 1
      return "\(wy)-W" + (week < 10 ? "0" : "") + String(week)
    case .month: return "\(y)-" + (m < 10 ? "0" : "") + String(m)
    case .quarter: return "\(y)-Q\((m - 1) / 3 + 1)"
    case .year: return String(y)
    case .fiscalYear, .fiscalQuarter:
      let fyStart = self.start(of: .fiscalYear, containing: start)
      let fyEnd = end(of: .fiscalYear, containing: start)
      let fy = Day.civil(fyEnd).year
      if unit == .fiscalYear { return "FY\(fy)" }
      let (fy0, fm0, _) = Day.civil(fyStart)
      let months = (y * 12 + m) - (fy0 * 12 + fm0)
      return "FY\(fy)-Q\(months / 3 + 1)"
    }
  }
}
