import ArgumentParser
import ArqlShell
import Foundation

/// `arql export-sql LEDGER`: the ledger's native tables for PostgreSQL, DuckDB or Spark SQL.
struct ExportSQL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export-sql",
    abstract: "Write a ledger's tables for an SQL engine, or load them into one (then: arql --engine URL).",
    discussion: """
      With --dialect, writes one CSV file per table and load.sql (CREATE TABLE with DECIMAL(18,2) amounts and DATE \
      dates, then the engine's bulk load) into --out. With --engine postgres://user@host/db or duckdb:FILE, loads the \
      tables there directly. Passwords are never printed.
      """)

  @Argument(help: "The ledger folder (or FEC file, or snapshot).")
  var ledger: String?

  @Option(name: .long, help: "postgres, duckdb or spark.")
  var dialect: String?

  @Option(name: .long, help: "The folder to write (default: arql-DIALECT).")
  var out: String?

  @Option(name: .long, help: "Load into this engine instead: postgres://user@host:port/db or duckdb:FILE.")
  var engine: String?

  @OptionGroup var ledgerOptions: LedgerOptions

  func run() throws {
    let resolved = try ledgerOptions.resolveNamed(folder: ledger)
    let status = LedgerCommands.exportSQL(resolved, dialect: dialect, out: out, engine: engine, output: .standard)
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
