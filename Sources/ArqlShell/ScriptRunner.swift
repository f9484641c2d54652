import ArqlEngine
import ArqlLedger
import ArqlReport
import Foundation

/// `arql run SCRIPT [LEDGER] [-- name=value ...] [--html FILE]`: loads the ledger, sets the
/// script's parameters, runs it once in a session and writes the HTML page when asked. The
/// script is parsed once, after the ledger is loaded (its columns are part of the grammar's
/// context).
public struct ScriptRunner {
  /// The script's path (its name in diagnostics and the page).
  public var scriptPath: String
  /// The ledger the command line gives (a script may load its own).
  public var ledger: ResolvedLedger
  /// `name=value` pairs given after `--`.
  public var parameters: [String]
  /// Also write every result into this self-contained HTML page.
  public var htmlPath: String?

  public init(scriptPath: String, ledger: ResolvedLedger, parameters: [String], htmlPath: String?) {
    self.scriptPath = scriptPath
    self.ledger = ledger
    self.parameters = parameters
    self.htmlPath = htmlPath
  }

  /// Runs `text` in `session`; returns the worst status.
  public func run(_ text: String, in session: Session) -> ExitStatus {
    if htmlPath != nil { session.report = HTMLReport(title: ReportTitle.of(script: text, path: scriptPath)) }
    if ledger.folder != nil || ledger.baseDirectory != nil {
      guard session.load(ledger) else { return .loadFailed }
    }
    let script = ShellScript(text, name: scriptPath, context: session.parserContext)
    do {
      try ScriptParameters.apply(parameters, script: script, to: &session.workspace.parameters)
    } catch let error as UsageError {
      session.output.err("error: \(error.description)")
      return .usage
    } catch {
      session.output.err("error: \(error)")
      return .usage
    }
    let status = max(session.run(script), session.status)
    guard let htmlPath, var report = session.report else { return status }
    // The session's as-of date; each result's footer gives its own.
    let asOf = session.engine.map { Day.iso($0.asOf.day) } ?? "no ledger"
    report.subtitle = "As of \(asOf) · \(session.engineName.map { "engine " + $0 } ?? "ledger " + (ledger.folder ?? ledger.baseDirectory ?? "(loaded by the script)")) · \(scriptPath)"
      + (status == .ok ? "" : " · the script stopped with exit \(status.rawValue)")
    report.parameters = script.parameterDeclarations.map { declaration in
      (declaration.name.name, session.workspace.parameters.values[declaration.name.name].map(ScriptParameters.describe) ?? "")
    }
    report.locale = NumberLocale(rawValue: session.workspace.settings.locale) ?? .en
    do {
      try report.render().write(toFile: htmlPath, atomically: true, encoding: .utf8)
    } catch {
      session.output.err("error: cannot write \(htmlPath): \(error.localizedDescription)")
      return max(status, .queryFailed)
    }
    return status
  }
}
