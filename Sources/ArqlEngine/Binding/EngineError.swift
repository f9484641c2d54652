import ArqlLanguage

/// A failure to bind or run a statement, as a diagnostic with its source range when known.
public struct EngineError: Error, Sendable, CustomStringConvertible {
  public var diagnostic: Diagnostic

  public init(_ diagnostic: Diagnostic) {
    self.diagnostic = diagnostic
  }

  public init(_ code: DiagnosticCode, _ message: String, at range: SourceRange = .none, label: String? = nil, notes: [String] = []) {
    self.diagnostic = Diagnostic(code, message, at: range, label: label, notes: notes)
  }

  static func unknownParameter(_ name: String, at range: SourceRange = .none) -> EngineError {
    EngineError(.unknownParameter, "unknown parameter '$\(name)'", at: range,
                notes: ["declare it with 'param \(name): text' or 'let \(name) = ...', or pass it: -- \(name)=value"])
  }

  static func typeMismatch(_ message: String, at range: SourceRange = .none) -> EngineError {
    EngineError(.typeMismatch, message, at: range)
  }

  static func invalidWindow(_ message: String, at range: SourceRange = .none) -> EngineError {
    EngineError(.invalidWindow, message, at: range)
  }

  public var description: String { diagnostic.message }
}
