/// One message about a query or script: a stable code, a severity, the primary source range,
/// notes and an optional fix-it. Every stage (lexer, parser, binder, runner) reports through
/// this type and one renderer.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
  /// How bad it is.
  public enum Severity: String, Sendable, Equatable {
    case error, warning, note
  }

  /// A replacement that fixes the problem.
  public struct FixIt: Sendable, Equatable {
    public var range: SourceRange
    public var replacement: String

    public init(range: SourceRange, replacement: String) {
      self.range = range
      self.replacement = replacement
    }
  }

  public var code: DiagnosticCode
  public var severity: Severity
  public var message: String
  /// Where the caret goes.
  public var range: SourceRange
  /// The label printed under the caret (e.g. "did you mean 'dso'?").
  public var label: String?
  /// Further explanations, one sentence each.
  public var notes: [String]
  public var fixIt: FixIt?
  /// What the parser expected (for completion and messages), as users type it.
  public var expected: [String]

  public init(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange, label: String? = nil, notes: [String] = [],
    fixIt: FixIt? = nil, expected: [String] = [], severity: Severity = .error
  ) {
    self.code = code
    self.severity = severity
    self.message = message
    self.range = range
    self.label = label
    self.notes = notes
    self.fixIt = fixIt
    self.expected = expected
  }

  public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
    a.code == b.code && a.message == b.message && a.range.start == b.range.start && a.range.end == b.range.end
      && a.label == b.label && a.notes == b.notes
  }

  public var description: String { "\(range.start): \(severity.rawValue)[\(code.rawValue)]: \(message)" }
}
