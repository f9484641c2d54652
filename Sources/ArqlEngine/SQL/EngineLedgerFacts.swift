import ArqlLedger

/// What arql reads from a ledger an SQL engine holds, for the parts of a result that do not
/// come from the kernels: the default as-of date, and the flags and notes that describe the
/// ledger (due dates defaulted, aggregated opening balances, tables without rows).
public struct EngineLedgerFacts: Sendable, Equatable {
  /// The latest document or cash date (the default as-of date).
  public var latestDate: Int32?
  /// Documents whose due date was defaulted (MISSING_DUE_DATE).
  public var defaultedDueDates: Int
  /// Whether any opening balance is aggregated (OB_AGGREGATED).
  public var aggregatedOpenings: Bool
  /// The tables that hold rows on the engine.
  public var tablesWithRows: Set<TableKind>
  /// Whether cash lines say how they were matched.
  public var matchMethods: Bool
  /// Whether documents carry a booked provision.
  public var bookedProvisions: Bool

  public init(latestDate: Int32?, defaultedDueDates: Int = 0, aggregatedOpenings: Bool = false, tablesWithRows: Set<TableKind> = [],
              matchMethods: Bool = false, bookedProvisions: Bool = false)
  {
    self.bookedProvisions = bookedProvisions
    self.latestDate = latestDate
    self.defaultedDueDates = defaultedDueDates
    self.aggregatedOpenings = aggregatedOpenings
    self.tablesWithRows = tablesWithRows
    self.matchMethods = matchMethods
  }
}
