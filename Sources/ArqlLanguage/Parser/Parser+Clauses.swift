import ArqlSupport
extension Parser {
  /// Which clause a keyword starts (for duplicate detection).
  enum ClauseKind: String {
    case by, `where`, having, window = "time window", asOf = "as of", vs, trend, rank = "top/bottom", order = "order by", limit,
      pivot
  }

  /// The clauses in any order, each at most once, then the output spec. Stops at the end of
  /// the statement (line break, `;`, end of input), or at a description string when allowed.
  mutating func parseClauses(into clauses: inout Clauses, output: inout OutputSpec, allowDescription: Bool) throws {
    var seen: [ClauseKind: SourceRange] = [:]
    func once(_ kind: ClauseKind, _ range: SourceRange) throws {
      if let first = seen[kind] {
        let hint = kind == .where || kind == .having ? "; combine the conditions with 'and'" : ""
        throw failure(.duplicateClause, "duplicate '\(kind.rawValue)' clause", at: range,
                      notes: ["the first '\(kind.rawValue)' is at \(first.start)\(hint)"])
      }
      seen[kind] = range
    }
    while true {
      let t = peek()
      switch t.kind {
      case .newline, .semicolon, .endOfInput, .rightParen: return
      case .string where allowDescription: return
      default: break
      }
      guard let word = t.word else {
        throw unexpectedInClauses(t)
      }
      switch Keywords.canonical(word) {
      case "by":
        // A time grain and dimensions may come in two 'by' clauses (`forecast by week next 13
        // weeks by division`); two of the same sort stay a duplicate.
        if let first = seen[.by], let earlier = clauses.by {
          advance()
          let more = try parseGroupItems()
          let isGrain: (GroupItem) -> Bool = { if case .grain = $0 { return true } else { return false } }
          guard earlier.allSatisfy(isGrain) != more.allSatisfy(isGrain), !more.isEmpty else {
            throw failure(.duplicateClause, "duplicate 'by' clause", at: t.range,
                          notes: ["the first 'by' is at \(first.start); list the groups in one 'by', separated by commas",
                                  "a time grain may have a 'by' of its own: by month ... by division"])
          }
          clauses.by = earlier.allSatisfy(isGrain) ? earlier + more : more + earlier
          continue
        }
        try once(.by, t.range)
        advance()
        clauses.by = try parseGroupItems()
      case "group" where peek(1).isWord("by"):
        throw failure(.groupBy, "'group by' is written 'by' in arql", at: t.range.union(peek(1).range),
                      fixIt: Diagnostic.FixIt(range: t.range.union(peek(1).range), replacement: "by"))
      case "where":
        try once(.where, t.range)
        advance()
        skipNewlines()
        checkingColumns = true
        defer { checkingColumns = false }
        clauses.filter = try parseBoolExpression()
      case "having":
        try once(.having, t.range)
        advance()
        skipNewlines()
        clauses.having = try parseBoolExpression()
      case "as" where peek(1).isWord("of"):
        try once(.asOf, t.range)
        advance()
        advance()
        skipNewlines()
        clauses.asOf = try parseDate()
      case "as", "chart", "to":
        output = try parseOutput()
        let after = peek()
        switch after.kind {
        case .newline, .semicolon, .endOfInput, .rightParen: return
        case .string where allowDescription: return
        default:
          if let w = after.word, Keywords.clauseStarts.contains(w) {
            throw failure(.misplacedClause, "the output ('as', 'chart', 'to') ends the statement; '\(w)' must come before it",
                          at: after.range)
          }
          throw unexpected(after, expected: ["end of statement"])
        }
      case "vs":
        try once(.vs, t.range)
        advance()
        skipNewlines()
        clauses.comparison = try parseComparison()
      case "trend":
        try once(.trend, t.range)
        advance()
        clauses.trend = true
      case "top", "bottom":
        try once(.rank, t.range)
        advance()
        let count = try positiveInteger("a number of rows")
        var per: Identifier? = nil
        if accept("per") { per = try dimension() }
        clauses.ranking = Ranking(top: word == "top", count: count, per: per)
        if at("by"), let metric = metricAhead(1) {
          let range = t.range.union(peek(metric.count).range)
          throw failure(.topNBy, "'\(word) N by METRIC' is not a ranking: 'by' groups rows", at: range,
                        notes: ["rank by a metric with 'order by \(metric.name) \(word) \(count)'; 'by' followed by a dimension groups"],
                        fixIt: Diagnostic.FixIt(range: range, replacement: "order by \(metric.name) \(word) \(count)"))
        }
      case "order":
        try once(.order, t.range)
        advance()
        guard accept("by") else {
          throw failure(.orderWithoutBy, "'order' is written 'order by'", at: t.range,
                        fixIt: Diagnostic.FixIt(range: t.range, replacement: "order by"))
        }
        clauses.order = try parseOrderItems()
      case "limit":
        try once(.limit, t.range)
        advance()
        clauses.limit = try positiveInteger("a number of rows")
      case "pivot":
        try once(.pivot, t.range)
        advance()
        _ = accept("by")
        skipNewlines()
        if let w = peek().word, let unit = Keywords.units[w], peek(1).kind != .dot {
          advance()
          clauses.pivot = .grain(unit)
        } else {
          clauses.pivot = .dimension(try dimension("a grain or a dimension"))
        }
      default:
        if atWindowStart() {
          try once(.window, t.range)
          clauses.window = try parseWindow()
          try rejectUnitAfterWindow(clauses.window)
        } else {
          throw unexpectedInClauses(t)
        }
      }
    }
  }

  /// Whether a catalog metric starts `ahead` tokens from here, and how many words it takes.
  func metricAhead(_ ahead: Int) -> (name: String, count: Int)? {
    let words = phraseWords(from: ahead)
    guard let match = context.metrics.longestMatch(words), !context.dimensions.contains(words.prefix(match.count).joined(separator: " "))
    else { return nil }
    return (match.name, match.count + 1)
  }

  /// The failure for a token that starts no clause.
  func unexpectedInClauses(_ t: Token) -> Failure {
    if let word = t.word, !Keywords.reserved.contains(word) {
      let candidates = ["by", "where", "having", "last", "next", "this", "previous", "from", "vs", "trend", "top", "bottom",
                        "order", "limit", "pivot", "chart"]
      if let near = DidYouMean.suggestion(for: word, among: candidates) {
        return failure(.unexpectedToken, "unexpected '\(t.text)'", at: t.range, label: "did you mean '\(near)'?",
                       fixIt: Diagnostic.FixIt(range: t.range, replacement: near))
      }
      if context.metrics.longestMatch([word]) != nil || context.metrics.isPrefix([word]) {
        return failure(.unexpectedToken, "unexpected metric '\(t.text)' after the clauses", at: t.range,
                       notes: ["separate metrics with ',' and put them first: balance, overdue by division"])
      }
    }
    return unexpected(t, expected: ["'by'", "'where'", "a time window like 'last 90 days'", "end of statement"].prefix(3).map { $0 })
  }

  /// `by` items.
  mutating func parseGroupItems() throws -> [GroupItem] {
    var items: [GroupItem] = []
    repeat {
      skipNewlines()
      let t = peek()
      if let word = t.word, peek(1).kind != .dot,
        let unit = Keywords.units[word].flatMap({ word.hasSuffix("s") ? nil : $0 })
          ?? (context.dimensions.contains(word) ? nil : Keywords.frenchGrains[MetricVocabulary.fold(word)])
      {
        advance()
        items.append(.grain(unit, t.range))
      } else if t.isWord("bucket") && peek(1).kind == .leftParen {
        advance()
        advance()
        let column = try identifier("a column")
        try expect(.comma, "','")
        skipNewlines()
        let edges = try integerList()
        try expect(.rightParen, "')'")
        items.append(.bucket(column, edges))
      } else {
        if t.kind == .word, Keywords.reserved.contains(t.word ?? "") {
          throw unexpected(t, expected: ["a dimension", "a grain like 'month'"])
        }
        let name = try dimension()
        var grain: TimeUnit? = nil
        if peek().kind == .dot {
          advance()
          let g = peek()
          guard let w = g.word, let unit = Keywords.units[w] ?? Keywords.frenchGrains[MetricVocabulary.fold(w)] else {
            throw unexpected(g, expected: ["'day'", "'month'", "'quarter'"])
          }
          advance()
          grain = unit
        }
        items.append(.dimension(name, grain: grain))
      }
    } while peek().kind == .comma && advance().kind == .comma
    return items
  }

  /// `order by` items.
  mutating func parseOrderItems() throws -> [OrderItem] {
    var items: [OrderItem] = []
    repeat {
      skipNewlines()
      let t = peek()
      let key: OrderItem.Key
      if t.kind == .integer {
        key = .position(try positiveInteger("a column position"))
      } else if t.kind == .word, let metric = metricAhead(0), metric.count - 1 > 1 {
        for _ in 0..<(metric.count - 1) { advance() }
        key = .name(Identifier(metric.name, range: t.range.union(previous.range)))
      } else {
        key = .name(try identifier("a metric or a dimension"))
      }
      var descending: Bool? = nil
      if accept("desc") { descending = true } else if accept("asc") { descending = false }
      items.append(OrderItem(key: key, descending: descending))
    } while peek().kind == .comma && advance().kind == .comma
    return items
  }

  /// `as FORMAT [chart [kind]] [to 'file']`, `chart [kind] [to 'file']`, `to 'file'`.
  mutating func parseOutput() throws -> OutputSpec {
    var output = OutputSpec()
    if accept("as") {
      skipNewlines()
      let t = peek()
      guard let word = t.word, Keywords.formats.contains(word) else {
        if let word = t.word, let near = DidYouMean.suggestion(for: word, among: Keywords.formats) {
          throw failure(.unknownWord, "unknown output format '\(t.text)'", at: t.range, label: "did you mean '\(near)'?",
                        notes: ["formats: " + Keywords.formats.joined(separator: ", ")])
        }
        throw unexpected(t, expected: ["'csv'", "'json'", "'markdown'"], notes: ["formats: " + Keywords.formats.joined(separator: ", ")])
      }
      advance()
      output.format = word
    }
    if accept("chart") {
      output.chart = ""
      if let word = peek().word, Keywords.chartKinds.contains(word) {
        advance()
        output.chart = word
      } else if let word = peek().word, !Keywords.reserved.contains(word), let near = DidYouMean.suggestion(for: word, among: Keywords.chartKinds) {
        throw failure(.unknownWord, "unknown chart kind '\(word)'", at: peek().range, label: "did you mean '\(near)'?",
                      notes: ["charts: bar, line, spark"])
      }
    }
    if accept("to") {
      output.destination = try expect(.string, "a file name in quotes").value
    }
    return output
  }
}
