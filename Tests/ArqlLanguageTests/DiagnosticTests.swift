import ArqlLanguage
import ArqlSupport
import Testing

@Suite("Diagnostics")
struct DiagnosticTests {
  static func diagnostics(_ text: String) -> [Diagnostic] { TestVocabulary.parse(text).diagnostics }

  @Test("rendered as the source line with a caret, the label, notes and the fix")
  func rendering() throws {
    let text = "dsoo by division"
    let d = try #require(Self.diagnostics(text).first)
    #expect(DiagnosticRenderer(source: text).render(d) == """
      error[E010]: unknown metric 'dsoo'
       --> query:1:1
        |
      1 | dsoo by division
        | ^^^^ did you mean 'dso'?
        = note: '.metrics' lists the metrics
        = help: write 'dso'
      """)
  }

  @Test("the caret is on the right line and column of a multi-line script, under the whole token")
  func multiLine() throws {
    let text = "balance by division\noverdue where division = 'North'\n  and category == 'Retail'"
    let d = try #require(Self.diagnostics(text).first)
    #expect(d.range.start.line == 3 && d.range.start.column == 16)
    let rendered = DiagnosticRenderer(source: text, name: "weekly.arql").render(d)
    #expect(rendered.contains(" --> weekly.arql:3:16\n"))
    #expect(rendered.contains("3 |   and category == 'Retail'\n  |                ^^"))
  }

  @Test("at most three expectations, written as users type them")
  func expectations() throws {
    let d = try #require(Self.diagnostics("balance 42").first)
    #expect(d.message == "unexpected '42'; expected 'by', 'where' or a time window like 'last 90 days'")
    let e = try #require(Self.diagnostics("balance as of 42").first)
    #expect(e.message == "unexpected '42'; expected a date like 2025-06-30, 'today' or 'end of previous quarter'")
  }

  @Test("did-you-mean for metrics, multi-word metrics, keywords, formats, units and dialects", arguments: [
    ("dsoo", "did you mean 'dso'?"),
    ("aged balanse by customer", "did you mean 'aged balance'?"),
    ("balance by division wher x = 1", "did you mean 'where'?"),
    ("balance by division as jsn", "did you mean 'json'?"),
    ("balance last 3 mnths", "did you mean 'months'?"),
    ("explain sql postgress balance", "did you mean 'postgres'?"),
    ("balance chart lin", "did you mean 'line'?"),
    ("param p: txt", "did you mean 'text'?"),
  ])
  func didYouMean(text: String, label: String) throws {
    let d = try #require(Self.diagnostics(text).first)
    #expect(d.label == label, "\(d.message)")
  }

  @Test("no suggestion when nothing is close")
  func noWildGuess() throws {
    let d = try #require(Self.diagnostics("frobnicate by division").first)
    #expect(d.label == nil)
    #expect(DidYouMean.suggestion(for: "xyz", among: ["balance", "dso"]) == nil)
    #expect(DidYouMean.suggestion(for: "dbo", among: ["dso", "dbt"]) == "dso")
  }

  /// The search stops as soon as a candidate cannot win; what it answers must still be the
  /// full search's answer: checked against a plain table on random words from a small alphabet
  /// (so that ties, near misses and case differences are common).
  @Test("bounded suggestions equal a full search")
  func boundedSuggestions() {
    func fullDistance(_ a: String, _ b: String) -> Int {
      let x = Array(a.lowercased()), y = Array(b.lowercased())
      var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
      for i in 0...x.count { table[i][0] = i }
      for j in 0...y.count { table[0][j] = j }
      for i in stride(from: 1, through: x.count, by: 1) {
        for j in stride(from: 1, through: y.count, by: 1) {
          table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
      }
      return table[x.count][y.count]
    }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let alphabet: [Character] = ["a", "b", "A", "c", " ", "é"]
    func word() -> String { String((0..<next(12)).map { _ in alphabet[next(alphabet.count)] }) }
    for _ in 0..<400 {
      let name = word()
      let candidates = (0..<next(30)).map { _ in word() }
      let limit = max(1, name.count / 3)
      var expected: (String, Int)?
      for c in candidates where c.lowercased() != name.lowercased() {
        let d = fullDistance(name, c)
        if d <= limit && d < (expected?.1 ?? .max) { expected = (c, d) }
      }
      #expect(DidYouMean.suggestion(for: name, among: candidates) == expected?.0, "\(name) among \(candidates)")
      let maxDistance = next(4)
      var closest: (String, Int)?
      for c in candidates {
        let d = fullDistance(name, c)
        if d <= maxDistance && d < (closest?.1 ?? .max) { closest = (c, d) }
      }
      #expect(DidYouMean.closest(to: name, among: candidates, maxDistance: maxDistance) == closest?.0)
      if let other = candidates.first { #expect(DidYouMean.distance(name, other) == fullDistance(name, other)) }
    }
  }

  @Test("known mistakes get targeted hints", arguments: [
    ("balance group by division", DiagnosticCode.groupBy, "'group by' is written 'by' in arql"),
    ("aged balance top 20 by overdue", .topNBy, "'top N by METRIC' is not a ranking: 'by' groups rows"),
    ("select balance from invoices", .sqlSelect, "arql has no 'select': a query starts with its metrics"),
    ("overdue where days_past_due between 30 to 60", .betweenTo, "'between' takes 'and', not 'to'"),
    ("dso last quarter days", .unitAfterUnit, "a window has one unit: 'days' follows a complete window"),
    ("dso from 2025-01-01 and 2025-03-31", .fromAnd, "'from' takes 'to', not 'and'"),
    ("balance order balance", .orderWithoutBy, "'order' is written 'order by'"),
    ("sum(amount)", .sqlAggregate, "arql has no SQL aggregate 'sum(...)': metrics are named"),
    ("dso last by division", .lastWithoutCount, "'last' takes a count and a unit, or a unit"),
  ])
  func knownMistakes(text: String, code: DiagnosticCode, message: String) throws {
    let d = try #require(Self.diagnostics(text).first)
    #expect(d.code == code)
    #expect(d.message == message)
  }

  @Test("fix-its replace the mistake")
  func fixIts() throws {
    let group = try #require(Self.diagnostics("balance group by division").first?.fixIt)
    #expect(group.replacement == "by")
    let top = try #require(Self.diagnostics("aged balance top 20 by overdue").first?.fixIt)
    #expect(top.replacement == "order by overdue top 20")
  }

  @Test("a duplicate clause points at the second one and names the first")
  func duplicate() throws {
    let d = try #require(Self.diagnostics("overdue where a = 1 where b = 2").first)
    #expect(d.code == .duplicateClause)
    #expect(d.range.start.column == 21)
    #expect(d.notes == ["the first 'where' is at 1:9; combine the conditions with 'and'"])
  }

  @Test("one error per statement (no cascade), and every independent error of a script")
  func noCascades() throws {
    let script = "balance by by by\noverdue where where\ndso last 90 days\nbalanse\ncei by month"
    let result = TestVocabulary.parse(script)
    guard case .failed(let parsed, let diagnostics) = result else {
      Issue.record("expected failures")
      return
    }
    #expect(diagnostics.map(\.range.start.line) == [1, 2, 4])
    #expect(parsed.statements.count == 2)  // the good statements are kept
  }

  @Test("the unknown-metric hint for a dimension written as a metric")
  func dimensionAsMetric() throws {
    let d = try #require(Self.diagnostics("customer").first)
    #expect(d.code == .unknownMetric)
    #expect(d.notes.first == "'customer' is a dimension: group by it with 'by customer'")
  }

  @Test("reserved words as names need backticks, and the message says so")
  func reservedAsName() throws {
    let d = try #require(Self.diagnostics("balance by order").first)
    #expect(d.code == .unexpectedToken)
    #expect(Self.diagnostics("balance by `order`").isEmpty)
  }

  @Test("user-defined metrics parse like built-ins, and are suggested")
  func userMetrics() throws {
    #expect(Self.diagnostics("define metric late_share = overdue / balance\nlate_share by division").isEmpty)
    let d = try #require(Self.diagnostics("define metric late_share = overdue / balance\nlate_shar by division").first)
    #expect(d.label == "did you mean 'late_share'?")
  }
}

@Suite("Dimension names, when the caller passes them")
struct DimensionCheckTests {
  static let context = ParserContext(metrics: TestVocabulary.metrics, dimensions: TestVocabulary.dimensions + ["amount", "Code Client"],
                                     validatesDimensions: true)

  @Test("an unknown dimension gets a caret, a did-you-mean and the list of available ones", arguments: [
    ("balance by 1️⃣divison", "did you mean 'division'?"),
    ("balance by customer top 5 per 1️⃣divsion", "did you mean 'division'?"),
    ("balance by customer pivot by 1️⃣categry", "did you mean 'category'?"),
    ("overdue where 1️⃣days_past_du > 90", "did you mean 'days_past_due'?"),
    ("overdue where lower(1️⃣custmer) = 'acme'", "did you mean 'customer'?"),
  ])
  func unknown(marked: String, label: String) throws {
    let m = MarkedText(marked)
    let d = try #require(Parser.parse(m.text, context: Self.context).diagnostics.first)
    #expect(d.code == .unknownDimension)
    #expect(d.label == label)
    #expect(d.range.start.column == m.column)
    #expect(d.notes.first?.hasPrefix("available: agent, amount, category, Code Client, collector") == true)
  }

  @Test("known dimensions, grains, functions, backtick names and defined dimensions pass")
  func known() {
    for text in ["balance by division, month", "balance by customer where amount > 10 and lower(customer) = 'x'",
                 "balance where `Code Client` = 'C1'", "define dimension size = amount * 2\nbalance by size"] {
      #expect(Parser.parse(text, context: Self.context).diagnostics.isEmpty, "\(text)")
    }
  }
}
