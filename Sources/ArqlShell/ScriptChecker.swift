import ArqlEngine
import ArqlLanguage
import ArqlLedger
import Foundation

/// `arql check SCRIPT...`: parses and binds scripts without computing anything. It reads a
/// script as `run` does (dot-command lines in their place, an unknown one is an error with a
/// did-you-mean), so check and run accept the same language.
public struct ScriptChecker {
  /// The ledger whose columns the scripts may use (`.empty`: the native columns only).
  public var ledger: Ledger
  public var today: Int32
  public var color: Bool

  public init(ledger: Ledger = .empty, today: Int32, color: Bool = false) {
    self.ledger = ledger
    self.today = today
    self.color = color
  }

  /// A checker for the columns of the ledger in `folder` (nil: the native columns only).
  /// - Throws: `CheckFailure` with the load error's text.
  public init(ledgerFolder folder: String?, today: Int32) throws {
    var ledger = Ledger.empty
    if let folder {
      do {
        ledger = try LedgerLoader.load(directory: folder).0
      } catch {
        throw CheckFailure(text: LoadFailure.text(error))
      }
    }
    self.init(ledger: ledger, today: today)
  }

  /// Checks one script: nil when it is sound, else the rendered diagnostics.
  /// - Returns: the number of statements, or the diagnostics.
  public func check(_ text: String, name: String) -> Result<Int, CheckFailure> {
    let engine = QueryEngine(ledger: ledger, today: today)
    let script = ShellScript(text, name: name, context: engine.parserContext)
    var failures = script.parsed.diagnostics
    if case .incomplete = script.parsed {
      failures.append(Diagnostic(.unexpectedEnd, "the script ends inside a statement", at: .none))
    }
    for (dot, suggestion) in script.unknownDotCommands {
      failures.append(ScriptChecker.unknownCommand(dot, suggestion: suggestion, in: text))
    }
    for statement in script.parsed.script.statements {
      do {
        try engine.check(statement)
      } catch let error as EngineError {
        failures.append(error.diagnostic)
      } catch {
        failures.append(Diagnostic(.unsupported, "\(error)", at: .none))
      }
    }
    if failures.isEmpty { return .success(script.parsed.script.statements.count) }
    failures.sort { ($0.range.start.line, $0.range.start.column) < ($1.range.start.line, $1.range.start.column) }
    return .failure(CheckFailure(text: DiagnosticRenderer(source: text, name: name, color: color).render(failures)))
  }

  /// The diagnostic of an unknown dot-command line, its caret under the command's name.
  static func unknownCommand(_ dot: ShellScript.DotLine, suggestion: String?, in text: String) -> Diagnostic {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let offset = lines.prefix(dot.line - 1).reduce(0) { $0 + $1.utf8.count + 1 }
    let indent = lines[dot.line - 1].prefix { $0 == " " || $0 == "\t" }.count
    let length = DotCommand.name(of: dot.text).count + 1
    let start = SourcePosition(offset: offset + indent, line: dot.line, column: indent + 1)
    let end = SourcePosition(offset: offset + indent + length, line: dot.line, column: indent + 1 + length)
    return Diagnostic(.unknownCommand, "unknown command '.\(DotCommand.name(of: dot.text))'", at: SourceRange(start: start, end: end),
                      label: suggestion.map { "did you mean '.\($0)'?" }, notes: ["'.help' lists the commands"])
  }

  /// The diagnostics of a script that does not check, rendered.
  public struct CheckFailure: Error {
    public let text: String
  }
}
