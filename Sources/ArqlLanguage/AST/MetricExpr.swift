/// A metric expression: catalog metrics combined with arithmetic, optionally filtered.
public indirect enum MetricExpr: Sendable, Equatable {
  case number(ExactNumber, SourceRange)
  case parameter(Identifier)
  case negate(MetricExpr)
  case binary(ArithmeticOperator, MetricExpr, MetricExpr)
  /// `(overdue where days_past_due > 90)`.
  case filtered(MetricExpr, BoolExpr)
  case call(MetricCall)
}

/// A catalog metric with its arguments: `dso(method: countback)`.
public struct MetricCall: Sendable, Equatable {
  /// The canonical catalog name the words resolved to (`aged balance` → `aged_balance`).
  public var name: String
  /// The words as written.
  public var written: String
  public var arguments: [MetricArgument]
  public var range: SourceRange

  public init(name: String, written: String? = nil, arguments: [MetricArgument] = [], range: SourceRange = .none) {
    self.name = name
    self.written = written ?? name
    self.arguments = arguments
    self.range = range
  }

  public static func == (a: MetricCall, b: MetricCall) -> Bool { a.name == b.name && a.arguments == b.arguments }
}

/// `name: value` inside a metric call.
public struct MetricArgument: Sendable, Equatable {
  public var name: Identifier
  public var value: Value

  /// What an argument can hold.
  public enum Value: Sendable, Equatable {
    case literal(Literal)
    case word(Identifier)
    case integers([Int64])
  }

  public init(name: Identifier, value: Value) {
    self.name = name
    self.value = value
  }
}

/// One metric of a query's metric list, with an optional `as` alias.
public struct MetricItem: Sendable, Equatable {
  public var expression: MetricExpr
  public var alias: Identifier?
  public var range: SourceRange

  public init(expression: MetricExpr, alias: Identifier? = nil, range: SourceRange = .none) {
    self.expression = expression
    self.alias = alias
    self.range = range
  }
}
