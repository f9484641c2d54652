import Foundation

/// Everything a ledger load can be told.
public struct LoadOptions: Sendable {
  /// Load the good rows and write the bad ones to reject files, instead of all-or-nothing.
  public var lenient: Bool
  /// Where lenient mode writes `<table>.rejects.csv` (default: the current directory).
  public var rejectDirectory: String
  /// Payment terms used when an invoice has no due date and its customer no terms.
  public var defaultTermsDays: Int
  /// Worker threads for parsing (default: the number of cores).
  public var threads: Int
  /// CSV options applied to every table unless its mapping says otherwise.
  public var csv: CSVOptions
  /// Per-table mappings; a table without one is read from its native file name.
  public var tables: [TableKind: TableMapping]
  /// How a FEC is read (accounts kept, strict balance).
  public var fec = FecOptions()
  /// How "45 jours fin de mois" reads in terms codes (`eom_rule`).
  public var endOfMonthRule = PaymentTerms.EndOfMonthRule.daysThenEndOfMonth
  /// Told what the load is about to do ("reading invoices.csv (252 MB)"), for a progress line.
  public var progress: (@Sendable (String) -> Void)?

  public init(
    lenient: Bool = false, rejectDirectory: String = ".", defaultTermsDays: Int = 30,
    threads: Int = ProcessInfo.processInfo.activeProcessorCount, csv: CSVOptions = CSVOptions(),
    tables: [TableKind: TableMapping] = [:]
  ) {
    self.lenient = lenient
    self.rejectDirectory = rejectDirectory
    self.defaultTermsDays = defaultTermsDays
    self.threads = max(1, threads)
    self.csv = csv
    self.tables = tables
  }
}
