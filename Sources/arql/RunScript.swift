import ArgumentParser
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

  @Option(name: .long, help: ArgumentHelp("Run the queries on an SQL engine holding the ledger's tables (arql export-sql): "
    + "postgres://user@host:port/db, duckdb:FILE or spark:FOLDER.", valueName: "url"))
  var engine: String?

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
    let resolved = try ledgerOptions.resolve(folder: ledger)
    installInterruptHandler()  // Ctrl-C while loading stops arql (exit 130)
    let session = try outputOptions.makeSession()
    activeCancellation = nil
    session.onLoad = { activeCancellation = $0 }
    if let engine, !session.attachEngine(engine) { throw ExitCode(ExitStatus.loadFailed.rawValue) }
    let runner = ScriptRunner(scriptPath: script, ledger: resolved, parameters: parameters, htmlPath: html)
    let status = runner.run(text, in: session)
    if status == .loadFailed || status == .usage { throw ExitCode(status.rawValue) }
    return status
  }

  /// When the script and the ledger's files last changed.
  func modificationStamp() -> [String: Date] {
    var stamp: [String: Date] = [:]
    let manager = FileManager.default
    var paths = [script]
    if let folder = ledger ?? ledgerOptions.mapping.map({ ($0 as NSString).deletingLastPathComponent }) {
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

  @Argument(help: "The scripts, then optionally the ledger folder whose extra columns they use (as `arql run SCRIPT LEDGER`).")
  var scripts: [String]

  @Option(name: .long, help: "A ledger folder whose extra columns the scripts use (default: the native columns only).")
  var ledger: String?

  func run() throws {
    // A folder after the scripts is the ledger, as in `arql run SCRIPT LEDGER`.
    var scripts = scripts
    var ledger = ledger
    var isFolder: ObjCBool = false
    if ledger == nil, scripts.count > 1, let last = scripts.last, FileManager.default.fileExists(atPath: last, isDirectory: &isFolder), isFolder.boolValue {
      ledger = scripts.removeLast()
    }
    let checker: ScriptChecker
    do {
      checker = try ScriptChecker(ledgerFolder: ledger, today: Session.wallClockToday)
    } catch let failure as ScriptChecker.CheckFailure {
      FileHandle.standardError.write(Data((failure.text + "\n").utf8))
      throw ExitCode(ExitStatus.loadFailed.rawValue)
    }
    var worst = ExitStatus.ok
    for script in scripts {
      guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
        FileHandle.standardError.write(Data("error: cannot read \(script)\n".utf8))
        worst = max(worst, .usage)
        continue
      }
      switch checker.check(text, name: script) {
      case .success(let count):
        print("\(script): ok (\(count) statements)")
      case .failure(let failure):
        FileHandle.standardError.write(Data((failure.text + "\n").utf8))
        worst = max(worst, .queryFailed)
      }
    }
    if worst != .ok { throw ExitCode(worst.rawValue) }
  }
}
