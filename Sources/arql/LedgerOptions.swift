import ArgumentParser
import ArqlLedger
import ArqlReport
import ArqlShell
import Foundation

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

  @Option(name: .long, help: "Worker threads for loading (default: all cores).")
  var threads: Int?

  /// The load options these flags describe, with the mapping file read.
  func loadOptions() throws -> (LoadOptions, baseDirectory: String?) {
    var options = LoadOptions(lenient: lenient, rejectDirectory: rejects)
    var base: String? = nil
    if let mapping {
      try MappingFile.load(path: mapping, into: &options)
      base = (mapping as NSString).deletingLastPathComponent
      if base?.isEmpty ?? true { base = "." }
    }
    try applyCommandLine(to: &options)
    return (options, base)
  }

  func applyCommandLine(to options: inout LoadOptions) throws {
    let given: [(String, String?)] = [
      ("delimiter", delimiter), ("decimal", decimal), ("thousands", thousands), ("date_format", dateFormat), ("encoding", encoding),
      ("negative_parens", negativeParens ? "yes" : nil),
    ]
    for case let (key, text?) in given {
      do { try options.csv.apply(key, text) } catch {
        throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")): \(error.message)"
          + (error.notes.isEmpty ? "" : "; " + error.notes.joined(separator: "; ")))
      }
    }
    if let defaultTerms {
      do { try options.applyTerms(String(defaultTerms)) } catch { throw ValidationError("--default-terms: \(error.message)") }
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

/// The wall-clock date as a day number (`today` in queries).
func wallClockToday() -> Int32 { Int32(Date().timeIntervalSince1970 / 86_400) }

extension OutputOptions {
  /// A session printing to stdout and stderr with these options: format, timer, keep-going,
  /// colour in diagnostics and in tables, the terminal's width.
  func makeSession() throws -> Session {
    let session = Session(output: ShellOutput(out: { print($0) }, err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }),
                          today: wallClockToday())
    guard let mode = OutputFormat(rawValue: format) else {
      throw ValidationError("--format is " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
    }
    session.mode = mode
    session.timer = timer
    session.keepGoing = keepGoing
    session.color = try colorEnabled()
    session.tableColor = try colorEnabled(STDOUT_FILENO)
    session.terminalWidth = terminalWidth
    return session
  }
}

/// The width of the terminal on stdout, nil when stdout is not one (`COLUMNS` overrides).
func terminalWidth() -> Int? {
  if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
  guard isatty(STDOUT_FILENO) == 1 else { return nil }
  var size = winsize()
  guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
  return Int(size.ws_col)
}
