import ArqlLanguage
import Testing

/// Random token sequences and mutations of valid queries: the parser never crashes or hangs,
/// always answers complete, incomplete or failed-with-diagnostics, every diagnostic points
/// inside the text, and every complete parse round-trips through the formatter.
@Suite("Robustness")
struct RobustnessTests {
  /// A deterministic generator (the tests must be reproducible).
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
  }

  static var seeds: [String] {
    QueryTableTests.valid.map(\.query) + ((try? ExampleFiles.all().map(\.text)) ?? [])
  }

  static let pieces: [String] = [
    "balance", "overdue", "aged", "balance", "dso", "cei", "by", "where", "having", "and", "or", "not", "in", "between",
    "like", "is", "null", "last", "next", "this", "previous", "ytd", "from", "to", "as", "of", "vs", "trend", "top",
    "bottom", "per", "order", "limit", "pivot", "chart", "bar", "csv", "explain", "define", "metric", "query", "run", "let",
    "param", "set", "load", "case", "when", "then", "else", "end", "days", "month", "quarter", "division", "customer",
    "(", ")", "[", "]", ",", ";", ":", ".", "+", "-", "*", "/", "=", "!=", "<", ">=", "90", "2.5", "15%", "2025",
    "2025-06-30", "2025-Q1", "2025-03", "FY2025", "'North'", "\"x\"", "`Code Client`", "$div", "\n", "#c\n", "'open",
    "`", "==", "&&", "@", "select", "group", "same", "period", "year", "start", "end", "bucket", "true", "format",
  ]

  /// Checks one input; returns whether it parsed completely.
  @discardableResult
  static func check(_ text: String) -> Bool {
    let result = TestVocabulary.parse(text)
    let length = text.utf8.count
    switch result {
    case .complete(let script):
      let formatted = Formatter.format(script)
      let again = TestVocabulary.parse(formatted)
      #expect(again.script == script, "round trip of \(text.replacingNewlines) via \(formatted.replacingNewlines)")
      return true
    case .incomplete:
      return false
    case .failed(_, let diagnostics):
      #expect(!diagnostics.isEmpty)
      for d in diagnostics {
        #expect(d.range.start.line >= 1 && d.range.start.column >= 1 && d.range.start.offset <= length,
                "\(d) for \(text.replacingNewlines)")
        _ = DiagnosticRenderer(source: text).render(d)
      }
      return false
    }
  }

  @Test("mutations of every valid query and example: delete, insert, swap, truncate at every token")
  func mutations() {
    var random = Random(state: 1)
    var cases = 0
    for seed in Self.seeds {
      let tokens = Lexer.tokenize(seed).dropLast().map(\.text)
      for i in 0..<tokens.count {
        var deleted = tokens
        deleted.remove(at: i)
        var inserted = tokens
        inserted.insert(Self.pieces[random.below(Self.pieces.count)], at: i)
        var swapped = tokens
        if i + 1 < tokens.count { swapped.swapAt(i, i + 1) }
        for variant in [deleted, inserted, swapped, Array(tokens.prefix(i))] {
          Self.check(variant.joined(separator: " "))
          cases += 1
        }
      }
      // Character-level truncation at every position.
      for n in 0..<seed.count {
        Self.check(String(seed.prefix(n)))
        cases += 1
      }
    }
    #expect(cases > 10_000)
  }

  @Test("100,000 random token sequences")
  func randomSequences() {
    var random = Random(state: 42)
    var complete = 0
    for _ in 0..<100_000 {
      let length = 1 + random.below(14)
      var parts: [String] = []
      for _ in 0..<length { parts.append(Self.pieces[random.below(Self.pieces.count)]) }
      if Self.check(parts.joined(separator: " ")) { complete += 1 }
    }
    #expect(complete > 100)  // some random sequences are real queries, and they round-trip
  }

  @Test("deep nesting is an error, not a stack overflow")
  func nesting() {
    let deep = String(repeating: "(", count: 5_000) + "balance" + String(repeating: ")", count: 5_000)
    let result = TestVocabulary.parse(deep)
    #expect(result.diagnostics.first?.message.contains("nested too deeply") == true)
    let deepWhere = "balance where " + String(repeating: "not ", count: 5_000) + "disputed"
    #expect(!TestVocabulary.parse(deepWhere).diagnostics.isEmpty)
    let deepValue = "balance where x = " + String(repeating: "-", count: 5_000) + "1"
    _ = TestVocabulary.parse(deepValue)
  }

  @Test("runs of blank lines: the statements are those without them, and a continuation still joins across them")
  func blankLineRuns() {
    let blank = String(repeating: "\n", count: 50_000)  // quadratic in the run before: minutes in a debug build
    let plain = TestVocabulary.parse("balance\naged balance by division")
    let spaced = TestVocabulary.parse("balance" + blank + "aged balance by division" + blank)
    #expect(spaced.script.statements.count == 2 && spaced.diagnostics.isEmpty)
    #expect(spaced.script.statements.count == plain.script.statements.count)
    let continued = TestVocabulary.parse("aged balance" + blank + "by division")
    #expect(continued.script.statements.count == 1 && continued.diagnostics.isEmpty)
    let afterSemicolon = TestVocabulary.parse("balance;" + blank + "by division")
    #expect(!afterSemicolon.diagnostics.isEmpty)  // a statement cannot start with `by`
  }
}
