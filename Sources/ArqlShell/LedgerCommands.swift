import ArqlLedger
import Foundation

/// The commands that load a ledger and print about it, without a session: `arql info`, the
/// load timing of the benchmarks, and `arql gen`.
public enum LedgerCommands {
  /// `arql info`: loads the ledger and prints its summary.
  public static func info(_ ledger: ResolvedLedger, output: ShellOutput) -> ExitStatus {
    do {
      let (loaded, report) = try LedgerLoader.load(directory: ledger.folder, options: ledger.options, baseDirectory: ledger.baseDirectory)
      output.out(LedgerSummary(ledger: loaded, report: report, name: ledger.name).render())
      return .ok
    } catch {
      output.err(LoadFailure.text(error))
      return .loadFailed
    }
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

  /// Replaces a generated folder's invoices.csv and payments.csv by the FEC they make,
  /// named `<SIREN>FEC<closing date>.txt` as the law names it.
  /// The FEC is the last calendar year's, opening on its first day with the items open then
  /// (the whole period when it is shorter than two years).
  static func writeFEC(folder: String, from first: Int32, closing: Int32) throws -> (path: String, lines: Int, opening: Int32) {
    let (ledger, _) = try LedgerLoader.load(directory: folder, options: LoadOptions())
    let year = Day.number(year: Day.civil(closing).year, month: 1, day: 1)
    let opening = year > first ? year : first
    let text = FecWriter.text(ledger, openingOn: year > first ? year : nil)
    let path = (folder as NSString).appendingPathComponent("552100554FEC" + FecWriter.day(closing) + ".txt")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    for file in ["invoices.csv", "payments.csv"] { try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(file)) }
    // The side files keep the rows about the year's items: an item closed before it is not in the FEC.
    if year > first {
      let open = ledger.applications.openAmounts(at: year - 1, invoices: ledger.invoices)
      var kept = Set<String>()
      for d in 0..<ledger.invoices.count where ledger.invoices.postingDate[d] >= year || open[d] != 0 {
        if let id = ledger.invoices.id[d] { kept.insert(id) }
      }
      for file in ["disputes.csv", "actions.csv", "promises.csv"] {
        try keepRows(of: (folder as NSString).appendingPathComponent(file), invoices: kept)
      }
    }
    return (path, text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } - 1, opening)
  }

  /// Drops the rows of a generated CSV whose `invoice_id` is not among `invoices`.
  static func keepRows(of path: String, invoices: Set<String>) throws {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard let header = lines.first, let column = fields(header).firstIndex(of: "invoice_id") else { return }
    lines = [header] + lines.dropFirst().filter { line in
      let values = fields(line)
      return column >= values.count || values[column].isEmpty || invoices.contains(values[column])
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// The fields of a CSV line (quotes respected).
  static func fields(_ line: String) -> [String] {
    var result: [String] = []
    var field = ""
    var quoted = false
    for c in line {
      if c == "\"" { quoted.toggle() } else if c == "," && !quoted {
        result.append(field)
        field = ""
      } else { field.append(c) }
    }
    result.append(field)
    return result
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
        let fec = try writeFEC(folder: request.folder, from: config.start, closing: config.end)
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
