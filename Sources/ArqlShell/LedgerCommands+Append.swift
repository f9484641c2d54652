import ArqlLedger
import Foundation

extension LedgerCommands {
  /// `arql append LEDGER FILE...`: checks the files' rows against the ledger and keeps them in
  /// its folder (`appended/`), so every later load has them; the folder's snapshot is written
  /// again. In strict mode a bad row fails the whole append and nothing is kept.
  public static func append(_ ledger: ResolvedLedger, files: [String], table: String?, output: ShellOutput) -> ExitStatus {
    var kind: TableKind? = nil
    if let table {
      guard let named = TableKind(name: table) else {
        output.err("error: --into is one of " + TableKind.allCases.map(\.rawValue).joined(separator: ", "))
        return .usage
      }
      kind = named
    }
    guard !files.isEmpty else {
      output.err("error: name the files to append: arql append LEDGER FILE...")
      return .usage
    }
    var isFolder: ObjCBool = false
    guard let folder = ledger.folder ?? ledger.baseDirectory, FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      output.err("error: appends are kept in a ledger folder (LEDGER/\(AppendedFiles.folderName)/); "
        + "\(ledger.folder ?? "this ledger") is not one. In a session, .append FILE adds the rows for that session")
      return .usage
    }
    var options = ledger.options
    let progress = LoadProgress.attach(to: &options, label: ledger.name)
    defer { progress?.finish() }
    do {
      let done = try LedgerAppender.appendToFolder(files, table: kind, folder: folder, directory: ledger.folder, options: options,
                                                   baseDirectory: ledger.baseDirectory)
      progress?.finish()
      let rows = LedgerSummary.added(done.report)
      output.out("appended to \(ledger.name): \(rows) in \(LedgerSummary.duration(done.report.seconds))")
      for (table, kept) in zip(done.report.tables, done.kept) { output.out("  \(table.file) → \(kept)") }
      for note in done.report.notes { output.out(note) }
      for line in LedgerSummary.rejectLines(done.report, verb: "added") { output.out(line) }
      if let snapshot = done.snapshot {
        output.out("wrote \(snapshot.path) again (\(size(snapshot.bytes)))")
      }
      return .ok
    } catch {
      output.err(LoadFailure.text(error))
      output.err("nothing was appended")
      return .loadFailed
    }
  }
}
