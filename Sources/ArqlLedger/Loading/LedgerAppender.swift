import Dispatch
import Foundation

/// Adds the rows of new files — a day's export of documents, cash, actions — to a loaded
/// ledger (issue #13): the same reading, the same rules and the same all-or-nothing rule as a
/// load, with ids checked against the ledger and references resolved into it, so the result is
/// the ledger a full load of the files with those rows would give.
///
/// The work grows with the new rows: their file is read and checked, the ledger's ids are looked
/// up in interned keys (built once per session, `LedgerKeys`), and the tables are extended. The
/// application index is rebuilt from the extended tables (a pass over the columns, no parsing).
public enum LedgerAppender {
  /// Appends `files` to `ledger`.
  ///
  /// - Parameters:
  ///   - files: CSV files; each one's table comes from `table`, else its name (`payments_1203.csv`),
  ///     else its header (`payment_id` → payments).
  ///   - table: the table of every file, when given.
  ///   - options: the ledger's load options (mode, CSV options, the table's mapping).
  ///   - keys: the ledger's interned ids; extended to the returned ledger.
  /// - Returns: the ledger with the rows added and a report of the files (rows read, added, rejected).
  /// - Throws: `LoadError`; in strict mode at the first bad row, and then nothing is added.
  ///   - release: called once every row has passed, before the tables grow: the caller drops its
  ///     other references to the ledger there (a session, its query engine), so that the columns
  ///     are extended in place instead of copied.
  public static func append(_ files: [String], table: TableKind? = nil, to ledger: consuming Ledger, options: LoadOptions,
                            keys: inout LedgerKeys, release: () -> Void = {}) throws -> (Ledger, LoadReport)
  {
    let (result, report, _) = try appendFiles(files, table: table, to: ledger, options: options, keys: &keys, release: release)
    return (result, report)
  }

  /// `append`, also returning the tables as read, with the rows that were added.
  static func appendFiles(_ files: [String], table: TableKind?, to ledger: consuming Ledger, options: LoadOptions,
                          keys: inout LedgerKeys, release: () -> Void = {}) throws -> (Ledger, LoadReport, [ParsedTable])
  {
    let started = DispatchTime.now()
    let policy = MemoryPolicy.enter(.load)
    defer { MemoryPolicy.restore(policy) }
    var phases: [(String, Double)] = []
    var mark = started
    func lap(_ name: String) {
      let now = DispatchTime.now()
      phases.append((name, Double(now.uptimeNanoseconds - mark.uptimeNanoseconds) / 1e9))
      mark = now
    }
    var sources: [TableKind: [SourceText]] = [:]
    var order: [TableKind] = []
    for path in files {
      var source = try SourceText.read(path: path, displayPath: path, encoding: options.csv.encoding, threads: options.threads)
      guard let kind = table ?? tableKind(ofFile: path, header: source.lineText(1)) else {
        throw LoadError(.badMapping, "which table does \(path) add to? its name and its columns do not say", file: path, line: 1,
                        sourceLine: source.lineText(1),
                        notes: ["name the table: .append payments \(path) (or arql append LEDGER \(path) --into payments)",
                                "tables: " + TableKind.allCases.map(\.rawValue).joined(separator: ", ")])
      }
      let encoding = (options.tables[kind] ?? TableMapping()).csv.filled(from: options.csv).encoding
      if encoding != options.csv.encoding { source = try SourceText.read(path: path, displayPath: path, encoding: encoding, threads: options.threads) }
      if sources[kind] == nil { order.append(kind) }
      sources[kind, default: []].append(source)
    }
    var parsed: [TableKind: ParsedTable] = [:]
    for kind in order {
      guard let parts = sources[kind] else { continue }
      var mapping = options.tables[kind] ?? TableMapping()
      mapping.file = nil
      mapping.moreFiles = []
      parsed[kind] = try CSVTableReader.read(source: try SourceText.joined(parts), schema: kind.schema, mapping: mapping,
                                             options: mapping.csv.filled(from: options.csv), lenient: options.lenient,
                                             threads: options.threads)
    }
    lap("read \(files.count) file\(files.count == 1 ? "" : "s")")
    var builder = LedgerBuilder(parsed: parsed, options: options)
    builder.base = ledger
    builder.baseKeys = keys
    keys = LedgerKeys()  // the builder's copy stays unique while it grows
    let parts: LedgerParts
    do {
      builder.prepareBaseKeys()
      lap("intern the ledger's ids (once a session)")
      builder.lap = { lap($0) }
      parts = try builder.buildParts()
      builder.lap = nil
    } catch {
      keys = builder.baseKeys
      throw error
    }
    keys = builder.baseKeys
    builder.baseKeys = LedgerKeys()
    keys.sums = builder.appendedSums
    lap("  the other tables")
    // Everything that can fail happens before `release`: the reject files are written first.
    let before = Dictionary(uniqueKeysWithValues: TableKind.allCases.map { ($0, ledger.rowCount($0)) })
    let added: [TableKind: Int] = [
      .customers: parts.customers.count - ledger.customers.count, .invoices: parts.invoices.count, .payments: parts.payments.count,
      .disputes: parts.disputes.count, .actions: parts.actions.count, .promises: parts.promises.count,
      .exposures: parts.exposures.count, .surveys: parts.surveys.count,
    ]
    var reports: [LoadReport.TableReport] = []
    for kind in order {
      guard let table = builder.parsedTables[kind] else { continue }
      // Named after the appended file, so the ledger's own reject files stay as they are.
      let name = table.source.map { ($0.firstPath as NSString).lastPathComponent }.map { ($0 as NSString).deletingPathExtension }
      let rejectFile = options.lenient ? try RejectWriter.write(table, directory: options.rejectDirectory, name: name) : nil
      reports.append(LoadReport.TableReport(
        table: kind, file: table.source?.path ?? kind.fileName, read: table.recordsRead, loaded: added[kind] ?? 0,
        rejected: table.rejects.count, rejectFile: rejectFile, notes: table.notes, extraColumns: table.extras.map(\.name)))
    }
    builder.base = nil
    release()
    var result = consume ledger
    result.append(parts, keys: keys, lap: lap)
    keys.extend(to: result, from: before)
    lap("add the new ids to the keys")
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    var report = LoadReport(tables: reports, ignoredFiles: [], seconds: seconds, phases: phases)
    if let customers = added[.customers], customers > 0 && parsed[.customers] == nil {
      report.notes.append("\(customers) new customer\(customers == 1 ? "" : "s") (the ledger has no customers.csv: its customers are the ids its rows name)")
    }
    return (result, report, order.compactMap { builder.parsedTables[$0] })
  }

  /// The table a file adds to: a table's name in the file's name (`payments_1203.csv`,
  /// `0002.invoices.erp.csv`, `invoice-export.csv`), else its header's id column.
  public static func tableKind(ofFile path: String, header: String) -> TableKind? {
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
    let words = name.split { !$0.isLetter }.map(String.init)
    for word in words {
      if let kind = TableKind(name: word) { return kind }
    }
    let columns = Set(header.lowercased().split { ",;|\t\"".contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) })
    let byColumn: [(String, TableKind)] = [
      ("payment_id", .payments), ("dispute_id", .disputes), ("action_id", .actions), ("promise_id", .promises),
      ("doc_date", .invoices), ("score", .surveys), ("credit_limit", .customers),
    ]
    return byColumn.first { columns.contains($0.0) }?.1
  }
}

extension LedgerAppender {
  /// Appends tables already read, without files or a report: what the fuzzers and the replay
  /// of their corpus drive (`append` reads the files, reports and keeps the keys).
  static func append(parsed: [TableKind: ParsedTable], to ledger: Ledger, options: LoadOptions) throws -> Ledger {
    var builder = LedgerBuilder(parsed: parsed, options: options)
    builder.base = ledger
    let parts = try builder.buildParts()
    builder.base = nil
    var result = ledger
    result.append(parts, keys: builder.baseKeys)
    return result
  }
}
