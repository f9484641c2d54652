import ArqlSupport
extension Parser {
  /// One statement, dispatched on its first word.
  mutating func parseStatement() throws -> Statement {
    let t = peek()
    switch t.word {
    case "explain": return try parseExplain()
    case "backtest" where context.metrics.longestMatch(["backtest"]) == nil:
      advance()
      skipNewlines()
      return .backtest(try parseQuery())
    case "list" where context.metrics.longestMatch(["list"]) == nil:
      return try parseList()
    case "define": return try parseDefine()
    case "run": return try parseRun()
    case "let": return try parseLet()
    case "param": return try parseParam()
    case "set": return try parseSet()
    case "load": return try parseLoad()
    case "select":
      throw failure(.sqlSelect, "arql has no 'select': a query starts with its metrics", at: t.range,
                    notes: ["write the metric first, then clauses: balance, overdue by customer where division = 'North'"])
    default:
      return .query(try parseQuery())
    }
  }

  /// `list [open] items ...` (the items behind the balance) or `list METRICS ...`.
  mutating func parseList() throws -> Statement {
    advance()
    skipNewlines()
    let start = peek().range
    let open = at("open") && peek(1).isWord("items")
    guard open || at("items") else { return .list(try parseQuery()) }
    if open { advance() }
    advance()
    var clauses = Clauses()
    var output = OutputSpec()
    try parseClauses(into: &clauses, output: &output, allowDescription: false)
    let balance = MetricItem(expression: .call(MetricCall(name: "balance", written: "items", arguments: [], range: start)), alias: nil, range: start)
    return .list(Query(metrics: [balance], clauses: clauses, output: output, range: start.union(previous.range)))
  }

  mutating func parseExplain() throws -> Statement {
    advance()
    var mode = ExplainMode.resolved
    if accept("plan") {
      mode = .plan
    } else if accept("sql") {
      var dialect: String? = nil
      if let word = peek().word, Keywords.dialects.contains(word) {
        advance()
        dialect = word
      } else if let word = peek().word, !Keywords.reserved.contains(word), context.metrics.longestMatch([word]) == nil,
        let near = DidYouMean.suggestion(for: word, among: Keywords.dialects)
      {
        throw failure(.unknownWord, "unknown SQL dialect '\(word)'", at: peek().range, label: "did you mean '\(near)'?",
                      notes: ["dialects: " + Keywords.dialects.joined(separator: ", ")])
      }
      mode = .sql(dialect: dialect)
    }
    skipNewlines()
    return .explain(mode, try parseQuery())
  }

  mutating func parseDefine() throws -> Statement {
    advance()
    skipNewlines()
    let t = peek()
    switch t.word {
    case "metric":
      advance()
      let name = try identifier("a metric name")
      let parameters = peek().kind == .leftParen ? try parameterDeclarations() : []
      try expect(.equal, "'='")
      skipNewlines()
      let expression = try parseMetricExpression()
      var filter: BoolExpr? = nil
      if accept("where") {
        skipNewlines()
        filter = try parseBoolExpression()
      }
      var format: String? = nil
      if accept("format") {
        skipNewlines()
        guard let word = peek().word, Keywords.numberFormats.contains(word) else {
          throw unexpected(peek(), expected: Keywords.numberFormats.map { "'\($0)'" })
        }
        advance()
        format = word
        if word == "decimal" && peek().kind == .integer { format = "decimal \(advance().value)" }
      }
      let description = peek().kind == .string ? advance().value : nil
      context.metrics.add(name.name)
      return .define(.metric(name: name, parameters: parameters, expression: expression, filter: filter, format: format,
                             description: description))
    case "dimension":
      advance()
      let name = try identifier("a dimension name")
      try expect(.equal, "'='")
      skipNewlines()
      let expression = try parseValueExpression()
      let description = peek().kind == .string ? advance().value : nil
      context.dimensions.append(name.name)
      return .define(.dimension(name: name, expression: expression, description: description))
    case "query":
      advance()
      let name = try identifier("a query name")
      let parameters = peek().kind == .leftParen ? try parameterDeclarations() : []
      try expect(.equal, "'='")
      skipNewlines()
      let query = try parseQuery(allowDescription: true)
      let description = peek().kind == .string ? advance().value : nil
      definedQueries.append(name.name)
      return .define(.query(name: name, parameters: parameters, query: query, description: description))
    default:
      throw unexpected(t, expected: ["'metric'", "'dimension'", "'query'"])
    }
  }

  /// `(name: type [= default], ...)`.
  mutating func parameterDeclarations() throws -> [ParameterDeclaration] {
    try expect(.leftParen, "'('")
    var result: [ParameterDeclaration] = []
    repeat {
      result.append(try parameterDeclaration())
    } while peek().kind == .comma && advance().kind == .comma
    try expect(.rightParen, "')'")
    return result
  }

  /// `name: type [= default]`.
  mutating func parameterDeclaration() throws -> ParameterDeclaration {
    let name = try identifier("a parameter name")
    try expect(.colon, "':'")
    skipNewlines()
    guard let type = peek().word, Keywords.typeNames.contains(type) else {
      let t = peek()
      if let word = t.word, let near = DidYouMean.suggestion(for: word, among: Keywords.typeNames) {
        throw failure(.unknownWord, "unknown type '\(word)'", at: t.range, label: "did you mean '\(near)'?",
                      notes: ["types: " + Keywords.typeNames.joined(separator: ", ")])
      }
      throw unexpected(t, expected: Keywords.typeNames.prefix(3).map { "'\($0)'" })
    }
    advance()
    var value: Literal? = nil
    if peek().kind == .equal {
      advance()
      value = try requiredLiteral("a default value")
    }
    return ParameterDeclaration(name: name, type: type, defaultValue: value)
  }

  mutating func parseRun() throws -> Statement {
    advance()
    let name = try identifier("a saved query name")
    var arguments: [(name: Identifier, value: ValueExpr)] = []
    if peek().kind == .leftParen {
      advance()
      if peek().kind != .rightParen {
        repeat {
          let argument = try identifier("a parameter name")
          try expect(.equal, "'='")
          skipNewlines()
          let value: ValueExpr
          if peek().kind == .parameter {
            let p = advance()
            value = .parameter(Identifier(p.value, range: p.range))
          } else {
            let start = peek().range
            value = .literal(try requiredLiteral(), start)
          }
          arguments.append((argument, value))
        } while peek().kind == .comma && advance().kind == .comma
      }
      try expect(.rightParen, "')'")
    }
    var clauses = Clauses()
    var output = OutputSpec()
    try parseClauses(into: &clauses, output: &output, allowDescription: false)
    return .run(name: name, arguments: arguments, clauses: clauses, output: output)
  }

  mutating func parseLet() throws -> Statement {
    advance()
    let name = try identifier("a variable name")
    try expect(.equal, "'='")
    skipNewlines()
    if atWindowStart() && !at("in") {
      return .let(name: name, value: .window(try parseWindow()))
    }
    if at("in") {
      return .let(name: name, value: .window(try parseWindow()))
    }
    if at("start") || at("end") || at("today") || at("yesterday") {
      return .let(name: name, value: .date(try parseDate()))
    }
    let value = try parseValueExpression()
    if case .literal(let literal, _) = value { return .let(name: name, value: .literal(literal)) }
    return .let(name: name, value: .value(value))
  }

  mutating func parseParam() throws -> Statement {
    advance()
    let declaration = try parameterDeclaration()
    let description = peek().kind == .string ? advance().value : nil
    return .param(declaration, description: description)
  }

  mutating func parseSet() throws -> Statement {
    advance()
    let name = try identifier("a setting name")
    try expect(.equal, "'='")
    skipNewlines()
    if let value = try literal() { return .set(name: name, value: .literal(value)) }
    return .set(name: name, value: .word(try identifier("a value")))
  }

  mutating func parseLoad() throws -> Statement {
    advance()
    skipNewlines()
    guard let kind = peek().word, kind == "csv" || kind == "fec" else { throw unexpected(peek(), expected: ["'csv'", "'fec'"]) }
    advance()
    let path = try expect(.string, "a file name in quotes").value
    var table: Identifier? = nil
    if accept("as") { table = try identifier("a table name") }
    var options: [LoadOption] = []
    if accept("with") {
      repeat {
        options.append(try loadOption())
      } while peek().kind == .comma && advance().kind == .comma
    }
    return .load(kind: kind, path: path, table: table, options: options)
  }

  mutating func loadOption() throws -> LoadOption {
    let name = try identifier("an option")
    switch name.name {
    case "columns":
      try expect(.leftParen, "'('")
      var pairs: [(native: Identifier, file: String)] = []
      repeat {
        let native = try identifier("a native column")
        try expect(.equal, "'='")
        pairs.append((native, try expect(.string, "the file's column name in quotes").value))
      } while peek().kind == .comma && advance().kind == .comma
      try expect(.rightParen, "')'")
      return .columns(pairs)
    case "defaults":
      try expect(.leftParen, "'('")
      var pairs: [(native: Identifier, value: Literal)] = []
      repeat {
        let native = try identifier("a native column")
        try expect(.equal, "'='")
        pairs.append((native, try requiredLiteral()))
      } while peek().kind == .comma && advance().kind == .comma
      try expect(.rightParen, "')'")
      return .defaults(pairs)
    case "ignore":
      try expect(.leftParen, "'('")
      var names: [String] = []
      repeat {
        names.append(try expect(.string, "a column name in quotes").value)
      } while peek().kind == .comma && advance().kind == .comma
      try expect(.rightParen, "')'")
      return .ignore(names)
    default:
      try expect(.equal, "'='")
      return .setting(name, try requiredLiteral())
    }
  }
}
