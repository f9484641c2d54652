import ArgumentParser
import ArqlLedger
import ArqlShell
import Foundation

/// `arql info LEDGER`: load a ledger and print its summary.
struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Load a ledger and print its tables, what was detected, and the position at the latest posting date.")

  @Argument(help: "The ledger folder.")
  var ledger: String?

  @OptionGroup var ledgerOptions: LedgerOptions

  func run() throws {
    let (options, base) = try ledgerOptions.loadOptions()
    guard ledger != nil || options.tables[.invoices]?.file != nil else {
      throw ValidationError("give a ledger folder, or a mapping / --table that names the invoices file")
    }
    do {
      let (loaded, report) = try LedgerLoader.load(directory: ledger, options: options, baseDirectory: base)
      print(LedgerSummary(ledger: loaded, report: report, name: ledger ?? ledgerOptions.mapping ?? "").render())
    } catch let error as LoadError {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode(ExitStatus.loadFailed.rawValue)
    }
  }
}
