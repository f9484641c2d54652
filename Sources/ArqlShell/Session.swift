import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlReport
import Foundation

/// The state of one shell: the loaded ledger and its query engine, output settings, the last
/// result, and a statement being typed over several lines. The REPL, scripts and `-c` all run
/// through it, so they behave the same.
public final class Session {
  public internal(set) var engine: QueryEngine?
  /// The ledger folder and load options, for `.reload`.
  public private(set) var ledgerPath: String?
  var loadOptions = LoadOptions()
  public var output: ShellOutput
  /// The format of results (`.mode`, `--format`).
  public var mode: OutputFormat = .table
  /// Print each statement's time (`.timer on`, `--timer`).
  public var timer = false
  /// Rows shown in table mode before "… N more rows".
  public var maxRows = 40
  /// Shows a result longer than the terminal one page at a time (the REPL sets it); false when
  /// no pager could run, and the text is printed instead.
  public var pager: ((String) -> Bool)?
  /// `.pager on|off`.
  public var pagerOn = true
  /// The terminal's height in lines, nil when the output is not one.
  public var terminalHeight: () -> Int? = { nil }
  /// Confirm definitions and settings (the REPL does, scripts do not).
  public var echo = false
  /// Continue a script after a failed statement (`--keep-going`).
  public var keepGoing = false
  /// `--strict`: a result flagged UNKNOWN_VALUE (a where value no row has) fails its statement.
  public var strict = false
  /// Colour in diagnostics (`--color`, off with NO_COLOR or when stderr is not a terminal).
  public var color = false
  /// Colour in tables and charts (`--color`, off with NO_COLOR or when stdout is not a terminal).
  public var tableColor = false
  /// The terminal's width when results go to one, asked at each result (the window may have
  /// been resized): tables fit it.
  public var terminalWidth: () -> Int? = { nil }
  /// Box borders in Unicode, unless the locale's character set is not UTF-8.
  public var unicode = Session.utf8Terminal(ProcessInfo.processInfo.environment)
  /// The statement's time in the footer (the REPL; scripts keep their output reproducible).
  public var showElapsed = false
  /// When set, every result and `.print` heading also goes into this page (`arql run --html`).
  public var report: HTMLReport?
  /// The wall-clock date (`today`), injectable for tests.
  public var today: Int32
  /// The last result, for `.last`.
  public private(set) var lastResult: ResultTable?
  /// `.output FILE`: results go to this file until `.output` alone.
  var redirect: String?
  /// `.once FILE`: the next result goes to this file.
  var once: String?
  /// The workspace while no ledger is loaded; a loaded ledger's engine holds it from then on.
  private var detachedWorkspace = Workspace()
  /// The user's definitions, parameters and settings. They belong to the session, not to a
  /// ledger: loading a ledger again (`.reload`, `load csv`) keeps them.
  public var workspace: Workspace {
    get { engine?.workspace ?? detachedWorkspace }
    set {
      if let engine { engine.workspace = newValue } else { detachedWorkspace = newValue }
    }
  }
  /// Called when a ledger is loaded (the REPL points its Ctrl-C handler at the new engine).
  public var onLoad: ((CancelHandle) -> Void)?
  /// What Ctrl-C cancels: the running query of the loaded ledger.
  public var cancelHandle: CancelHandle? { engine.map { CancelHandle(flag: $0.cancellation) } }
  /// The lines of a statement not yet complete.
  var pending: [String] = []
  /// Whether a long load shows a progress line on stderr (set when stderr is a terminal).
  public var showsLoadProgress = false
  /// The SQL engine the queries run on (`--engine`), kept across loads.
  var attachedEngine: AttachedEngine?
  /// The loaded ledger's ids, interned by the first `.append` and kept for the next ones.
  var appendKeys: LedgerKeys?
  /// The files appended to the loaded ledger (and their table when named), for `.reload`.
  var appended: [(files: [String], table: TableKind?)] = []
  /// Where the loaded ledger's mapping paths are resolved, for `.reload`.
  var loadBaseDirectory: String?
  /// The worst exit status so far.
  public private(set) var status: ExitStatus = .ok

  public init(output: ShellOutput, today: Int32) {
    self.output = output
    self.today = today
  }

  // MARK: - Ledger

  /// Makes `engine` the session's and tells the front end what Ctrl-C now cancels.
  func install(_ engine: QueryEngine) {
    self.engine = engine
    onLoad?(CancelHandle(flag: engine.cancellation))
  }

  /// Loads a ledger folder; on failure the previous ledger stays.
  @discardableResult
  public func load(_ path: String, options: LoadOptions = LoadOptions(), baseDirectory: String? = nil) -> Bool {
    var options = options
    let progress = LoadProgress.attach(to: &options, label: path, when: showsLoadProgress)
    defer { progress?.finish() }
    do {
      let (ledger, report) = try LedgerLoader.load(directory: path, options: options, baseDirectory: baseDirectory)
      progress?.finish()
      // The user's definitions and settings carry over to the new ledger.
      let engine = QueryEngine(ledger: ledger, today: today, workspace: workspace)
      if let attached = attachedEngine { engine.attach(attached.connection, facts: attached.facts) }
      install(engine)
      ledgerPath = path
      loadBaseDirectory = baseDirectory
      appendKeys = nil
      appended = []
      loadOptions = options
      loadOptions.progress = nil
      if echo {
        let rows = report.tables.map { "\($0.table) \(LedgerSummary.count($0.loaded))" }.joined(separator: ", ")
        output.out("\(report.snapshot == nil ? "loaded" : "opened") \(path): \(rows) in \(Int(report.seconds * 1000)) ms")
        for note in report.notes { output.out(note) }
        for line in LedgerSummary.rejectLines(report, verb: "loaded") { output.out(line) }
      }
      return true
    } catch {
      output.err(LoadFailure.text(error))
      record(.loadFailed)
      return false
    }
  }

  /// `.load PATH`: a ledger folder, a FEC or a snapshot as it is, any other file as a mapping file (whose
  /// `file =` paths are read from its folder), as `arql --mapping FILE` does (issue #18 item 12).
  @discardableResult
  public func loadAny(_ path: String) -> Bool {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue, !FecReader.detect(path: path),
      !SnapshotFile.detect(path: path)
    else {
      return load(path)
    }
    var request = LedgerRequest(folder: nil)
    request.mapping = path
    do {
      return load(try request.resolve())
    } catch {
      output.err(LoadFailure.text(error))
      record(.loadFailed)
      return false
    }
  }

  /// Loads the ledger the command line asked for.
  @discardableResult
  public func load(_ ledger: ResolvedLedger) -> Bool {
    load(ledger.loadPath, options: ledger.options, baseDirectory: ledger.baseDirectory)
  }

  /// A session printing to `output` with the command line's options.
  /// - Throws: `UsageError` for an unknown format.
  public static func make(output: ShellOutput, format: String, timer: Bool = false, keepGoing: Bool = false, color: Bool = false,
                          tableColor: Bool = false, terminalWidth: @escaping () -> Int? = { nil }) throws -> Session
  {
    guard let mode = OutputFormat(rawValue: format) else {
      throw UsageError("--format is " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let session = Session(output: output, today: Session.wallClockToday)
    session.mode = mode
    session.timer = timer
    session.keepGoing = keepGoing
    session.color = color
    session.tableColor = tableColor
    session.terminalWidth = terminalWidth
    return session
  }

  /// Writes `text` to a file a reader never sees half-written (a temporary file renamed over
  /// it), after what it holds when `appending` (`.output`); a device or pipe is written in place.
  static func writeFile(_ text: String, to path: String, appending: Bool) throws {
    try writeFile(to: path, appending: appending) { emit in emit(text) }
  }

  /// Writes the text `produce` hands on, piece by piece, to a file (after its content when
  /// appending), whole or not at all.
  static func writeFile(to path: String, appending: Bool, produce: (_ emit: (String) -> Void) -> Void) throws {
    // A device or pipe is appended to by writing (AtomicFile writes those in place), never read.
    let existing = appending && !AtomicFile.isSpecial(path) ? (try? Data(contentsOf: URL(fileURLWithPath: path))).map(Array.init) ?? [] : []
    try AtomicFile.write(to: path) { emit in
      emit(existing)
      withoutActuallyEscaping(emit) { emit in produce { emit(Array($0.utf8)) } }
    }
  }

  /// A statement as a report page shows it: the script's parameters written as their values
  /// (`as of $cutoff` is `as of end of previous week`), never as `$names` a reader cannot resolve.
  func resolvedCaption(_ statement: Statement) -> String {
    var text = Formatter.format(statement)
    let values = workspace.parameters.values
    for name in values.keys.sorted(by: { $0.count > $1.count }) {
      guard let value = values[name] else { continue }
      let shown: String
      if case .literal(.string(let s)) = value { shown = "'" + s.replacingOccurrences(of: "'", with: "''") + "'" } else { shown = ScriptParameters.describe(value) }
      text = text.replacingOccurrences(of: "$" + name, with: shown)
    }
    return text
  }

  /// The output formats, for help texts.
  public static var formatNames: [String] { OutputFormat.allCases.map(\.rawValue) }

  /// The wall-clock date as a day number (`today` in queries).
  public static var wallClockToday: Int32 { Int32(Date().timeIntervalSince1970 / 86_400) }

  func record(_ s: ExitStatus) { if s > status { status = s } }

  /// Clears the exit status (the REPL reports errors but keeps going).
  public func resetStatus() { status = .ok }

  // MARK: - Input

  /// What a line did.
  public enum LineOutcome: Equatable {
    /// The statement so far is complete (or was a dot-command); prompt for a new one.
    case done
    /// The statement goes on: show the continuation prompt.
    case needsMore
    /// `.quit`.
    case quit
    /// A dot-command that could not run (unknown, bad usage, unreadable file): a script stops
    /// there (exit 64) unless `keepGoing`; the REPL prompts again.
    case failed
  }

  /// Takes one line typed in the REPL (or read from a script in REPL style).
  public func handle(line: String) -> LineOutcome {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if pending.isEmpty && trimmed.hasPrefix(".") {
      return runDotCommand(trimmed)
    }
    // `quit` and `exit` leave, as they do in psql and sqlite3 (issue #18 item 12).
    if pending.isEmpty && ["quit", "exit", "quit;", "exit;", "\\q"].contains(trimmed.lowercased()) { return .quit }
    if pending.isEmpty && trimmed.isEmpty { return .done }
    pending.append(line)
    let text = pending.joined(separator: "\n")
    // A blank line or a ';' at the end forces the statement.
    let forced = (trimmed.isEmpty || trimmed.hasSuffix(";")) && pending.count > 1
    if case .incomplete = Parser.parse(text, context: parserContext), !forced { return .needsMore }
    pending = []
    run(text, name: "query")
    return .done
  }

  /// What the parser knows: the engine's catalog and columns, or without a ledger the workspace's.
  public var parserContext: ParserContext {
    engine?.parserContext ?? ParserContext(metrics: workspace.catalog.vocabulary, dimensions: Array(workspace.dimensions.keys))
  }

  /// `--as-of DATE` and `--locale en|fr`: what `set as_of` and `set locale` do, from the
  /// command line (issue #18 item 12).
  public func applyCommandLine(asOf: String?, locale: String?) throws {
    for (flag, name, text) in [("--as-of", "as_of", asOf), ("--locale", "locale", locale)] {
      guard let text, let setting = Setting.named(name) else { continue }
      if let problem = setting.apply(commandLine: text, to: &workspace.settings, today: today) { throw UsageError("\(flag): \(problem)") }
    }
  }

  /// Runs the statement being typed as it is (Ctrl-D on a continuation line): it runs if it is
  /// complete, else says what it lacks at its end, without a `;` the user never typed.
  public func finishPending() {
    guard !pending.isEmpty else { return }
    let text = pending.joined(separator: "\n")
    pending = []
    run(text, name: "query")
  }

  /// Drops a statement being typed (Ctrl-C at the prompt).
  public func cancelPending() { pending = [] }

  /// Whether a statement is being continued.
  public var isContinuing: Bool { !pending.isEmpty }

  // MARK: - Statements

  /// Runs every statement of a text; stops at the first error unless `keepGoing`.
  /// - Returns: the status of this text.
  @discardableResult
  public func run(_ text: String, name: String) -> ExitStatus {
    run(ShellScript(text, name: name, context: parserContext))
  }

  /// Runs a parsed script: dot-command lines in their place between statements; stops at the
  /// first error (an unknown dot-command included) unless `keepGoing`.
  /// - Returns: the status of this script.
  @discardableResult
  public func run(_ script: ShellScript) -> ExitStatus {
    var pendingDots = script.dotLines[...]
    var stopped = false
    // Runs the dot-commands before a line; false when one failed and the script stops.
    func runDots(before line: Int) -> Bool {
      while !stopped, let next = pendingDots.first, next.line < line {
        pendingDots = pendingDots.dropFirst()
        switch runDotCommand(next.text) {
        case .quit: stopped = true
        case .failed:
          commandFailed = true
          if !keepGoing { stopped = true }
        case .done, .needsMore: break
        }
      }
      return !stopped
    }
    var commandFailed = false
    let local = runStatements(script, beforeStatement: runDots)
    if !stopped && (local == .ok || keepGoing) { _ = runDots(before: Int.max) }
    return max(local, commandFailed ? .usage : .ok)
  }

  func runStatements(_ script: ShellScript, beforeStatement: (Int) -> Bool) -> ExitStatus {
    let renderer = DiagnosticRenderer(source: script.text, name: script.name, color: color)
    let text = script.statementText
    let result = script.parsed
    var local = ExitStatus.ok
    switch result {
    case .failed(_, let diagnostics):
      output.err(renderer.render(diagnostics))
      record(.queryFailed)
      if !keepGoing { return .queryFailed }
      local = .queryFailed
    case .incomplete(_, let expected):
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let end = SourcePosition(offset: text.utf8.count, line: lines.count, column: (lines.last?.count ?? 0) + 1)
      output.err(renderer.render(Diagnostic(.unexpectedEnd, "the statement is not finished"
        + (expected.isEmpty ? "" : "; expected " + expected.prefix(3).joined(separator: ", ")), at: SourceRange(at: end))))
      record(.queryFailed)
      return .queryFailed
    case .complete:
      break
    }
    for (index, statement) in result.script.statements.enumerated() {
      guard beforeStatement(result.script.ranges[index].start.line) else { return local }
      engine?.cancellation.reset()
      let started = DispatchTime.now().uptimeNanoseconds
      do {
        if case .load(let kind, let path, let table, let options) = statement {
          try runLoad(kind: kind, path: path, table: table, options: options, name: script.name)
          continue
        }
        // Definitions, parameters and settings need no ledger: they go into the workspace.
        guard let engine = self.engine ?? (statement.needsLedger ? nil : QueryEngine(ledger: .empty, today: today, workspace: workspace)) else {
          throw EngineError(.noData, "no ledger is loaded: open one with 'load csv FOLDER', .load FOLDER or arql FOLDER")
        }
        let outcome: QueryEngine.Outcome
        do {
          defer { if self.engine == nil { detachedWorkspace = engine.workspace } }
          outcome = try engine.execute(statement)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        switch outcome {
        case .table(let table, let spec):
          lastResult = table
          report?.sections.append(.result(table, caption: resolvedCaption(statement)))
          try write(table, spec, elapsed: seconds)
          if strict, table.flags[ResultFlag.unknownValue.rawValue] != nil {
            throw EngineError(.invalidArgument, "the where clause names a value no row has (--strict): "
              + table.notes.filter { $0.hasPrefix("warning: no ") }.joined(separator: "; "))
          }
        case .message(let text):
          if !text.isEmpty { output.out(text) }
        case .acknowledged(let text):
          if echo && !text.isEmpty { output.out(text) }
        }
        if timer { output.err(String(format: "time: %.1f ms", seconds * 1000)) }
      } catch let error as EngineError {
        output.err(renderer.render(error.diagnostic))
        let code: ExitStatus = error.diagnostic.code == .cancelled ? .interrupted
          : (error.diagnostic.code == .noData && engine == nil) || error.diagnostic.code == .engineFailure ? .loadFailed : .queryFailed
        record(code)
        local = max(local, code)
        if !keepGoing || code == .interrupted { return local }
      } catch {
        output.err("error: \(error)")
        record(.queryFailed)
        local = max(local, .queryFailed)
        if !keepGoing { return local }
      }
    }
    return local
  }

  /// Writes a result where the statement, `.once` or `.output` say.
  func write(_ table: ResultTable, _ spec: OutputSpec, elapsed: Double? = nil) throws {
    let destination = spec.destination ?? once ?? redirect
    // A file takes the format its extension names, unless the statement gives one.
    let byExtension = spec.format == nil ? destination.flatMap { Session.format(ofFile: $0) } : nil
    guard let format = byExtension ?? spec.format.map({ OutputFormat(rawValue: $0) }) ?? mode else {
      throw EngineError(.invalidArgument, "unknown format '\(spec.format ?? "")'; formats: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
    }
    once = nil
    let toScreen = destination == nil || destination == "-" || destination == "/dev/stdout"
    let options = RenderOptions(
      unicode: unicode, color: toScreen && tableColor, width: toScreen ? terminalWidth() : nil, locale: locale,
      maxRows: toScreen && maxRows > 0 ? maxRows : nil, elapsed: showElapsed && toScreen ? elapsed : nil, footer: toScreen)
    // Machine formats to a file or a pipe are written as they are made, never held whole
    // (issue #15): a result of millions of rows costs its table, not its text too.
    let machine: Set<OutputFormat> = [.csv, .csv_fr, .tsv, .json, .jsonl]
    if spec.chart == nil, machine.contains(format), destination != nil || terminalHeight() == nil {
      try stream(table, format: format, options: options, to: destination, explicit: spec.destination != nil)
      return
    }
    var text: String
    if let chart = spec.chart {
      guard let kind = ChartKind(rawValue: chart.isEmpty ? ChartKind.natural(for: table).rawValue : chart) else {
        throw EngineError(.invalidArgument, "unknown chart '\(chart)'; charts: " + ChartKind.allCases.map(\.rawValue).joined(separator: ", "))
      }
      text = try ChartRenderer(options: options).render(table, kind)
    } else {
      text = ResultRenderer.render(table, as: format, options: options)
    }
    // `to '/dev/stdout'` is the screen: written through the output, in order with what else it prints.
    if let destination, destination != "-", destination != "/dev/stdout" {
      do {
        let appending = redirect == destination && spec.destination == nil
        // French Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
        let fresh = !appending || ((try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0) == 0
        let mark = format == .csv_fr && spec.chart == nil && fresh && !AtomicFile.isSpecial(destination) ? "\u{FEFF}" : ""
        try Session.writeFile(mark + text + (text.hasSuffix("\n") ? "" : "\n"), to: destination, appending: appending)
        if spec.destination != nil || echo { output.out("wrote \(table.rowCount) row\(table.rowCount == 1 ? "" : "s") to \(destination)") }
      } catch {
        throw EngineError(.invalidArgument, (error as? LoadError)?.message ?? "cannot write \(destination): \(error.localizedDescription)")
      }
    } else {
      let shown = text.hasSuffix("\n") ? String(text.dropLast()) : text
      if pagerOn, let pager, let height = terminalHeight(), shown.reduce(1, { $1 == "\n" ? $0 + 1 : $0 }) >= height - 1, pager(shown + "\n") {
        return
      }
      output.out(shown)
    }
  }

  /// Writes a result in a machine format piece by piece: to the screen's output, or into a file.
  private func stream(_ table: ResultTable, format: OutputFormat, options: RenderOptions, to destination: String?, explicit: Bool) throws {
    let formatter = ResultRenderer.formatter(format, options: options)
    guard let destination, destination != "-", destination != "/dev/stdout" else {
      formatter.write(table) { piece in output.out(piece.hasSuffix("\n") ? String(piece.dropLast()) : piece) }
      return
    }
    do {
      let appending = redirect == destination && !explicit
      // French Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
      let fresh = !appending || ((try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0) == 0
      let mark = format == .csv_fr && fresh && !AtomicFile.isSpecial(destination) ? "\u{FEFF}" : ""
      try Session.writeFile(to: destination, appending: appending) { emit in
        emit(mark)
        formatter.write(table) { emit($0) }
      }
      if explicit || echo { output.out("wrote \(table.rowCount) row\(table.rowCount == 1 ? "" : "s") to \(destination)") }
    } catch {
      throw EngineError(.invalidArgument, (error as? LoadError)?.message ?? "cannot write \(destination): \(error.localizedDescription)")
    }
  }

  /// Shows the last result again, without the row cap.
  func showLast() {
    guard let lastResult else {
      output.err("no result yet")
      return
    }
    let saved = maxRows
    maxRows = 0
    defer { maxRows = saved }
    try? write(lastResult, OutputSpec())
  }

  /// The format a file's extension names: `.csv`, `.tsv`, `.json`, `.jsonl`, `.md`, `.html`.
  static func format(ofFile path: String) -> OutputFormat? {
    switch (path as NSString).pathExtension.lowercased() {
    case "csv": return .csv
    case "tsv", "tab": return .tsv
    case "json": return .json
    case "jsonl", "ndjson": return .jsonl
    case "md", "markdown": return .markdown
    case "html", "htm": return .html
    default: return nil
    }
  }

  /// The locale of tables (`set locale = fr`).
  var locale: NumberLocale { NumberLocale(rawValue: workspace.settings.locale) ?? .en }

  /// Whether the environment's character set is UTF-8 (or unset, as in most containers).
  public static func utf8Terminal(_ environment: [String: String]) -> Bool {
    for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
      if let value = environment[key], !value.isEmpty {
        let lowered = value.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
      }
    }
    return true
  }
}
