import ArgumentParser
import ArqlShell
import Foundation

/// `arql append LEDGER FILE...`: add a day's export to a ledger folder.
struct Append: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check the rows of new files (a day's export) against a ledger and add them to its folder.",
    discussion: """
      Each file's table comes from --into, else its name (payments_1203.csv), else its header (payment_id → payments). \
      The rows are checked as a load checks them — ids new to the ledger, references to its customers and documents — \
      and, when every row passes (or with --lenient, the good rows), the file is kept in LEDGER/appended/, which every \
      later load of the folder appends in order; the folder's snapshot is written again. In a session, .append FILE \
      adds the rows for that session only.
      """)

  @Argument(help: "The ledger folder.")
  var ledger: String

  @Argument(help: "The files to append.")
  var files: [String] = []

  @Option(name: .customLong("into"), help: "The table of every file (invoices, payments, disputes, actions, promises, exposures, surveys, customers).")
  var table: String?

  @OptionGroup var ledgerOptions: LedgerOptions

  func run() throws {
    let resolved = try ledgerOptions.resolveNamed(folder: ledger)
    let status = LedgerCommands.append(resolved, files: files, table: table, output: .standard)
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
