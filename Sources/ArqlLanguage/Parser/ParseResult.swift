/// The outcome of parsing a script or a REPL entry.
public enum ParseResult: Sendable, Equatable {
  /// Every statement parsed.
  case complete(Script)
  /// The input ends inside a statement (after `by`, inside `( )`, in a string...): the REPL
  /// shows a continuation prompt. `expected` lists what may come next.
  case incomplete(Script, expected: [String])
  /// Some statements failed; the script holds the ones that parsed, `diagnostics` one error
  /// per failed statement (no cascades).
  case failed(Script, [Diagnostic])

  /// The statements that parsed.
  public var script: Script {
    switch self {
    case .complete(let s), .incomplete(let s, _), .failed(let s, _): return s
    }
  }

  /// The diagnostics of a failed parse (empty otherwise).
  public var diagnostics: [Diagnostic] {
    if case .failed(_, let d) = self { return d }
    return []
  }
}
