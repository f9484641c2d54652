import ArqlLedger

/// The one way a failed load is told: a `LoadError` with its file:line:column, caret and
/// notes; anything else as `error: ...`. The session, `arql info`, `arql check --ledger` and
/// the load timing all print through it.
public enum LoadFailure {
  public static func text(_ error: Error) -> String {
    if let error = error as? LoadError { return error.description }
    return "error: \(error)"
  }
}
