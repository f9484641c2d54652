import ArgumentParser
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
    let resolved = try ledgerOptions.resolveNamed(folder: ledger)
    let status = LedgerCommands.info(resolved, output: .standard)
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
