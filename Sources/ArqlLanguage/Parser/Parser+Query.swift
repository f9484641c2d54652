import ArqlSupport
extension Parser {
  /// `metric_list { clause } [ output ]`.
  mutating func parseQuery(allowDescription: Bool = false) throws -> Query {
    let start = peek().range
    var metrics: [MetricItem] = []
    repeat {
      skipNewlines()
      metrics.append(try parseMetricItem())
    } while peek().kind == .comma && advance().kind == .comma
    var clauses = Clauses()
    var output = OutputSpec()
    try parseClauses(into: &clauses, output: &output, allowDescription: allowDescription)
    return Query(metrics: metrics, clauses: clauses, output: output, range: start.union(previous.range))
  }

  /// `metric_expr [ as alias ]`.
  mutating func parseMetricItem() throws -> MetricItem {
    let start = peek().range
    let expression = try parseMetricExpression()
    var alias: Identifier? = nil
    if at("as") {
      let next = peek(1)
      let isAlias = next.kind == .quotedIdentifier
        || (next.kind == .word && next.word != "of" && !Keywords.formats.contains(next.word ?? "")
          && !Keywords.reserved.contains(next.word ?? ""))
      if isAlias {
        advance()
        if next.kind == .word, let word = next.word, let near = DidYouMean.suggestion(for: word, among: Keywords.formats) {
          throw failure(.unknownWord, "'\(next.text)' is not an output format", at: next.range, label: "did you mean '\(near)'?",
                        notes: ["to name the column '\(next.text)', write it in backticks: as `\(next.text)`"])
        }
        alias = try identifier("an alias")
      }
    }
    return MetricItem(expression: expression, alias: alias, range: start.union(previous.range))
  }

  /// `term { (+|-) term }`.
  mutating func parseMetricExpression() throws -> MetricExpr {
    var left = try parseMetricTerm()
    while peek().kind == .plus || peek().kind == .minus {
      let op: ArithmeticOperator = advance().kind == .plus ? .add : .subtract
      skipNewlines()
      left = .binary(op, left, try parseMetricTerm())
    }
    return left
  }

  mutating func parseMetricTerm() throws -> MetricExpr {
    var left = try parseMetricFactor()
    while peek().kind == .star || peek().kind == .slash {
      let op: ArithmeticOperator = advance().kind == .star ? .multiply : .divide
      skipNewlines()
      left = .binary(op, left, try parseMetricFactor())
    }
    return left
  }

  mutating func parseMetricFactor() throws -> MetricExpr {
    try nest()
    defer { nesting -= 1 }
    skipNewlines()
    let t = peek()
    switch t.kind {
    case .integer, .number:
      advance()
      guard let n = ExactNumber(t.value) else { throw failure(.invalidNumber, "'\(t.text)' is too large", at: t.range) }
      return .number(n, t.range)
    case .parameter:
      advance()
      return .parameter(Identifier(t.value, range: t.range))
    case .minus:
      advance()
      return .negate(try parseMetricFactor())
    case .leftParen:
      advance()
      let inner = try parseMetricExpression()
      var result = inner
      if accept("where") {
        skipNewlines()
        result = .filtered(inner, try parseBoolExpression())
      }
      try expect(.rightParen, "')'")
      return result
    case .word, .quotedIdentifier:
      return .call(try parseMetricCall())
    default:
      throw unexpected(t, expected: ["a metric"])
    }
  }

  /// A catalog metric by longest match of its words, with optional `(arguments)`.
  mutating func parseMetricCall() throws -> MetricCall {
    let t = peek()
    if t.kind == .quotedIdentifier {
      guard let name = context.metrics.canonical(t.value) else {
        throw unknownMetric(words: [t.value], range: t.range)
      }
      advance()
      return MetricCall(name: name, written: t.text, arguments: try metricArguments(), range: t.range)
    }
    let words = phraseWords(from: 0)
    guard let match = context.metrics.longestMatch(words) else {
      // The run of ordinary words the user meant as a metric name.
      var run: [String] = []
      var end = t.range
      var k = 0
      while let word = peek(k).word, !Keywords.reserved.contains(word) || k == 0, run.count < max(3, context.metrics.maxWords) {
        run.append(word)
        end = peek(k).range
        k += 1
      }
      if ["sum", "count", "avg", "average", "min", "max"].contains(words.first ?? "") && peek(1).kind == .leftParen {
        throw failure(.sqlAggregate, "arql has no SQL aggregate '\(words[0])(...)': metrics are named", at: t.range,
                      notes: ["for example: credit_sales, collected, balance, item_count; '.metrics' lists them all"])
      }
      throw unknownMetric(words: run, range: t.range.union(end))
    }
    let first = peek()
    for _ in 0..<match.count { advance() }
    let written = tokens[index - match.count..<index].map(\.text).joined(separator: " ")
    let range = first.range.union(previous.range)
    return MetricCall(name: match.name, written: written, arguments: try metricArguments(), range: range)
  }

  /// The diagnostic for a name the catalog does not know, with a did-you-mean.
  func unknownMetric(words: [String], range: SourceRange) -> Failure {
    let phrase = words.joined(separator: " ")
    var suggestion: String? = nil
    var n = words.count
    while n > 0 && suggestion == nil {
      suggestion = DidYouMean.suggestion(for: words.prefix(n).joined(separator: " "), among: context.metrics.allPhrases)
      n -= 1
    }
    if let word = words.first, Keywords.reserved.contains(word) || Keywords.clauseStarts.contains(word) {
      return unexpected(peek(), expected: ["a metric"])
    }
    var notes: [String] = []
    if context.dimensions.contains(phrase) { notes.append("'\(phrase)' is a dimension: group by it with 'by \(phrase)'") }
    notes.append("'.metrics' lists the metrics")
    return failure(.unknownMetric, "unknown metric '\(phrase)'", at: range, label: suggestion.map { "did you mean '\($0)'?" },
                   notes: notes, fixIt: suggestion.map { Diagnostic.FixIt(range: range, replacement: $0) })
  }

  /// `(name: value, ...)` after a metric name.
  mutating func metricArguments() throws -> [MetricArgument] {
    guard peek().kind == .leftParen else { return [] }
    advance()
    var arguments: [MetricArgument] = []
    if peek().kind != .rightParen {
      repeat {
        let name = try identifier("an argument name")
        try expect(.colon, "':'")
        skipNewlines()
        let value: MetricArgument.Value
        if peek().kind == .leftBracket {
          value = .integers(try integerList())
        } else if let literal = try literal() {
          value = .literal(literal)
        } else {
          value = .word(try identifier("an argument value"))
        }
        arguments.append(MetricArgument(name: name, value: value))
      } while peek().kind == .comma && advance().kind == .comma
    }
    try expect(.rightParen, "')'")
    return arguments
  }
}
