import ArqlSupport
import Dispatch
import Foundation

/// Loads a ledger: a folder of native CSV files, each table optionally remapped.
public enum LedgerLoader {
  /// Loads the ledger in `directory` (native file names) with the mappings of `options`.
  ///
  /// - Parameters:
  ///   - directory: the ledger folder, or `nil` when every table's file comes from a mapping.
  ///   - options: strictness, CSV options and per-table mappings.
  ///   - baseDirectory: where relative `file` paths of mappings are found (the mapping file's
  ///     folder); defaults to `directory`.
  /// - Returns: the ledger and a report of what was read, loaded and rejected.
  /// - Throws: `LoadError`; in strict mode at the first bad row, in any mode for a file that
  ///   cannot be read at all.
  public static func load(directory: String?, options: LoadOptions = LoadOptions(), baseDirectory: String? = nil) throws
    -> (Ledger, LoadReport)
  {
    if let path = directory, SnapshotFile.detect(path: path) || path.hasSuffix("." + SnapshotFile.fileExtension) { return try openSnapshot(path, options: options) }
    if let folder = directory ?? baseDirectory, let path = snapshotBeside(folder) {
      return try loadThroughSnapshot(path, folder: directory, options: options, baseDirectory: baseDirectory)
    }
    return try loadSources(directory: directory, options: options, baseDirectory: baseDirectory)
  }

  /// Reads the ledger from its files (no snapshot).
  static func loadSources(directory: String?, options: LoadOptions, baseDirectory: String?) throws -> (Ledger, LoadReport) {
    try loadSources(SourcePlan(directory: directory, options: options, baseDirectory: baseDirectory), options: options)
  }

  /// Reads the files of `plan`.
  static func loadSources(_ plan: SourcePlan, options: LoadOptions) throws -> (Ledger, LoadReport) {
    let started = DispatchTime.now()
    let policy = MemoryPolicy.enter(.load)
    defer { MemoryPolicy.restore(policy) }
    let (files, fecPath, ignoredFiles) = (plan.files, plan.fecPath, plan.ignoredFiles)
    var phases: [(String, Double)] = []
    var mark = DispatchTime.now()
    func lap(_ name: String) {
      let now = DispatchTime.now()
      phases.append((name, Double(now.uptimeNanoseconds - mark.uptimeNanoseconds) / 1e9))
      mark = now
    }
    var ledger: Ledger
    var parsedTables: [TableKind: ParsedTable]
    if LoadPipeline.eligible(plan, options: options) {
      let loaded = try LoadPipeline.run(plan, options: options)
      phases += loaded.phases
      lap("parse and build, every table")
      ledger = Ledger(loaded.parts)
      parsedTables = loaded.parsed
    } else {
      let tables = try TableParse.all(plan, options: options)
      for (kind, seconds) in tables.seconds { phases.append(("parse \(kind)", seconds)) }
      lap("parse, every table")
      var parsed = tables.parsed
      var fecCustomers: [(id: String, name: String)] = []
      if let fecPath {
        options.progress?("reading the FEC \((fecPath as NSString).lastPathComponent)" + LedgerLoader.size(of: fecPath))
        fecCustomers = try readFEC(fecPath, options: options, into: &parsed, customersGiven: files[.customers] != nil, lap: lap)
      }
      options.progress?("checking references and building the ledger")
      // The builder holds the only copy of the parsed tables, so each one's columns are freed
      // as soon as its table is built.
      var builder = LedgerBuilder(parsed: consume parsed, options: options)
      builder.supplementalCustomers = fecCustomers
      builder.lap = lap
      ledger = try builder.build()
      lap("  the other tables")
      parsedTables = builder.parsedTables
    }
    var reports: [LoadReport.TableReport] = []
    for kind in TableKind.allCases {
      guard let table = parsedTables[kind] else { continue }
      let rejectFile = options.lenient ? try RejectWriter.write(table, directory: options.rejectDirectory) : nil
      reports.append(LoadReport.TableReport(
        table: kind, file: table.source?.path ?? kind.fileName, read: table.recordsRead, loaded: ledger.rowCount(kind),
        rejected: table.rejects.count, rejectFile: rejectFile, notes: table.notes, extraColumns: table.extras.map(\.name)))
    }
    var appendReports: [LoadReport] = []
    var keys = LedgerKeys()
    for path in plan.appended {  // what `arql append` added, in its order, as it was added
      options.progress?("appending \((path as NSString).lastPathComponent)")
      let (appended, report) = try LedgerAppender.append([path], table: AppendedFiles.table(of: path), to: consume ledger, options: options,
                                                         keys: &keys)
      ledger = appended
      appendReports.append(report)
    }
    if !plan.appended.isEmpty { lap("append \(plan.appended.count) file\(plan.appended.count == 1 ? "" : "s")") }
    reports += appendReports.flatMap(\.tables)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    var report = LoadReport(tables: reports, ignoredFiles: ignoredFiles, seconds: seconds, phases: phases)
    report.notes += appendReports.flatMap(\.notes)
    return (ledger, report)
  }

  /// " (252 MB)" for a file of a megabyte or more, else "".
  static func size(of path: String) -> String {
    let bytes = fileBytes(path)
    return bytes >= 1_000_000 ? " (\(bytes / 1_000_000) MB)" : ""
  }

  /// A file's size in bytes; 0 when it cannot be read (the load then says why).
  static func fileBytes(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
  }

  /// Reads a FEC and turns its customer accounts into the invoices, payments and (without a
  /// customers.csv beside it) customers tables, typed as native files are.
  /// - Returns: the FEC's customers (id, name) when a customers.csv is given, for the ones it lacks.
  static func readFEC(_ path: String, options: LoadOptions, into parsed: inout [TableKind: ParsedTable], customersGiven: Bool,
                      lap: (String) -> Void) throws -> [(id: String, name: String)]
  {
    let fec = try FecReader.read(path: path, encoding: options.csv.encoding, threads: options.threads, partBytes: options.fec.partBytes)
    lap("read the FEC")
    var notes: [String] = []
    if fec.totalDebit != fec.totalCredit || !fec.unbalanced.isEmpty {
      let shown = fec.unbalanced.prefix(5).map { "\($0.number) (line \($0.line), debit − credit \(Money.format($0.difference)))" }
      let message = "the FEC does not balance: total debit \(Money.format(fec.totalDebit)), total credit \(Money.format(fec.totalCredit)); "
        + "\(fec.unbalanced.count) unbalanced entr\(fec.unbalanced.count == 1 ? "y" : "ies")"
        + (shown.isEmpty ? "" : ": " + shown.joined(separator: ", ") + (fec.unbalanced.count > 5 ? ", ..." : ""))
      guard !options.fec.strictBalance else {
        throw LoadError(.inconsistentRow, message, file: path, line: fec.unbalanced.first.map { Int($0.line) },
                        notes: ["every entry of a FEC balances (Σ debit = Σ credit); without strict balance this is a warning"])
      }
      notes.append("warning: " + message)
    }
    notes += fec.deviations.map { "tolerated: " + $0 }
    let built = FecLedger(fec, options: options.fec)
    lap("classify, match and build the FEC's tables")
    notes = built.notes + notes
    var invoices = built.invoices
    invoices.notes = notes + invoices.notes
    parsed[.invoices] = invoices
    parsed[.payments] = built.payments
    guard customersGiven else {
      parsed[.customers] = built.customers
      return []
    }
    return built.customerList
  }
}
