import Dispatch
import Foundation
import Synchronization

/// The typed parse of a ledger's CSV files, several tables at once. Each table's parse also
/// splits its records over the cores, but between those parallel passes it has serial steps
/// (mapping the file, sampling its formats, merging dictionaries, assembling columns); a second
/// table parsed meanwhile keeps the other core busy. Tables are taken largest file first, so
/// that the lanes end together. The result is the serial parse's: the same tables, and the
/// error of the first table (in `TableKind` order) that fails.
enum TableParse {
  /// The parsed tables, and each table's own parse time (its lane's, overlapping the others').
  struct Tables {
    var parsed: [TableKind: ParsedTable] = [:]
    var seconds: [(TableKind, Double)] = []
  }

  /// Parses every CSV table of `plan`.
  /// - Throws: the `LoadError` of the first table, in `TableKind` order, whose file fails.
  static func all(_ plan: SourcePlan, options: LoadOptions) throws -> Tables {
    let files = TableKind.allCases.compactMap { kind in plan.files[kind].map { (kind, $0) } }
    let bytes = Dictionary(uniqueKeysWithValues: files.map { kind, _ in (kind, plan.bytes(of: kind)) })
    let order = files.sorted { bytes[$0.0, default: 0] > bytes[$1.0, default: 0] }
    let lanes = Lanes(order)
    let count = min(options.threads, order.count)
    if count <= 1 {
      lanes.run(plan, options: options)
    } else {
      DispatchQueue.concurrentPerform(iterations: count) { _ in lanes.run(plan, options: options) }
    }
    let done = lanes.outcomes.withLock { $0 }
    // After a failure the lanes take no new table; a table they did not reach is parsed here if
    // it comes before the failed one in `TableKind` order, so the error is the serial parse's.
    var tables = Tables()
    for (kind, path) in files {
      let (result, seconds) = done[kind] ?? (Result { try parse(kind, path, plan, options: options) }, 0)
      tables.parsed[kind] = try result.get()
      tables.seconds.append((kind, seconds))
    }
    return tables
  }

  /// The tables left to parse, taken in turn by each lane, and what each gave.
  private final class Lanes: Sendable {
    let order: [(TableKind, String)]
    let next = Atomic<Int>(0)
    let failed = Atomic<Bool>(false)
    let outcomes = Mutex<[TableKind: (result: Result<ParsedTable, any Error>, seconds: Double)]>([:])

    init(_ order: [(TableKind, String)]) {
      self.order = order
    }

    /// Parses tables until none is left, or one has failed.
    func run(_ plan: SourcePlan, options: LoadOptions) {
      while !failed.load(ordering: .relaxed) {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < order.count else { return }
        let (kind, path) = order[index]
        let started = DispatchTime.now()
        let result = Result { () throws -> ParsedTable in try TableParse.parse(kind, path, plan, options: options) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        if case .failure = result { failed.store(true, ordering: .relaxed) }
        outcomes.withLock { $0[kind] = (result, seconds) }
      }
    }
  }

  /// One table's files, read and typed: `path`, and the files `plan` joins to it.
  static func parse(_ kind: TableKind, _ path: String, _ plan: SourcePlan, options: LoadOptions) throws -> ParsedTable {
    options.progress?("reading \((path as NSString).lastPathComponent)" + LedgerLoader.size(of: path))
    let mapping = options.tables[kind] ?? TableMapping()
    let csv = mapping.csv.filled(from: options.csv)
    func read(_ source: SourceText) throws -> ParsedTable {
      try CSVTableReader.read(source: source, schema: kind.schema, mapping: mapping, options: csv, lenient: options.lenient, threads: options.threads)
    }
    guard let more = plan.moreFiles[kind] else {
      // One file: its check is part of the record scan, one walk over the text for both.
      do {
        return try read(SourceText.read(path: path, displayPath: path, encoding: csv.encoding, threads: options.threads, checkWhileScanning: true))
      } catch is SourceText.UncheckedTextProblem {
        return try read(SourceText.read(path: path, displayPath: path, encoding: csv.encoding, threads: options.threads))
      }
    }
    let source = try SourceText.joined(
      [SourceText.read(path: path, displayPath: path, encoding: csv.encoding, threads: options.threads)]
        + more.map { try SourceText.read(path: $0, displayPath: $0, encoding: csv.encoding, threads: options.threads) })
    return try read(source)
  }
}
