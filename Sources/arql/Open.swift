import ArgumentParser
import ArqlShell
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `arql [LEDGER]`: the REPL on a terminal, `-c` statements, or statements piped on stdin.
struct Open: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open",
    abstract: "Open a ledger: the REPL on a terminal, -c statements, or statements read from stdin.")

  @Argument(help: "The ledger folder (customers.csv, invoices.csv, payments.csv, ...).")
  var ledger: String?

  @OptionGroup var ledgerOptions: LedgerOptions

  @Option(name: .customShort("c"), help: ArgumentHelp("Run statements and exit (repeatable).", valueName: "query"))
  var commands: [String] = []

  @OptionGroup var outputOptions: OutputOptions

  @Option(name: .long, help: ArgumentHelp("Run the queries on an SQL engine holding the ledger's tables (arql export-sql): "
    + "postgres://user@host:port/db, duckdb:FILE or spark:.", valueName: "url"))
  var engine: String?

  @Option(name: .customLong("init"), help: ArgumentHelp("Run the statements of FILE first (settings, definitions, saved queries); "
    + "the REPL reads ~/.arqlrc when this is not given.", valueName: "file"))
  var initFile: String?

  @Flag(name: .long, help: "Print only the load time in milliseconds (for benchmarks).")
  var timingOnly = false

  /// `--init FILE`, or in the REPL `~/.arqlrc` when it exists: statements run before the
  /// first prompt or command (a failure there stops `-c` and stdin runs with its exit code).
  func runStartup(_ session: Session, interactive: Bool) throws {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    let rc = (home as NSString).appendingPathComponent(".arqlrc")
    guard let path = initFile ?? (interactive && FileManager.default.fileExists(atPath: rc) ? rc : nil) else { return }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      if initFile == nil {
        FileHandle.standardError.write(Data("arql: cannot read \(path); going on without it\n".utf8))
        return
      }
      throw ValidationError("cannot read the init file \(path)")
    }
    if interactive { print("read \(path == rc ? "~/.arqlrc" : path)") }
    let echo = session.echo
    session.echo = false
    let status = session.run(text, name: path)
    session.echo = echo
    if status != .ok && !interactive { throw ExitCode(status.rawValue) }
    if interactive { session.resetStatus() }
  }

  mutating func run() throws {
    let resolved = try ledgerOptions.resolve(folder: ledger)
    if timingOnly {
      guard resolved.namesLedger else { throw ValidationError("give a ledger folder") }
      let status = LedgerCommands.timeLoad(resolved, output: .standard, phases: ProcessInfo.processInfo.environment["ARQL_PHASES"] != nil)
      if status != .ok { throw ExitCode(status.rawValue) }
      return
    }
    installInterruptHandler()  // Ctrl-C while loading stops arql (exit 130)
    let session = try outputOptions.makeSession()
    let interactive = commands.isEmpty && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    session.echo = interactive
    session.showsLoadProgress = LoadProgress.stderrIsTerminal
    session.showElapsed = interactive
    if interactive { print("arql \(ArqlCommand.configuration.version) — .help for commands, Ctrl-D to leave") }
    if resolved.namesLedger {
      guard session.load(resolved) else {
        throw ExitCode(ExitStatus.loadFailed.rawValue)
      }
    } else if !interactive && engine == nil {
      throw ValidationError("give a ledger folder")
    }
    if let engine, !session.attachEngine(engine) { throw ExitCode(ExitStatus.loadFailed.rawValue) }
    try runStartup(session, interactive: interactive)
    if !commands.isEmpty {
      installInterruptHandler()
      activeCancellation = session.cancelHandle
      for command in commands {
        let status = session.run(command, name: "query")
        if status != .ok && !outputOptions.keepGoing { throw ExitCode(status.rawValue) }
      }
      if session.status != .ok { throw ExitCode(session.status.rawValue) }
      return
    }
    if interactive {
      let history = ProcessInfo.processInfo.environment["ARQL_HISTORY"] ?? (NSHomeDirectory() + "/.arql_history")
      let reader = LibEditLineReader(historyPath: history, completer: Completer(session: session))
      session.pager = Pager.page
      session.terminalHeight = terminalHeight
      replActive.store(true, ordering: .relaxed)
      installInterruptHandler()
      activeCancellation = session.cancelHandle
      session.onLoad = { activeCancellation = $0 }
      _ = Repl.run(session, reader: reader)
      return
    }
    // Batch: the statements on stdin, as a script.
    var lines: [String] = []
    while let line = Swift.readLine(strippingNewline: true) { lines.append(line) }
    installInterruptHandler()
    activeCancellation = session.cancelHandle
    let status = session.run(lines.joined(separator: "\n"), name: "stdin")
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
