import ArqlEngine
import ArqlLanguage
import ArqlReport
import Foundation

/// Runs query text (one `-c`, a script, a REPL entry) against a session: parses it with the
/// session's catalog, runs each statement in order, writes results, and stops at the first
/// error with the diagnostic drawn under the source line.
public struct ScriptRunner {
  /// Exit codes (language.md §2.3).
  public enum ExitCode: Int32 {
    case ok = 0
    case queryFailed = 1
    case loadFailed = 2
    case usage = 64
  }

  public let engine: QueryEngine
  /// The format when a statement does not say (`as csv`).
  public var format: OutputFormat
  /// Where results go.
  public var output: (String) -> Void
  /// Where diagnostics go.
  public var errors: (String) -> Void
  /// Whether definitions and settings are confirmed (the REPL does; scripts stay quiet).
  public var echoAcknowledgements = false
  /// Called with each statement's run time in seconds (`--timer`, `.timer on`).
  public var timer: ((Double) -> Void)?

  public init(engine: QueryEngine, format: OutputFormat, output: @escaping (String) -> Void, errors: @escaping (String) -> Void) {
    self.engine = engine
    self.format = format
    self.output = output
    self.errors = errors
  }

  /// Runs every statement of `text`; `name` labels diagnostics (a file name, or "query").
  @discardableResult
  public func run(_ text: String, name: String = "query") -> ExitCode {
    let renderer = DiagnosticRenderer(source: text, name: name)
    let result = Parser.parse(text, context: engine.parserContext)
    switch result {
    case .failed(_, let diagnostics):
      errors(renderer.render(diagnostics))
      return .queryFailed
    case .incomplete(_, let expected):
      let end = text.split(separator: "\n", omittingEmptySubsequences: false)
      let position = SourcePosition(offset: text.utf8.count, line: end.count, column: (end.last?.count ?? 0) + 1)
      errors(renderer.render(Diagnostic(.unexpectedEnd, "the statement is not finished"
        + (expected.isEmpty ? "" : "; expected " + expected.prefix(3).joined(separator: ", ")), at: SourceRange(at: position))))
      return .queryFailed
    case .complete(let script):
      for statement in script.statements {
        do {
          let started = DispatchTime.now().uptimeNanoseconds
          let outcome = try engine.execute(statement)
          timer?(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
          switch outcome {
          case .table(let table, let spec):
            let chosen = spec.format.flatMap { OutputFormat(rawValue: $0) } ?? (spec.format == nil ? format : .table)
            let text = ResultRenderer.render(table, as: chosen, footer: spec.destination == nil)
            if let destination = spec.destination, destination != "-" {
              do {
                try text.write(toFile: destination, atomically: true, encoding: .utf8)
                output("wrote \(table.rowCount) row\(table.rowCount == 1 ? "" : "s") to \(destination)")
              } catch {
                errors("error: cannot write \(destination): \(error.localizedDescription)")
                return .queryFailed
              }
            } else {
              output(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            }
          case .message(let message):
            if !message.isEmpty { output(message) }
          case .acknowledged(let message):
            if echoAcknowledgements && !message.isEmpty { output(message) }
          }
        } catch let error as EngineError {
          errors(renderer.render(error.diagnostic))
          return .queryFailed
        } catch {
          errors("error: \(error)")
          return .queryFailed
        }
      }
      return .ok
    }
  }
}
