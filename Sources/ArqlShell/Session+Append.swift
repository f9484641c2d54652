import ArqlEngine
import ArqlLedger
import Foundation

extension Session {
  /// `.append [TABLE] FILE...`: adds the rows of a day's export to the loaded ledger, checked as
  /// a load checks them; on any error in strict mode nothing is added. The files are
  /// remembered, so `.reload` appends them again.
  @discardableResult
  public func append(_ arguments: [String], table given: TableKind? = nil) -> Bool {
    var files = arguments
    var table = given
    if table == nil, let first = files.first, files.count > 1, !FileManager.default.fileExists(atPath: first), let kind = TableKind(name: first) {
      table = kind
      files.removeFirst()
    }
    guard let current = engine?.ledger, !files.isEmpty else {
      output.err(engine == nil ? "error: no ledger is loaded: open one with .load FOLDER, then .append FILE"
                               : "usage: .append [TABLE] FILE...")
      record(engine == nil ? .loadFailed : .usage)
      return false
    }
    guard attachedEngine == nil else {
      output.err("error: the queries run on an SQL engine (--engine), whose tables "
        + "do not change with an append; append to the ledger and export it again (arql export-sql)")
      record(.loadFailed)
      return false
    }
    let started = DispatchTime.now()
    var keys = appendKeys ?? LedgerKeys()
    appendKeys = nil  // one owner, so the keys grow in place
    defer { appendKeys = keys }
    do {
      // Once the rows pass, the engine (and its caches) go, so the ledger's columns grow in place;
      // the user's definitions and settings, which the engine holds, carry over.
      let workspace = self.workspace
      let (ledger, report) = try LedgerAppender.append(files, table: table, to: consume current, options: loadOptions, keys: &keys,
                                                       release: { self.engine = nil })
      let engineStarted = DispatchTime.now()
      install(QueryEngine(ledger: ledger, today: today, workspace: workspace))
      let now = DispatchTime.now().uptimeNanoseconds
      appended.append((files, table))
      let rows = LedgerSummary.added(report)
      // The time until the next query can run: the append and the new engine.
      let milliseconds = Int(Double(now - started.uptimeNanoseconds) / 1e6)
      output.out("appended \(files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")): \(rows) in \(milliseconds) ms")
      for note in report.notes { output.out(note) }
      if ProcessInfo.processInfo.environment["ARQL_PHASES"] != nil {
        let phases = report.phases + [("a query engine on the new ledger", Double(now - engineStarted.uptimeNanoseconds) / 1e9)]
        for phase in phases { output.out("  " + phase.0.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%8.1f ms", phase.1 * 1000)) }
      }
      for line in LedgerSummary.rejectLines(report, verb: "added") { output.out(line) }
      return true
    } catch {
      output.err(LoadFailure.text(error))
      output.err("nothing was appended")
      record(.loadFailed)
      return false
    }
  }

  /// `.reload`: the ledger's files again, then what was appended since, in order.
  func reload() {
    guard let path = ledgerPath else {
      output.err("no ledger to reload")
      return
    }
    let again = appended
    guard load(path, options: loadOptions, baseDirectory: loadBaseDirectory) else { return }
    for (files, table) in again where !append(files, table: table) {
      output.err("the ledger was reloaded without the files appended since that one")
      return
    }
  }
}
