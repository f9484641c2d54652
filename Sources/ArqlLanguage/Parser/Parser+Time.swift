import ArqlSupport
extension Parser {
  /// Whether the current token starts a time window.
  func atWindowStart() -> Bool {
    guard let word = peek().word else { return false }
    switch word {
    case "last", "next", "this", "previous", "ytd", "qtd", "mtd", "today", "yesterday", "from": return true
    case "in": return peek(1).kind != .leftParen
    default: return false
    }
  }

  /// A time unit word (singular or plural).
  mutating func unit(_ description: String = "a unit like 'days' or 'quarter'") throws -> TimeUnit {
    skipNewlines()
    let t = peek()
    guard let word = t.word, let unit = Keywords.units[word] else {
      if let word = t.word, let near = DidYouMean.suggestion(for: word, among: Array(Keywords.units.keys).sorted()) {
        throw failure(.unknownWord, "unknown time unit '\(t.text)'", at: t.range, label: "did you mean '\(near)'?")
      }
      throw unexpected(t, expected: ["'days'", "'months'", "'quarters'"])
    }
    advance()
    return unit
  }

  /// A relative or absolute window.
  mutating func parseWindow() throws -> TimeWindow {
    let t = advance()
    switch t.word {
    case "last":
      skipNewlines()
      if peek().kind == .integer {
        let n = try positiveInteger("a count")
        return .last(n, try unit())
      }
      if let word = peek().word, Keywords.units[word] != nil {
        return .previous(try unit())
      }
      if peek().kind == .endOfInput { throw unexpected(peek(), expected: ["a count like 90", "a unit like 'quarter'"]) }
      throw failure(.lastWithoutCount, "'last' takes a count and a unit, or a unit", at: peek().range,
                    notes: ["for example: last 90 days, last 12 months, last quarter"])
    case "next":
      skipNewlines()
      if peek().kind == .integer {
        let n = try positiveInteger("a count")
        return .next(n, try unit())
      }
      return .next(1, try unit())
    case "this": return .this(try unit())
    case "previous": return .previous(try unit())
    case "ytd": return .yearToDate
    case "qtd": return .quarterToDate
    case "mtd": return .monthToDate
    case "today": return .today
    case "yesterday": return .yesterday
    case "from":
      skipNewlines()
      let from = try parseDate()
      if at("and") {
        throw failure(.fromAnd, "'from' takes 'to', not 'and'", at: peek().range,
                      fixIt: Diagnostic.FixIt(range: peek().range, replacement: "to"))
      }
      try expect("to")
      skipNewlines()
      return .range(from, try parseDate())
    case "in":
      skipNewlines()
      let p = peek()
      if p.kind == .parameter {
        advance()
        return .parameter(Identifier(p.value, range: p.range))
      }
      return .period(try period())
    default:
      throw unexpected(t, expected: ["a time window"])
    }
  }

  /// After a window, a stray unit is the "last quarter days" mistake.
  func rejectUnitAfterWindow(_ window: TimeWindow?) throws {
    guard let word = peek().word, Keywords.units[word] != nil, let window else { return }
    switch window {
    case .previous, .this, .last, .next:
      throw failure(.unitAfterUnit, "a window has one unit: '\(word)' follows a complete window", at: peek().range,
                    notes: ["write 'last 90 days' (a count and a unit) or 'last quarter' (a unit), not both"])
    default:
      return
    }
  }

  /// A period: `2025`, `2025-Q1`, `2025-03`, `FY2025`.
  mutating func period() throws -> Period {
    skipNewlines()
    let t = peek()
    switch t.kind {
    case .period:
      advance()
      guard let p = Period(t.value) else { throw failure(.invalidNumber, "'\(t.text)' is not a period", at: t.range) }
      return p
    case .integer where t.text.count == 4:
      advance()
      return .year(Int(t.value) ?? 0)
    case .date:
      throw failure(.unexpectedToken, "'in' takes a period, not a date", at: t.range,
                    notes: ["write 'in 2025-03' for a month, 'from \(t.text) to ...' for a range, or 'as of \(t.text)'"])
    default:
      throw unexpected(t, expected: ["a period like 2025, 2025-Q1, 2025-03 or FY2025"])
    }
  }

  /// A date: `2025-06-30`, `$p`, `today`, `yesterday`, `start|end of [previous] unit|period`.
  mutating func parseDate() throws -> DateExpr {
    skipNewlines()
    let t = peek()
    switch t.kind {
    case .date:
      advance()
      return .date(t.text)
    case .parameter:
      advance()
      return .parameter(Identifier(t.value, range: t.range))
    case .word:
      switch t.word {
      case "today": advance(); return .today
      case "yesterday": advance(); return .yesterday
      case "start", "end":
        advance()
        try expect("of")
        skipNewlines()
        let reference: PeriodReference
        // `end of last month` reads as `end of previous month`, `end of this month` as `end of month`.
        if accept("previous") || accept("last") {
          reference = .unit(try unit(), previous: true)
        } else if accept("this") {
          reference = .unit(try unit(), previous: false)
        } else if let word = peek().word, Keywords.units[word] != nil {
          reference = .unit(try unit(), previous: false)
        } else {
          reference = .period(try period())
        }
        return t.isWord("start") ? .startOf(reference) : .endOf(reference)
      default: break
      }
    default: break
    }
    throw unexpected(t, expected: ["a date like 2025-06-30", "'today'", "'end of previous quarter'"])
  }

  /// After `vs`.
  mutating func parseComparison() throws -> Comparison {
    if at("previous") {
      if peek(1).isWord("period") {
        advance()
        advance()
        return .previousPeriod
      }
      advance()
      return .previousUnit(try unit("'period' or a unit like 'quarter'"))
    }
    if at("same") {
      advance()
      try expect("period")
      try expect("last")
      try expect("year")
      return .samePeriodLastYear
    }
    if atWindowStart() { return .window(try parseWindow()) }
    throw unexpected(peek(), expected: ["'previous period'", "'previous quarter'", "'same period last year'"])
  }
}
