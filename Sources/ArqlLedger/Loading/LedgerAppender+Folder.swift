import Foundation

extension LedgerAppender {
  /// What `arql append` did to a ledger folder.
  public struct FolderAppend: Sendable {
    /// The ledger with the rows added.
    public let ledger: Ledger
    /// The appended files: rows read, added and rejected per table.
    public let report: LoadReport
    /// Where each file was kept in the folder (`appended/0001.payments.NAME.csv`).
    public let kept: [String]
    /// The folder's snapshot, when it was written again, and its size in bytes.
    public let snapshot: (path: String, bytes: Int)?
  }

  /// `arql append LEDGER FILE...`: checks the files' rows against the ledger (opened through its
  /// snapshot when that is fresh) and, when they pass, keeps the files in the ledger's folder
  /// (`appended/`), where every later load appends them again, and writes the folder's snapshot
  /// again when it has one. Nothing is kept when a row fails (strict mode).
  ///
  /// - Parameters:
  ///   - folder: the ledger folder (for a ledger read through a mapping, the mapping's folder).
  ///   - directory: the folder as the load takes it (`nil` when every table comes from a mapping).
  public static func appendToFolder(_ files: [String], table: TableKind?, folder: String, directory: String?, options: LoadOptions,
                                    baseDirectory: String?) throws -> FolderAppend
  {
    // Two appends to one folder at once would each check its rows against the ledger without
    // the other's, and could both number their file 0003: one waits for the other.
    let appendedFolder = (folder as NSString).appendingPathComponent(AppendedFiles.folderName)
    try? FileManager.default.createDirectory(atPath: appendedFolder, withIntermediateDirectories: true)
    let lock = open((appendedFolder as NSString).appendingPathComponent(".lock"), O_CREAT | O_RDWR, 0o644)
    guard lock >= 0 else {
      throw LoadError(.unwritable, "cannot append to \(folder): \(String(cString: strerror(errno)))", file: appendedFolder)
    }
    defer { close(lock) }  // closing releases the lock
    while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
    let (ledger, loadReport) = try LedgerLoader.load(directory: directory, options: options, baseDirectory: baseDirectory)
    var keys = LedgerKeys()
    options.progress?("checking the new rows")
    let (result, report, tables) = try appendFiles(files, table: table, to: ledger, options: options, keys: &keys)
    var kept: [String] = []
    do {
      for table in tables {
        guard let source = table.source else { continue }
        let target = AppendedFiles.nextPath(in: folder, table: table.kind, original: source.firstPath)
        try AtomicFile.write(to: target, parts: [addedRows(of: table, source: source)])
        kept.append(target)
      }
    } catch {
      for path in kept { try? FileManager.default.removeItem(atPath: path) }
      throw (error as? LoadError) ?? LoadError(.unwritable, "cannot keep the appended file in \(folder): \(error.localizedDescription)", file: folder)
    }
    var snapshot: (String, Int)? = nil
    if let path = LedgerLoader.snapshotBeside(folder) {
      options.progress?("writing the snapshot again")
      let plan = try SourcePlan(directory: directory, options: options, baseDirectory: baseDirectory)
      var whole = loadReport
      whole.tables += zip(report.tables, kept).map { table, file in
        LoadReport.TableReport(table: table.table, file: file, read: table.read, loaded: table.loaded, rejected: table.rejected,
                               rejectFile: table.rejectFile, notes: table.notes, extraColumns: table.extraColumns)
      }
      let bytes = try SnapshotFile.write(result, report: whole, ledgerPath: plan.directory ?? plan.fecPath ?? folder, options: options,
                                         sources: plan.paths, to: path)
      snapshot = (path, bytes)
    }
    return FolderAppend(ledger: result, report: report, kept: kept, snapshot: snapshot)
  }

  /// The header and the rows that were added, each as it was written (quotes and all), in UTF-8:
  /// what later loads append again. Rows left out in lenient mode are not kept (they are in the
  /// reject file), so a strict load of the folder later does not fail on them.
  private static func addedRows(of table: ParsedTable, source: SourceText) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.append(contentsOf: source.recordBytes(0))
    bytes.append(10)
    for record in table.records {
      bytes.append(contentsOf: source.recordBytes(Int(record)))
      bytes.append(10)
    }
    return bytes
  }
}
