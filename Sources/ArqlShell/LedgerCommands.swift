import ArqlLedger
import ArqlEngine
import ArqlLanguage
import ArqlSQL
import Foundation

/// The commands that load a ledger and print about it, without a session: `arql info`, the
/// load timing of the benchmarks, and `arql gen`.
public enum LedgerCommands {
  /// `arql info`: loads the ledger and prints its summary.
  public static func info(_ ledger: ResolvedLedger, output: ShellOutput) -> ExitStatus {
    var options = ledger.options
    let progress = LoadProgress.attach(to: &options, label: ledger.name)
    defer { progress?.finish() }
    do {
      let (loaded, report) = try LedgerLoader.load(directory: ledger.folder, options: options, baseDirectory: ledger.baseDirectory)
      progress?.finish()
      output.out(LedgerSummary(ledger: loaded, report: report, name: ledger.name).render())
      return .ok
    } catch {
      output.err(LoadFailure.text(error))
      return .loadFailed
    }
  }

  /// `arql snapshot LEDGER [OUT]`: reads the ledger and writes its snapshot (by default the
  /// folder's `ledger.arqlsnap`, which later loads open while the files are unchanged).
  public static func snapshot(_ ledger: ResolvedLedger, to path: String?, output: ShellOutput) -> ExitStatus {
    var options = ledger.options
    let progress = LoadProgress.attach(to: &options, label: ledger.name)
    defer { progress?.finish() }
    do {
      let started = DispatchTime.now()
      let (_, report, target, bytes) = try LedgerLoader.writeSnapshot(
        directory: ledger.folder, options: options, baseDirectory: ledger.baseDirectory, to: path)
      progress?.finish()
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
      let rows = report.tables.map { "\($0.table) \(LedgerSummary.count($0.loaded))" }.joined(separator: ", ")
      output.out("wrote \(target): \(rows); \(size(bytes)) in \(LedgerSummary.duration(seconds))")
      if path != nil && ledger.folder.map({ LedgerLoader.isSnapshot(target, of: $0) }) != true {
        output.out("open it with: arql \(target)")
      }
      return .ok
    } catch {
      output.err(LoadFailure.text(error))
      return .loadFailed
    }
  }

  /// "226 MB", "12 KB".
  static func size(_ bytes: Int) -> String {
    bytes >= 1_000_000 ? "\(LedgerSummary.count(bytes / 1_000_000)) MB" : "\(LedgerSummary.count(max(1, bytes / 1_000))) KB"
  }

  /// `arql LEDGER --timing-only`: the load time in milliseconds, and its phases when
  /// `ARQL_PHASES` is set.
  public static func timeLoad(_ ledger: ResolvedLedger, output: ShellOutput, phases: Bool) -> ExitStatus {
    do {
      let (_, report) = try LedgerLoader.load(directory: ledger.folder, options: ledger.options, baseDirectory: ledger.baseDirectory)
      output.out(String(format: "%.1f", report.seconds * 1000))
      if phases {
        for phase in report.phases { output.out(String(format: "  %-28@ %8.1f ms", phase.name as NSString, phase.seconds * 1000)) }
      }
      return .ok
    } catch {
      output.err(LoadFailure.text(error))
      return .loadFailed
    }
  }

  /// What `arql gen` asks for.
  public struct Generation: Sendable {
    public var invoices = 2_000
    public var customers: Int?
    public var seed: UInt64 = 42
    public var start = "2024-01-01"
    public var months = 24
    public var divisions = 3
    public var threads: Int?
    public var folder: String
    /// `csv` (native files) or `fec` (a FEC for the documents and cash, beside the side files).
    public var format = "csv"

    public init(folder: String) {
      self.folder = folder
    }

    /// The first thing wrong with the request, nil when it can run.
    public var problem: String? {
      if !(1...50_000_000).contains(invoices) { return "--invoices must be between 1 and 50,000,000" }
      if Day.parseISO(start) == nil { return "--start must be a date yyyy-MM-dd" }
      if !(1...240).contains(months) { return "--months must be between 1 and 240" }
      if !(1...8).contains(divisions) { return "--divisions must be between 1 and 8" }
      if let customers, customers < 1 { return "--customers must be positive" }
      if !["csv", "fec"].contains(format) { return "--format is csv or fec" }
      return nil
    }
  }

  /// `arql gen`: writes a seeded synthetic ledger and prints its tables.
  public static func generate(_ request: Generation, output: ShellOutput) -> ExitStatus {
    if let problem = request.problem {
      output.err("error: \(problem)")
      return .usage
    }
    let config = GeneratorConfig(seed: request.seed, invoices: request.invoices, customers: request.customers,
                                 start: Day.parseISO(request.start) ?? 0, months: request.months, divisions: request.divisions)
    let began = Date()
    do {
      let totals = try LedgerGenerator.generate(config, to: request.folder, threads: request.threads ?? ProcessInfo.processInfo.activeProcessorCount)
      if request.format == "fec" {
        let fec = try FecWriter.writeFiscalYear(folder: request.folder, from: config.start, closing: config.end)
        output.out("wrote \(fec.path): \(fec.lines) lines, the fiscal year \(Day.iso(fec.opening)) .. \(Day.iso(config.end)) with its opening "
          + "entry; invoices.csv and payments.csv are in it (customers.csv and the other files stay)")
      }
      let seconds = Date().timeIntervalSince(began)
      output.out("generated \(request.folder) (seed \(request.seed), \(Day.iso(config.start)) .. \(Day.iso(config.end))) in "
        + String(format: "%.1f", seconds) + " s")
      for kind in TableKind.allCases {
        let rows = String(totals.rows[kind] ?? 0)
        let amount = totals.amounts[kind].map { $0 != 0 ? "  amount \(Money.format($0))" : "" } ?? ""
        output.out("  \(kind.fileName.padding(toLength: 15, withPad: " ", startingAt: 0)) "
          + String(repeating: " ", count: max(0, 10 - rows.count)) + rows + amount)
      }
      return .ok
    } catch {
      output.err("error: cannot write \(request.folder): \(error)")
      return .loadFailed
    }
  }
}

extension LedgerCommands {
  /// `arql export-sql LEDGER --dialect D --out DIR`: the ledger's tables as CSV files and a
  /// `load.sql` for the engine; with `--engine URL`, loaded into that engine at once.
  public static func exportSQL(_ ledger: ResolvedLedger, dialect: String?, out: String?, engine: String?, output: ShellOutput) -> ExitStatus {
    let ledgerValue: Ledger
    do {
      ledgerValue = try LedgerLoader.load(directory: ledger.folder, options: ledger.options, baseDirectory: ledger.baseDirectory).0
    } catch {
      output.err(LoadFailure.text(error))
      return .loadFailed
    }
    do {
      if let engine {
        let address = try EngineAddress(engine)
        output.out(try LedgerExport(ledger: ledgerValue, dialect: address.dialect).load(into: address))
        return .ok
      }
      guard let name = dialect, let chosen = SQLDialect(name: name) else {
        output.err("error: give --dialect postgres, duckdb or spark (or --engine URL to load the tables there)")
        return .usage
      }
      let folder = out ?? "arql-\(chosen.rawValue)"
      let export = try LedgerExport(ledger: ledgerValue, dialect: chosen)
      let script = try export.write(to: folder)
      let rows = export.tables.map { "\($0.name) \(LedgerSummary.count($0.rowCount))" }.joined(separator: ", ")
      output.out("wrote \(folder): \(rows), and \(script)")
      switch chosen {
      case .postgres: output.out("load it with: psql -d DATABASE -f \(script)")
      case .duckdb: output.out("load it with: duckdb FILE.duckdb < \(script)")
      case .spark: output.out("open it with: arql --engine spark:\(folder) (each Spark session creates its views with spark-sql -i \(script))")
      }
      return .ok
    } catch {
      output.err(Session.engineErrorText(error))
    }
    return .loadFailed
  }
}
