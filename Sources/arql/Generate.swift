import ArgumentParser
import ArqlShell
import Foundation

/// `arql gen`: write a seeded synthetic ledger.
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gen",
    abstract: "Generate a realistic ledger in the native schema (same seed, same bytes).")

  @Option(name: .long, help: "Number of invoices (1,000 to 10,000,000).")
  var invoices: Int = 2_000

  @Option(name: .long, help: "Number of customers (default: invoices / 10).")
  var customers: Int?

  @Option(name: .long, help: "Random seed.")
  var seed: UInt64 = 42

  @Option(name: .long, help: "First day of the period (yyyy-MM-dd).")
  var start: String = "2024-01-01"

  @Option(name: .long, help: "Length of the period in months.")
  var months: Int = 24

  @Option(name: .long, help: "Number of divisions (1 to 8).")
  var divisions: Int = 3

  @Option(name: .long, help: "Worker threads (the output does not depend on it).")
  var threads: Int?

  @Option(name: [.short, .long], help: "Output folder.")
  var out: String

  @Option(name: .long, help: "csv (native files) or fec (a FEC for the documents and cash, with the other files as CSV).")
  var format = "csv"

  var generation: LedgerCommands.Generation {
    var g = LedgerCommands.Generation(folder: out)
    g.invoices = invoices
    g.customers = customers
    g.seed = seed
    g.start = start
    g.months = months
    g.divisions = divisions
    g.threads = threads
    g.format = format
    return g
  }

  func validate() throws {
    if let problem = generation.problem { throw ValidationError(problem) }
  }

  func run() throws {
    let status = LedgerCommands.generate(generation, output: .standard)
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
