import ArgumentParser

/// The `arql` command line: open a ledger (default) or generate one.
@main
struct ArqlCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "arql",
    abstract: "Accounts-receivable analytics: load customer ledgers and compute AR KPIs.",
    discussion: """
      Exit codes: 0 ok, 1 a query failed, 2 the ledger could not be loaded (bad file or row), 64 bad usage or a
      missing script parameter, 130 interrupted.
      """,
    version: "0.1.0",
    subcommands: [Open.self, RunScript.self, Check.self, Info.self, Snapshot.self, Append.self, ExportSQL.self, Generate.self],
    defaultSubcommand: Open.self)
}
