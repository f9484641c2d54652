import ArgumentParser
import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlShell
import Foundation

/// `arql run SCRIPT [LEDGER] [-- name=value ...]`: run a script, stopping at the first error.
struct RunScript: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run a script of statements; parameters are given after --.")

  @Argument(help: "The script (.arql).")
  var script: String

  @Argument(help: "The ledger folder.")
  var ledger: String?

  @Argument(parsing: .postTerminator, help: "Script parameters: name=value ...")
  var parameters: [String] = []

  @OptionGroup var ledgerOptions: LedgerOptions

  @OptionGroup var outputOptions: OutputOptions

  func run() throws {
    guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
      FileHandle.standardError.write(Data("error: cannot read the script \(script)\n".utf8))
      throw ExitCode(ExitStatus.usage.rawValue)
    }
    let (options, base) = try ledgerOptions.loadOptions()
    installInterruptHandler()  // Ctrl-C while loading stops arql (exit 130)
    let session = try makeSession(format: outputOptions.format, timer: outputOptions.timer)
    session.keepGoing = outputOptions.keepGoing
    session.color = try outputOptions.colorEnabled()
    session.tableColor = try outputOptions.colorEnabled(STDOUT_FILENO)
    session.terminalWidth = terminalWidth()
    if let ledger = ledger ?? base {
      guard session.load(ledger, options: options, baseDirectory: base) else { throw ExitCode(ExitStatus.loadFailed.rawValue) }
    }
    // A script without a ledger loads its own with 'load csv'.
    let engine = session.engine ?? QueryEngine(ledger: .empty, today: wallClockToday())
    do {
      try ScriptParameters.apply(parameters, script: text, name: script, to: engine)
    } catch let error as ScriptParameters.UsageError {
      FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
      throw ExitCode(ExitStatus.usage.rawValue)
    }
    if session.engine == nil { session.presetParameters = engine.parameters }
    installInterruptHandler()
    activeCancellation = engine.cancellation
    session.onLoad = { activeCancellation = $0.cancellation }
    let status = session.run(text, name: script)
    if status != .ok || session.status != .ok { throw ExitCode(max(status, session.status).rawValue) }
  }
}

/// `arql check SCRIPT...`: parse and bind scripts without computing (for CI of report scripts).
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Parse and bind scripts without computing anything.")

  @Argument(help: "The scripts.")
  var scripts: [String]

  @Option(name: .long, help: "A ledger folder whose extra columns the scripts use (default: the native columns only).")
  var ledger: String?

  func run() throws {
    var worst = ExitStatus.ok
    let base: Ledger
    if let ledger {
      do {
        base = try LedgerLoader.load(directory: ledger).0
      } catch let error as LoadError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(ExitStatus.loadFailed.rawValue)
      }
    } else {
      base = .empty
    }
    for script in scripts {
      guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
        FileHandle.standardError.write(Data("error: cannot read \(script)\n".utf8))
        worst = max(worst, .usage)
        continue
      }
      let engine = QueryEngine(ledger: base, today: wallClockToday())
      let renderer = DiagnosticRenderer(source: text, name: script)
      let result = Parser.parse(text, context: engine.parserContext)
      var failures = result.diagnostics
      if case .incomplete = result {
        failures.append(Diagnostic(.unexpectedEnd, "the script ends inside a statement", at: .none))
      }
      for statement in result.script.statements {
        do {
          try engine.check(statement)
        } catch let error as EngineError {
          failures.append(error.diagnostic)
        }
      }
      if failures.isEmpty {
        print("\(script): ok (\(result.script.statements.count) statements)")
      } else {
        FileHandle.standardError.write(Data((renderer.render(failures) + "\n").utf8))
        worst = max(worst, .queryFailed)
      }
    }
    if worst != .ok { throw ExitCode(worst.rawValue) }
  }
}
