/// A condition of `where`, `having`, `case when` and filtered metrics.
public indirect enum BoolExpr: Sendable, Hashable {
  case or([BoolExpr])
  case and([BoolExpr])
  case not(BoolExpr)
  case compare(ValueExpr, ComparisonOperator, ValueExpr)
  case inList(ValueExpr, [ValueExpr], negated: Bool)
  case between(ValueExpr, ValueExpr, ValueExpr, negated: Bool)
  case like(ValueExpr, String, negated: Bool)
  case isNull(ValueExpr, negated: Bool)
  /// A boolean column or dimension on its own: `where disputed`.
  case truth(ValueExpr)
}

/// `= != < <= > >=` (`<>` reads as `!=`).
public enum ComparisonOperator: String, Sendable, Hashable {
  case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}
