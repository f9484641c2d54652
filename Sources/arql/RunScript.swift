import ArgumentParser
import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlReport
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

  @Option(name: .long, help: "Also write every result into one self-contained HTML page (tables and SVG charts).")
  var html: String?

  @Flag(name: .long, help: "With --html: run again and rewrite the page whenever the script or a ledger file changes (Ctrl-C stops).")
  var watch = false

  func validate() throws {
    if watch && html == nil { throw ValidationError("--watch rewrites the --html page: give --html FILE") }
  }

  func run() throws {
    guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
      FileHandle.standardError.write(Data("error: cannot read the script \(script)\n".utf8))
      throw ExitCode(ExitStatus.usage.rawValue)
    }
    let status = try runOnce(text)
    guard watch else {
      if status != .ok { throw ExitCode(status.rawValue) }
      return
    }
    var stamp = modificationStamp()
    FileHandle.standardError.write(Data("watching \(script) and the ledger; Ctrl-C stops\n".utf8))
    while !interruptReceived.load(ordering: .relaxed) {
      Thread.sleep(forTimeInterval: 1)
      let now = modificationStamp()
      guard now != stamp else { continue }
      stamp = now
      let updated = (try? String(contentsOfFile: script, encoding: .utf8)) ?? text
      let status = try runOnce(updated)
      FileHandle.standardError.write(Data("rewrote \(html ?? "") (\(status == .ok ? "ok" : "exit \(status.rawValue)"))\n".utf8))
    }
    throw ExitCode(ExitStatus.interrupted.rawValue)
  }

  /// Runs the script once in a new session; writes the HTML page when asked.
  func runOnce(_ text: String) throws -> ExitStatus {
    let (options, base) = try ledgerOptions.loadOptions()
    installInterruptHandler()  // Ctrl-C while loading stops arql (exit 130)
    let session = try outputOptions.makeSession()
    if html != nil { session.report = HTMLReport(title: ReportTitle.of(script: text, path: script)) }
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
    let status = max(session.run(text, name: script), session.status)
    if let html, var report = session.report {
      // The session's as-of date; each result's footer gives its own.
      let asOf = session.engine.map { Day.iso($0.asOf.day) } ?? "no ledger"
      report.subtitle = "As of \(asOf) · ledger \(ledger ?? base ?? "(loaded by the script)") · \(script)"
        + (status == .ok ? "" : " · the script stopped with exit \(status.rawValue)")
      report.parameters = ScriptParameters.declared(in: text, context: (session.engine ?? engine).parserContext).map { declaration in
        let value = (session.engine ?? engine).parameters.values[declaration.name.name]
        return (declaration.name.name, value.map(ScriptParameters.describe) ?? "")
      }
      report.locale = session.engine.flatMap { NumberLocale(rawValue: $0.locale) } ?? .en
      do {
        try report.render().write(toFile: html, atomically: true, encoding: .utf8)
      } catch {
        FileHandle.standardError.write(Data("error: cannot write \(html): \(error.localizedDescription)\n".utf8))
        return max(status, .queryFailed)
      }
    }
    return status
  }

  /// When the script and the ledger's files last changed.
  func modificationStamp() -> [String: Date] {
    var stamp: [String: Date] = [:]
    let manager = FileManager.default
    var paths = [script]
    if let folder = ledger ?? (try? ledgerOptions.loadOptions())?.baseDirectory {
      paths += ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).map { folder + "/" + $0 }
    }
    for path in paths {
      stamp[path] = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
    return stamp
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
