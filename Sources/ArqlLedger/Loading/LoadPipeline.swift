import Dispatch
import Foundation

/// A ledger's files parsed and its tables built at once, one lane per core.
///
/// A whole-ledger build (`LedgerBuilder.buildParts`) waits for every file to be parsed, then
/// builds the tables one after the other on one core. Here each table is built as soon as its
/// file and the tables it refers to are ready: customers, then the documents, then payments,
/// disputes, actions, promises, exposures and surveys, each apart (`LedgerBuilder+Table`),
/// while the other lane parses the next file. A lane takes a ready sum check first, then a
/// ready build (its parsed columns are let go sooner), then the next file: customers and the
/// documents first, which every build waits for, then the longest build first (`parseOrder`).
///
/// The result is the serial load's: the same tables, rows and rejects, and in strict mode the
/// error it would throw — a bad file before a sum problem before a broken rule, each the first
/// in table order. On a failure the lanes stop taking work; `finish` then runs, in that order,
/// whatever could still give an earlier error, and throws the earliest.
///
/// Used for a fresh load of native files with a customers.csv and two threads or more
/// (`eligible`); appends, FEC imports and ledgers whose customers are the ids their rows name
/// keep the whole-ledger build.
final class LoadPipeline: @unchecked Sendable {
  /// The steps of a table, in the order their errors rank.
  enum Stage: Int, Comparable {
    case parse, check, build
    static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
  }

  private enum Status: Equatable {
    case waiting, parsing, parsed, checking, checked, building, built, failed
    /// The table's sums are checked (later tables of its families may go on).
    var sumsChecked: Bool { self == .checked || self == .building || self == .built }
  }

  private struct Failure {
    let stage: Stage
    let kind: TableKind
    let error: any Error
    func precedes(_ stage: Stage, _ kind: TableKind) -> Bool {
      self.stage < stage || (self.stage == stage && LoadPipeline.order(self.kind) < LoadPipeline.order(kind))
    }
  }

  /// How long each table's build takes for 100 MB of its file, in milliseconds, from the
  /// steps `ARQL_PHASES=1 arql bench-data/ledger_10000000 --timing-only` prints at commit
  /// abd7bd1: receipts are checked for repeated lines and amounts besides their references,
  /// actions only have theirs resolved, exposures are mapped one by one. Only their order
  /// matters here.
  static let buildMillisecondsPer100MB: [TableKind: Int] = [
    .payments: 110, .actions: 55, .promises: 125, .disputes: 150, .exposures: 600, .surveys: 80,
  ]

  /// The order the files of a ledger are parsed in, given their sizes in bytes. Customers and
  /// documents first: every build waits for them. Then the file whose build will take longest
  /// (`buildMillisecondsPer100MB`): a build runs while the files after it are parsed, so that
  /// the lanes end together on short steps rather than one lane building a large table alone.
  /// At 10M this parses payments before the larger actions file, and ended the load 0.25 s
  /// sooner (alternated runs of both orders): payments' build no longer came last.
  static func parseOrder(_ bytes: [TableKind: Int]) -> [TableKind] {
    let first = [TableKind.customers, .invoices].filter { bytes[$0] != nil }
    func buildCost(_ kind: TableKind) -> Int { bytes[kind, default: 0] / 100 * (buildMillisecondsPer100MB[kind] ?? 100) }
    return first + TableKind.allCases.filter { bytes[$0] != nil && !first.contains($0) }.sorted { buildCost($0) > buildCost($1) }
  }

  /// Whether `plan` is loaded here rather than by a whole-ledger build.
  static func eligible(_ plan: SourcePlan, options: LoadOptions) -> Bool {
    options.threads >= 2 && plan.fecPath == nil && plan.files[.customers] != nil && plan.files[.invoices] != nil
  }

  private let plan: SourcePlan
  private let options: LoadOptions
  private let condition = NSCondition()
  /// Two tables built at once walk two files' ids, and each walk maps its whole file within a
  /// few tens of milliseconds: a 10 ms tick keeps that from adding up (1M ledger, alternated
  /// runs of a build reading the period from the environment: peak 463–503 MB at 50 ms,
  /// 382–412 MB at 20 ms, 329–364 MB at 10 ms, the time within the runs' spread).
  private let releaser = PageReleaser([], milliseconds: 10, growing: true)
  // Guarded by `condition`.
  private var status: [TableKind: Status] = [:]
  private var toParse: [TableKind]
  private var builders: [TableKind: LedgerBuilder] = [:]
  private var totals: [UInt64]
  private var references = LedgerBuilder.References()
  private var built: [TableKind: LedgerBuilder.BuiltTable] = [:]
  private var failures: [Failure] = []
  private var running = 0
  private var phases: [(String, Double)] = []

  private init(_ plan: SourcePlan, options: LoadOptions) {
    self.plan = plan
    self.options = options
    let files = TableKind.allCases.filter { plan.files[$0] != nil }
    toParse = Self.parseOrder(Dictionary(uniqueKeysWithValues: files.map { ($0, plan.bytes(of: $0)) }))
    totals = [UInt64](repeating: 0, count: LedgerBuilder.sumFamilies.count)
    // A table without a file is not built: `LedgerParts` holds it empty.
    for kind in TableKind.allCases { status[kind] = plan.files[kind] == nil ? .built : .waiting }
  }

  /// Loads `plan`: the ledger's parts, each table's parse (its rejects and notes, for the
  /// report) and the time of each step.
  static func run(_ plan: SourcePlan, options: LoadOptions) throws
    -> (parts: LedgerParts, parsed: [TableKind: ParsedTable], phases: [(String, Double)])
  {
    let pipeline = LoadPipeline(plan, options: options)
    defer { pipeline.releaser.stop() }
    DispatchQueue.concurrentPerform(iterations: options.threads) { _ in pipeline.lane() }
    try pipeline.finish()
    let parsed = pipeline.builders.compactMapValues { builder in builder.parsed.values.first }
    let tables = Set(TableKind.allCases.filter { plan.files[$0] != nil })
    return (LedgerParts(pipeline.built, tables: tables), parsed, pipeline.phases)
  }

  // MARK: - Lanes

  /// Takes ready steps until none is left, or one has failed.
  private func lane() {
    condition.lock()
    defer { condition.unlock() }
    while failures.isEmpty {
      guard let (stage, kind) = nextStep() else {
        if running == 0 { return }
        condition.wait()
        continue
      }
      running += 1
      condition.unlock()
      run(stage, kind)
      condition.lock()
      running -= 1
      condition.broadcast()
    }
    condition.broadcast()
  }

  /// The next step a lane should take (the lock held), marked as started.
  private func nextStep() -> (Stage, TableKind)? {
    for kind in TableKind.allCases where status[kind] == .parsed && checkReady(kind) {
      status[kind] = .checking
      return (.check, kind)
    }
    for kind in TableKind.allCases where status[kind] == .checked && buildReady(kind) {
      status[kind] = .building
      return (.build, kind)
    }
    if !toParse.isEmpty {
      let kind = toParse.removeFirst()
      status[kind] = .parsing
      return (.parse, kind)
    }
    return nil
  }

  private func checkReady(_ kind: TableKind) -> Bool {
    LedgerBuilder.sumPredecessors(of: kind).allSatisfy { status[$0]?.sumsChecked ?? true }
  }

  private func buildReady(_ kind: TableKind) -> Bool {
    LedgerBuilder.referencedTables(of: kind).allSatisfy { status[$0] == .built }
  }

  /// Runs one step without the lock, then records what it gave under it.
  private func run(_ stage: Stage, _ kind: TableKind) {
    let started = DispatchTime.now()
    let outcome: Result<Void, any Error>
    switch stage {
    case .parse:
      let result = Result { try TableParse.parse(kind, plan.files[kind] ?? kind.fileName, plan, options: options) }
      condition.lock()
      if case .success(let table) = result {
        builders[kind] = LedgerBuilder(parsed: [kind: table], options: options)
        if let source = table.source { releaser.add(source) }
      }
      condition.unlock()
      outcome = result.map { _ in () }
    case .check:
      condition.lock()
      var builder = builders.removeValue(forKey: kind)  // taken out: its columns have one owner while it works
      var sums = totals
      condition.unlock()
      outcome = Result {
        builder?.noteParseRejects(kind)  // as a whole-ledger build does before its checks
        try builder?.checkSums(of: kind, totals: &sums)
      }
      condition.lock()
      builders[kind] = builder
      for (index, family) in LedgerBuilder.sumFamilies.enumerated() where family.contains(where: { $0.0 == kind }) {
        totals[index] = sums[index]
      }
      condition.unlock()
    case .build:
      options.progress?("checking and building \(kind.fileName)")
      condition.lock()
      var builder = builders.removeValue(forKey: kind) ?? LedgerBuilder(parsed: [:], options: options)
      let references = self.references
      condition.unlock()
      let result = Result { try builder.buildTable(kind, references: references) }
      condition.lock()
      builders[kind] = builder
      if case .success(let table) = result {
        built[kind] = table
        switch table {
        case .customers(let customers, let index):
          self.references.customers = customers
          self.references.customerIndex = index
          self.references.rejectedIds[.customers] = builder.rejectedIds[.customers]
        case .invoices(_, let index):
          self.references.invoiceIndex = index
          self.references.rejectedIds[.invoices] = builder.rejectedIds[.invoices]
        default:
          break
        }
      }
      condition.unlock()
      outcome = result.map { _ in () }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    condition.lock()
    phases.append(("\(stage) \(kind)", seconds))
    switch outcome {
    case .success:
      status[kind] = stage == .parse ? .parsed : stage == .check ? .checked : .built
    case .failure(let error):
      status[kind] = .failed
      failures.append(Failure(stage: stage, kind: kind, error: error))
    }
    condition.unlock()
  }

  // MARK: - Finishing

  /// After the lanes: when one failed, runs in the serial load's order every step that could
  /// fail before it, and throws the earliest failure.
  private func finish() throws {
    for stage in [Stage.parse, .check, .build] {
      for kind in TableKind.allCases {
        if let first = earliestFailure(), first.precedes(stage, kind) { throw first.error }
        let pending: Status = stage == .parse ? .waiting : stage == .check ? .parsed : .checked
        guard status[kind] == pending else { continue }
        if stage == .parse { toParse.removeAll { $0 == kind } }
        run(stage, kind)
      }
    }
    if let first = earliestFailure() { throw first.error }
  }

  private func earliestFailure() -> Failure? {
    failures.min { a, b in a.precedes(b.stage, b.kind) }
  }

  private static func order(_ kind: TableKind) -> Int { TableKind.allCases.firstIndex(of: kind) ?? 0 }
}
