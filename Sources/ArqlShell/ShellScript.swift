import ArqlLanguage
import ArqlSupport

/// A script as the shell runs it: its dot-command lines apart, its statements parsed once.
/// `run`, `check`, the parameters of `arql run ... -- name=value` and the HTML report's list of
/// parameters all read this one parse.
public struct ShellScript: Sendable {
  /// A dot-command line and where it is.
  public struct DotLine: Sendable, Equatable {
    /// Its line number (1-based).
    public let line: Int
    public let text: String
  }

  /// The text as written (diagnostics show it).
  public let text: String
  /// The name diagnostics give it: the file, `query`, `stdin`.
  public let name: String
  /// The dot-command lines, in order.
  public let dotLines: [DotLine]
  /// The text the parser read: dot-command lines blanked, so positions stay those of `text`.
  public let statementText: String
  /// The statements.
  public let parsed: ParseResult

  /// Splits and parses `text`.
  public init(_ text: String, name: String, context: ParserContext) {
    var dotLines: [DotLine] = []
    var statementLines: [Substring] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      // No statement line starts with '.' and a letter, so such a line is a command.
      if trimmed.hasPrefix("."), let second = trimmed.dropFirst().first, second.isLetter {
        dotLines.append(DotLine(line: index + 1, text: trimmed))
        statementLines.append("")
      } else {
        statementLines.append(line)
      }
    }
    self.text = text
    self.name = name
    self.dotLines = dotLines
    self.statementText = dotLines.isEmpty ? text : statementLines.joined(separator: "\n")
    self.parsed = Parser.parse(statementText, context: context)
  }

  /// The `param` declarations, in order.
  public var parameterDeclarations: [ParameterDeclaration] {
    parsed.script.statements.compactMap { statement in
      if case .param(let d, _) = statement { return d }
      return nil
    }
  }

  /// The dot-command lines whose command does not exist, each with a did-you-mean.
  public var unknownDotCommands: [(line: DotLine, suggestion: String?)] {
    dotLines.compactMap { dot in
      let name = DotCommand.name(of: dot.text)
      guard DotCommand.named(name) == nil else { return nil }
      return (dot, DidYouMean.suggestion(for: name, among: DotCommand.all.map(\.name)))
    }
  }
}
