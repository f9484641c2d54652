/// The receivable building blocks at one date (kpi-spec §1.4), in cents.
public struct Balances: Sendable, Equatable {
  /// The as-of day.
  public var asOf: Int32
  /// `OpenInv(D)`: open amount of debit items (invoices, debit notes, refunds).
  public var grossOpen: Int64 = 0
  /// `Unapp(D)`: open credits — unapplied cash and credit notes, advances (negative).
  public var unapplied: Int64 = 0
  /// `Ovd(D)`: the part of `grossOpen` past its due date (DPD ≥ 1).
  public var overdue: Int64 = 0
  /// `Cur(D)`: the part of `grossOpen` not yet due (DPD ≤ 0).
  public var notDue: Int64 = 0
  /// Debit items with a non-zero open amount.
  public var openItems: Int = 0

  /// `AR(D)`: net receivables, gross open plus unapplied credits.
  public var net: Int64 { grossOpen &+ unapplied }

  public init(asOf: Int32) { self.asOf = asOf }
}
