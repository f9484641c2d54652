/// A row-level value: a column, a literal, arithmetic, a function call or a `case`.
public indirect enum ValueExpr: Sendable, Hashable {
  case literal(Literal, SourceRange)
  case parameter(Identifier)
  /// A column or user dimension (in `having`: a metric).
  case column(Identifier)
  case call(Identifier, [ValueExpr])
  case caseWhen([WhenClause], otherwise: ValueExpr?)
  case negate(ValueExpr)
  case binary(ArithmeticOperator, ValueExpr, ValueExpr)

  /// One `when ... then ...` branch.
  public struct WhenClause: Sendable, Hashable {
    public var condition: BoolExpr
    public var value: ValueExpr
  }
}

/// `+ - * /`.
public enum ArithmeticOperator: String, Sendable, Hashable {
  case add = "+", subtract = "-", multiply = "*", divide = "/"

  /// Binding strength: `*` and `/` bind tighter.
  var precedence: Int { self == .add || self == .subtract ? 1 : 2 }
}
