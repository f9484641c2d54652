import ArgumentParser
import ArqlShell
import Foundation

/// `arql snapshot LEDGER [OUT]`: read a ledger and save it as a snapshot that opens at once.
struct Snapshot: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read a ledger and save it as a snapshot that opens in a fraction of a load.",
    discussion: """
      Without OUT the snapshot is the folder's ledger.arqlsnap: every later `arql FOLDER` (and .load, load csv) opens it \
      instead of reading the files while they are unchanged, and writes it again when one changes. With OUT, open the \
      snapshot by name: arql OUT.arqlsnap.
      """)

  @Argument(help: "The ledger folder (or FEC file).")
  var ledger: String?

  @Argument(help: "The snapshot file to write (default: LEDGER/ledger.arqlsnap).")
  var out: String?

  @OptionGroup var ledgerOptions: LedgerOptions

  func run() throws {
    let resolved = try ledgerOptions.resolveNamed(folder: ledger)
    let status = LedgerCommands.snapshot(resolved, to: out, output: .standard)
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
