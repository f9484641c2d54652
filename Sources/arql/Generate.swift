import ArgumentParser
import ArqlLedger
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

  func validate() throws {
    guard invoices >= 1 && invoices <= 50_000_000 else { throw ValidationError("--invoices must be between 1 and 50,000,000") }
    guard Day.parseISO(start) != nil else { throw ValidationError("--start must be a date yyyy-MM-dd") }
    guard (1...240).contains(months) else { throw ValidationError("--months must be between 1 and 240") }
    guard (1...8).contains(divisions) else { throw ValidationError("--divisions must be between 1 and 8") }
    if let customers, customers < 1 { throw ValidationError("--customers must be positive") }
  }

  func run() throws {
    let config = GeneratorConfig(
      seed: seed, invoices: invoices, customers: customers, start: Day.parseISO(start) ?? 0, months: months, divisions: divisions)
    let began = Date()
    let totals = try LedgerGenerator.generate(config, to: out, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    let seconds = Date().timeIntervalSince(began)
    print("generated \(out) (seed \(seed), \(Day.iso(config.start)) .. \(Day.iso(config.end))) in \(String(format: "%.1f", seconds)) s")
    for kind in TableKind.allCases {
      let rows = totals.rows[kind] ?? 0
      let amount = totals.amounts[kind].map { $0 != 0 ? "  amount \(Money.format($0))" : "" } ?? ""
      print("  \(kind.fileName.padding(toLength: 15, withPad: " ", startingAt: 0)) \(String(rows).leftPadded(10))\(amount)")
    }
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
