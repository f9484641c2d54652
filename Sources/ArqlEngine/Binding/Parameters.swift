import ArqlLanguage

/// The values of `let`, `param` and command-line parameters, referenced as `$name`.
public struct Parameters: Sendable {
  /// A parameter's value.
  public enum Value: Sendable, Equatable {
    case literal(Literal)
    case window(TimeWindow)
    case date(DateExpr)
    case value(ValueExpr)
  }

  public var values: [String: Value] = [:]

  public init(_ values: [String: Value] = [:]) {
    self.values = values
  }
}
