import ArgumentParser
import ArqlShell
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The options that say how to read a ledger, shared by every command that loads one.
struct LedgerOptions: ParsableArguments {
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

  @Option(name: .customLong("eom-rule"), help: "How '45 jours fin de mois' terms codes read: days_then_eom (default) or eom_then_days.")
  var eomRule: String?

  @Flag(name: .customLong("strict-balance"), help: "A FEC whose entries do not balance is an error, not a warning.")
  var strictBalance = false

  @Option(name: .long, help: "Worker threads for loading (default: all cores).")
  var threads: Int?

  /// The ledger these flags ask for (the shell reads them into load options).
  func request(folder: String?) -> LedgerRequest {
    var request = LedgerRequest(folder: folder)
    request.mapping = mapping
    request.tables = table
    request.lenient = lenient
    request.rejectDirectory = rejects
    request.csvSettings = [
      ("delimiter", delimiter), ("decimal", decimal), ("thousands", thousands), ("date_format", dateFormat), ("encoding", encoding),
      ("negative_parens", negativeParens ? "yes" : nil),
    ].compactMap { key, value in value.map { (key, $0) } }
    request.defaultTerms = defaultTerms
    request.endOfMonthRule = eomRule
    request.strictBalance = strictBalance
    request.threads = threads
    return request
  }

  /// The resolved ledger; a bad flag is a usage error (exit 64), a bad mapping file a load
  /// error (exit 2).
  /// The ledger the options name, which must name one (a folder, or a mapping / `--table`
  /// naming the invoices file).
  func resolveNamed(folder: String?) throws -> ResolvedLedger {
    let resolved = try resolve(folder: folder)
    guard resolved.namesLedger else { throw ValidationError("give a ledger folder, or a mapping / --table that names the invoices file") }
    return resolved
  }

  func resolve(folder: String?) throws -> ResolvedLedger {
    do {
      return try request(folder: folder).resolve()
    } catch let error as UsageError {
      throw ValidationError(error.description)
    } catch {
      FileHandle.standardError.write(Data((LoadFailure.text(error) + "\n").utf8))
      throw ExitCode(ExitStatus.loadFailed.rawValue)
    }
  }
}

extension OutputOptions {
  /// A session printing to stdout and stderr with these options: format, timer, keep-going,
  /// colour in diagnostics and in tables, the terminal's width.
  func makeSession() throws -> Session {
    do {
      let session = try Session.make(output: .standard, format: format, timer: timer, keepGoing: keepGoing, color: try colorEnabled(),
                                     tableColor: try colorEnabled(STDOUT_FILENO), terminalWidth: terminalWidth)
      session.strict = strict
      try session.applyCommandLine(asOf: asOf, locale: locale)
      return session
    } catch let error as UsageError {
      throw ValidationError(error.description)
    }
  }
}

/// The width of the terminal on stdout, nil when stdout is not one (`COLUMNS` overrides).
func terminalWidth() -> Int? {
  if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
  return terminalSize()?.columns
}

/// The height of the terminal on stdout, nil when stdout is not one (`LINES` overrides).
func terminalHeight() -> Int? {
  if let lines = ProcessInfo.processInfo.environment["LINES"].flatMap(Int.init), lines > 0 { return lines }
  return terminalSize()?.rows
}

private func terminalSize() -> (columns: Int, rows: Int)? {
  guard isatty(STDOUT_FILENO) == 1 else { return nil }
  var size = winsize()
  guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
  return (Int(size.ws_col), Int(size.ws_row))
}
