extension Parser {
  // MARK: - Conditions

  /// `term { or term }`.
  mutating func parseBoolExpression() throws -> BoolExpr {
    var terms = [try parseBoolTerm()]
    while at("or") {
      advance()
      skipNewlines()
      terms.append(try parseBoolTerm())
    }
    return terms.count == 1 ? terms[0] : .or(terms)
  }

  /// `factor { and factor }`.
  mutating func parseBoolTerm() throws -> BoolExpr {
    var factors = [try parseBoolFactor()]
    while at("and") {
      advance()
      skipNewlines()
      factors.append(try parseBoolFactor())
    }
    return factors.count == 1 ? factors[0] : .and(factors)
  }

  /// `[not] atom`.
  mutating func parseBoolFactor() throws -> BoolExpr {
    try nest()
    defer { nesting -= 1 }
    skipNewlines()
    if at("not") {
      advance()
      return .not(try parseBoolFactor())
    }
    if peek().kind == .leftParen {
      // A parenthesised condition, or a parenthesised value that a comparison follows.
      let open = index
      advance()
      let inner = try parseBoolExpression()
      try expect(.rightParen, "')'")
      if isValueContinuation(peek()) {
        guard case .truth(let value) = inner else {
          throw unexpected(peek(), expected: ["'and'", "'or'", "')'"])
        }
        _ = open
        return try parsePredicate(after: try continueValue(value))
      }
      return inner
    }
    return try parsePredicate(after: try parseValueExpression())
  }

  /// Whether a token continues a value (arithmetic or comparison) rather than a condition.
  func isValueContinuation(_ t: Token) -> Bool {
    switch t.kind {
    case .plus, .minus, .star, .slash, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
    case .word: return ["in", "between", "like", "is", "not"].contains(t.word ?? "") && !(t.isWord("in") && peek(1).kind != .leftParen)
    default: return false
    }
  }

  /// Applies arithmetic that follows a parenthesised value.
  mutating func continueValue(_ left: ValueExpr) throws -> ValueExpr {
    var value = left
    while peek().kind == .star || peek().kind == .slash {
      let op: ArithmeticOperator = advance().kind == .star ? .multiply : .divide
      skipNewlines()
      value = .binary(op, value, try parseValueAtom())
    }
    while peek().kind == .plus || peek().kind == .minus {
      let op: ArithmeticOperator = advance().kind == .plus ? .add : .subtract
      skipNewlines()
      value = .binary(op, value, try parseValueTerm())
    }
    return value
  }

  /// The part of a predicate after its left value.
  mutating func parsePredicate(after left: ValueExpr) throws -> BoolExpr {
    let t = peek()
    let comparison: ComparisonOperator?
    switch t.kind {
    case .equal: comparison = .equal
    case .notEqual: comparison = .notEqual
    case .less: comparison = .less
    case .lessEqual: comparison = .lessEqual
    case .greater: comparison = .greater
    case .greaterEqual: comparison = .greaterEqual
    default: comparison = nil
    }
    if let comparison {
      advance()
      skipNewlines()
      return .compare(left, comparison, try parseValueExpression())
    }
    var negated = false
    if at("not"), let next = peek(1).word, ["in", "between", "like"].contains(next) {
      advance()
      negated = true
    }
    if at("in") && peek(1).kind == .leftParen {
      advance()
      advance()
      var values: [ValueExpr] = []
      repeat {
        skipNewlines()
        if peek().kind == .parameter {
          let p = advance()
          values.append(.parameter(Identifier(p.value, range: p.range)))
        } else {
          let start = peek().range
          values.append(.literal(try requiredLiteral("a value"), start))
        }
      } while peek().kind == .comma && advance().kind == .comma
      try expect(.rightParen, "')'")
      return .inList(left, values, negated: negated)
    }
    if at("between") {
      advance()
      skipNewlines()
      let low = try parseValueExpression()
      if at("to") {
        throw failure(.betweenTo, "'between' takes 'and', not 'to'", at: peek().range,
                      fixIt: Diagnostic.FixIt(range: peek().range, replacement: "and"))
      }
      try expect("and")
      skipNewlines()
      return .between(left, low, try parseValueExpression(), negated: negated)
    }
    if at("like") {
      advance()
      return .like(left, try expect(.string, "a pattern in quotes").value, negated: negated)
    }
    if negated { throw unexpected(peek(), expected: ["'in'", "'between'", "'like'"]) }
    if at("is") {
      advance()
      let not = accept("not")
      try expect("null")
      return .isNull(left, negated: not)
    }
    return .truth(left)
  }

  // MARK: - Values

  /// `term { (+|-) term }`.
  mutating func parseValueExpression() throws -> ValueExpr {
    var left = try parseValueTerm()
    while peek().kind == .plus || peek().kind == .minus {
      let op: ArithmeticOperator = advance().kind == .plus ? .add : .subtract
      skipNewlines()
      left = .binary(op, left, try parseValueTerm())
    }
    return left
  }

  mutating func parseValueTerm() throws -> ValueExpr {
    var left = try parseValueAtom()
    while peek().kind == .star || peek().kind == .slash {
      let op: ArithmeticOperator = advance().kind == .star ? .multiply : .divide
      skipNewlines()
      left = .binary(op, left, try parseValueAtom())
    }
    return left
  }

  mutating func parseValueAtom() throws -> ValueExpr {
    try nest()
    defer { nesting -= 1 }
    skipNewlines()
    let t = peek()
    if let value = try literal() { return .literal(value, t.range) }
    switch t.kind {
    case .parameter:
      advance()
      return .parameter(Identifier(t.value, range: t.range))
    case .minus:
      advance()
      return .negate(try parseValueAtom())
    case .leftParen:
      advance()
      let inner = try parseValueExpression()
      try expect(.rightParen, "')'")
      return inner
    case .quotedIdentifier:
      advance()
      // Column names are not case-sensitive (extra columns go by their name in lower case).
      let name = Identifier(t.value.lowercased(), quoted: true, range: t.range)
      return .column(checkingColumns ? try checkedDimension(name) : name)
    case .word:
      if t.isWord("case") { return try parseCase() }
      // A multi-word metric (in `having`) reads as its canonical name.
      let words = phraseWords(from: 0)
      if let match = context.metrics.longestMatch(words), match.count > 1 {
        for _ in 0..<match.count { advance() }
        return .column(Identifier(match.name, range: t.range.union(previous.range)))
      }
      let name = try identifier("a column or a value")
      if peek().kind == .leftParen {
        advance()
        var arguments: [ValueExpr] = []
        if peek().kind != .rightParen {
          repeat {
            skipNewlines()
            arguments.append(try parseValueExpression())
          } while peek().kind == .comma && advance().kind == .comma
        }
        try expect(.rightParen, "')'")
        return .call(name, arguments)
      }
      return .column(checkingColumns ? try checkedDimension(name) : name)
    default:
      throw unexpected(t, expected: ["a column", "a value"])
    }
  }

  /// `case when c then v ... [else v] end`.
  mutating func parseCase() throws -> ValueExpr {
    advance()
    var branches: [ValueExpr.WhenClause] = []
    skipNewlines()
    while accept("when") {
      skipNewlines()
      let condition = try parseBoolExpression()
      try expect("then")
      skipNewlines()
      branches.append(ValueExpr.WhenClause(condition: condition, value: try parseValueExpression()))
      skipNewlines()
    }
    guard !branches.isEmpty else { throw unexpected(peek(), expected: ["'when'"]) }
    var otherwise: ValueExpr? = nil
    if accept("else") {
      skipNewlines()
      otherwise = try parseValueExpression()
    }
    try expect("end")
    return .caseWhen(branches, otherwise: otherwise)
  }
}
