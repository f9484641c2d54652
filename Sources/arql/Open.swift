import ArgumentParser
import ArqlLedger
import ArqlEngine
import ArqlReport
import ArqlShell
import Foundation

/// `arql [options] LEDGER`: load a ledger and print its summary.
struct Open: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open",
    abstract: "Load a ledger folder (native CSV files, or any export through a mapping) and print its summary.")

  @Argument(help: "The ledger folder (customers.csv, invoices.csv, payments.csv, ...).")
  var ledger: String?

  @Option(name: .long, help: "A mapping file: per-table file names, CSV options and column mappings.")
  var mapping: String?

  @Option(name: .long, help: ArgumentHelp("Read one table from a file: TABLE=PATH (repeatable).", valueName: "table=path"))
  var table: [String] = []

  @Flag(name: .long, help: "Load the good rows and write the rejected ones with their reason to <table>.rejects.csv.")
  var lenient = false

  @Option(name: .long, help: "Folder for reject files in lenient mode.")
  var rejects: String = "."

  @Option(name: .long, help: "Field delimiter for every file: , ; | or tab (default: detected).")
  var delimiter: String?

  @Option(name: .long, help: "Decimal separator: . or , (default: detected).")
  var decimal: String?

  @Option(name: .long, help: "Thousands separator: , . space or ' (default: none, or detected).")
  var thousands: String?

  @Option(name: .customLong("date-format"), help: "Date format, e.g. dd/MM/yyyy, M/d/yyyy, yyyyMMdd (default: detected).")
  var dateFormat: String?

  @Option(name: .long, help: "Character set: utf-8, latin9 or auto (default: auto).")
  var encoding: String?

  @Flag(name: .customLong("negative-parens"), help: "Read (12.50) as -12.50.")
  var negativeParens = false

  @Option(name: .customLong("default-terms"), help: "Payment terms in days for documents without due date or customer terms.")
  var defaultTerms: Int?

  @Option(name: .long, help: "Worker threads for loading (default: all cores).")
  var threads: Int?

  @Flag(name: .long, help: "Print only the load time in milliseconds (for benchmarks).")
  var timingOnly = false

  @Option(name: .customShort("c"), help: ArgumentHelp("Run a query or statements and exit (repeatable).", valueName: "query"))
  var commands: [String] = []

  @Option(name: .long, help: "Result format: table, csv or json (default: table).")
  var format: String = "table"

  @Flag(name: .long, help: "Print each statement's run time to stderr.")
  var timer = false

  mutating func run() throws {
    var options = LoadOptions(lenient: lenient, rejectDirectory: rejects)
    if let threads { options.threads = max(1, threads) }
    var base: String? = nil
    do {
      if let mapping {
        try MappingFile.load(path: mapping, into: &options)
        base = (mapping as NSString).deletingLastPathComponent
        if base?.isEmpty ?? true { base = "." }
      }
      try applyCommandLine(to: &options)
      guard ledger != nil || options.tables[.invoices]?.file != nil else {
        throw ValidationError("give a ledger folder, or a mapping / --table that names the invoices file")
      }
      let (loaded, report) = try LedgerLoader.load(directory: ledger, options: options, baseDirectory: base)
      if timingOnly {
        print(String(format: "%.1f", report.seconds * 1000))
        if ProcessInfo.processInfo.environment["ARQL_PHASES"] != nil {
          for phase in report.phases { print(String(format: "  %-28@ %8.1f ms", phase.name as NSString, phase.seconds * 1000)) }
        }
        return
      }
      if !commands.isEmpty {
        guard let outputFormat = OutputFormat(rawValue: format) else {
          throw ValidationError("--format is table, csv or json")
        }
        let engine = QueryEngine(ledger: loaded, today: Open.today())
        var runner = ScriptRunner(engine: engine, format: outputFormat, output: { print($0) },
                                  errors: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        if timer {
          runner.timer = { FileHandle.standardError.write(Data(String(format: "time: %.1f ms\n", $0 * 1000).utf8)) }
        }
        for command in commands {
          let code = runner.run(command)
          if code != .ok { throw ExitCode(code.rawValue) }
        }
        return
      }
      print(LedgerSummary(ledger: loaded, report: report, name: ledger ?? mapping ?? "").render())
    } catch let error as LoadError {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode(2)
    }
  }

  /// The wall-clock date as a day number (`today` in queries).
  static func today() -> Int32 { Int32(Date().timeIntervalSince1970 / 86_400) }

  private func applyCommandLine(to options: inout LoadOptions) throws {
    if let delimiter {
      guard let byte = CSVOptions.separator(named: delimiter), [44, 59, 124, 9].contains(byte) else {
        throw ValidationError("--delimiter must be , ; | or tab")
      }
      options.csv.delimiter = byte
    }
    if let decimal {
      guard let byte = CSVOptions.separator(named: decimal), byte == 44 || byte == 46 else {
        throw ValidationError("--decimal must be . or ,")
      }
      options.csv.decimalSeparator = byte
    }
    if let thousands {
      guard let byte = CSVOptions.separator(named: thousands), [44, 46, 32, 39].contains(byte) else {
        throw ValidationError("--thousands must be , . space or '")
      }
      options.csv.thousandsSeparator = byte
    }
    if let dateFormat {
      guard let format = DateFormat(name: dateFormat) else {
        throw ValidationError("unknown --date-format '\(dateFormat)'; formats: \(DateFormat.acceptedNames)")
      }
      options.csv.dateFormat = format
    }
    if let encoding {
      guard let e = TextEncoding(name: encoding) else { throw ValidationError("--encoding is utf-8, latin9 or auto") }
      options.csv.encoding = e
    }
    if negativeParens { options.csv.parenthesesAreNegative = true }
    if let defaultTerms {
      guard (0...3650).contains(defaultTerms) else { throw ValidationError("--default-terms is between 0 and 3650 days") }
      options.defaultTermsDays = defaultTerms
    }
    for item in table {
      let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let kind = TableKind(name: parts[0]) else {
        throw ValidationError("--table takes TABLE=PATH with TABLE one of " + TableKind.allCases.map(\.rawValue).joined(separator: ", "))
      }
      var mapping = options.tables[kind] ?? TableMapping()
      mapping.file = parts[1].hasPrefix("/") ? parts[1] : FileManager.default.currentDirectoryPath + "/" + parts[1]
      options.tables[kind] = mapping
    }
  }
}
