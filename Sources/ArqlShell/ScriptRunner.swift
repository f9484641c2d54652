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

  /// What the page says under its title, for a reader who has neither the script nor the
  /// files: the as-of date its results share (or their range, each section giving its own),
  /// the currency of the amounts, and a stop. No paths, no spec references.
  static func subtitle(_ report: HTMLReport, session: Session, status: ExitStatus) -> String {
    let fr = report.locale == .fr
    var parts: [String] = []
    if let asOf = report.asOfLine(default: session.engine?.asOf.day) { parts.append(asOf) }
    if let currency = session.engine.flatMap({ ScriptRunner.currency(of: $0.ledger) }) {
      parts.append((fr ? "montants en " : "amounts in ") + currency)
    }
    if status != .ok { parts.append(fr ? "le script s'est arrêté (code \(status.rawValue))" : "the script stopped with exit \(status.rawValue)") }
    return parts.joined(separator: " · ")
  }

  /// The currency most documents are in.
  static func currency(of ledger: Ledger) -> String? {
    let column = ledger.invoices.currency
    var counts = [Int](repeating: 0, count: column.dictionary.count)
    for code in column.codes where code >= 0 { counts[Int(code)] += 1 }
    guard let top = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[top] > 0 else { return nil }
    return column.dictionary[top]
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
    report.locale = NumberLocale(rawValue: session.workspace.settings.locale) ?? .en
    report.subtitle = ScriptRunner.subtitle(report, session: session, status: status)
    report.parameters = script.parameterDeclarations.map { declaration in
      (declaration.name.name, session.workspace.parameters.values[declaration.name.name].map(ScriptParameters.describe) ?? "")
    }
    do {
      try AtomicFile.write(report.render(), to: htmlPath)
    } catch {
      session.output.err("error: \(error.description)")
      return max(status, .queryFailed)
    }
    return status
  }
}
