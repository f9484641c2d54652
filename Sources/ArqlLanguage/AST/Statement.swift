/// A query: metrics first, then clauses in any order, then the output.
public struct Query: Sendable, Equatable {
  public var metrics: [MetricItem]
  public var clauses: Clauses
  public var output: OutputSpec
  public var range: SourceRange

  public init(metrics: [MetricItem], clauses: Clauses = Clauses(), output: OutputSpec = OutputSpec(), range: SourceRange = .none) {
    self.metrics = metrics
    self.clauses = clauses
    self.output = output
    self.range = range
  }
}

/// `explain [plan | sql [dialect]] query`.
public enum ExplainMode: Sendable, Equatable {
  case resolved
  case plan
  case sql(dialect: String?)
}

/// A typed parameter of a `param` statement or a definition.
public struct ParameterDeclaration: Sendable, Equatable {
  public var name: Identifier
  public var type: String
  public var defaultValue: Literal?

  public init(name: Identifier, type: String, defaultValue: Literal? = nil) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
  }
}

/// What `define` defines.
public enum Definition: Sendable, Equatable {
  case metric(name: Identifier, parameters: [ParameterDeclaration], expression: MetricExpr, filter: BoolExpr?, format: String?,
              description: String?)
  case dimension(name: Identifier, expression: ValueExpr, description: String?)
  case query(name: Identifier, parameters: [ParameterDeclaration], query: Query, description: String?)
}

/// The right side of `let`.
public enum LetValue: Sendable, Equatable {
  case literal(Literal)
  case value(ValueExpr)
  case window(TimeWindow)
  case date(DateExpr)
}

/// One `with` option of `load`.
public enum LoadOption: Sendable, Equatable {
  /// `decimal = ','`.
  case setting(Identifier, Literal)
  /// `columns(invoice_id = 'Doc No', ...)`: native column = file column.
  case columns([(native: Identifier, file: String)])
  /// `defaults(currency = 'EUR')`.
  case defaults([(native: Identifier, value: Literal)])
  /// `ignore('Text', 'Assignment')`.
  case ignore([String])

  public static func == (a: LoadOption, b: LoadOption) -> Bool {
    switch (a, b) {
    case let (.setting(x, y), .setting(u, v)): return x == u && y == v
    case let (.columns(x), .columns(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.native == $1.native && $0.file == $1.file }
    case let (.defaults(x), .defaults(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.native == $1.native && $0.value == $1.value }
    case let (.ignore(x), .ignore(y)): return x == y
    default: return false
    }
  }
}

/// A statement of a script.
public enum Statement: Sendable, Equatable {
  case query(Query)
  case explain(ExplainMode, Query)
  /// `backtest query`: forecasts made at a past as-of date against the cash that came.
  case backtest(Query)
  /// `list query`: the open items behind the query's amounts at its as-of date, one row each.
  case list(Query)
  case define(Definition)
  /// `run NAME [(name = value, ...)] [clauses] [output]`.
  case run(name: Identifier, arguments: [(name: Identifier, value: ValueExpr)], clauses: Clauses, output: OutputSpec)
  case `let`(name: Identifier, value: LetValue)
  case param(ParameterDeclaration, description: String?)
  case set(name: Identifier, value: SetValue)
  /// `load csv|fec 'file' [as table] [with options]`.
  case load(kind: String, path: String, table: Identifier?, options: [LoadOption])

  /// Whether the statement computes on a ledger; definitions, `let`, `param` and `set` do not.
  public var needsLedger: Bool {
    switch self {
    case .query, .explain, .backtest, .list, .run, .load: return true
    case .define, .let, .param, .set: return false
    }
  }

  /// The value of `set`.
  public enum SetValue: Sendable, Equatable {
    case literal(Literal)
    case word(Identifier)
  }

  public static func == (a: Statement, b: Statement) -> Bool {
    switch (a, b) {
    case let (.query(x), .query(y)): return x == y
    case let (.explain(m, x), .explain(n, y)): return m == n && x == y
    case let (.backtest(x), .backtest(y)): return x == y
    case let (.list(x), .list(y)): return x == y
    case let (.define(x), .define(y)): return x == y
    case let (.run(n1, a1, c1, o1), .run(n2, a2, c2, o2)):
      return n1 == n2 && c1 == c2 && o1 == o2 && a1.count == a2.count && zip(a1, a2).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    case let (.let(n1, v1), .let(n2, v2)): return n1 == n2 && v1 == v2
    case let (.param(p1, d1), .param(p2, d2)): return p1 == p2 && d1 == d2
    case let (.set(n1, v1), .set(n2, v2)): return n1 == n2 && v1 == v2
    case let (.load(k1, p1, t1, o1), .load(k2, p2, t2, o2)): return k1 == k2 && p1 == p2 && t1 == t2 && o1 == o2
    default: return false
    }
  }
}

/// A parsed script: its statements with their source ranges.
public struct Script: Sendable, Equatable {
  public var statements: [Statement]
  public var ranges: [SourceRange]

  public init(statements: [Statement] = [], ranges: [SourceRange] = []) {
    self.statements = statements
    self.ranges = ranges
  }

  public static func == (a: Script, b: Script) -> Bool { a.statements == b.statements }
}
