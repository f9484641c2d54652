/// The kind of a non-cash ledger document (kpi-spec §1.1).
public enum DocType: UInt8, Sendable, BitwiseCopyable, CaseIterable, CustomStringConvertible, Codable {
  /// Invoice (debit).
  case invoice = 0
  /// Debit note (debit).
  case debitNote
  /// Credit note (credit, stored negative).
  case creditNote
  /// Write-off (credit, stored negative).
  case writeOff
  /// Other adjustment (FX difference, rounding, discount, bank fee), sign as given.
  case adjustment
  /// Refund paid to the customer (debit).
  case refund
  /// Opening balance line, sign as given.
  case openingBalance

  /// Counts in net credit sales: invoices and debit notes, less credit notes (kpi-spec §1.4, Sales(W)).
  public var isSale: Bool { self == .invoice || self == .debitNote || self == .creditNote }

  /// A document issued to the customer: an invoice or a debit note.
  public var isIssued: Bool { self == .invoice || self == .debitNote }

  /// When a document of this type is a debit item (counted in gross open receivables) rather
  /// than a credit item (counted with unapplied credits).
  public enum DebitRule: Sendable {
    case always, never
    /// When its amount is not negative (adjustments, opening balances).
    case whenNotNegative
  }

  @inlinable
  public var debitRule: DebitRule {
    switch self {
    case .invoice, .debitNote, .refund: return .always
    case .creditNote, .writeOff: return .never
    case .adjustment, .openingBalance: return .whenNotNegative
    }
  }

  /// The canonical code, `INV`.
  public var code: String {
    switch self {
    case .invoice: return "INV"
    case .debitNote: return "DN"
    case .creditNote: return "CN"
    case .writeOff: return "WO"
    case .adjustment: return "ADJ"
    case .refund: return "REF"
    case .openingBalance: return "OB"
    }
  }

  public var description: String { code }

  /// Reads a code or a spelled-out name, case-insensitive.
  public init?(code: String) {
    switch code.trimmingSpaces.uppercased() {
    case "INV", "INVOICE": self = .invoice
    case "DN", "DEBIT_NOTE", "DEBIT NOTE": self = .debitNote
    case "CN", "CREDIT_NOTE", "CREDIT NOTE", "CREDIT": self = .creditNote
    case "WO", "WRITE_OFF", "WRITE-OFF", "WRITEOFF": self = .writeOff
    case "ADJ", "ADJUSTMENT": self = .adjustment
    case "REF", "REFUND": self = .refund
    case "OB", "OPENING_BALANCE": self = .openingBalance
    default: return nil
    }
  }

  /// Credit notes and write-offs are stored negative whatever sign the file uses.
  public var isAlwaysCredit: Bool { self == .creditNote || self == .writeOff }

  /// Invoices, debit notes and refunds must not be negative.
  public var isAlwaysDebit: Bool { self == .invoice || self == .debitNote || self == .refund }

  /// Whether the document may settle another (`applies_to`).
  public var canApply: Bool { self == .creditNote || self == .writeOff || self == .adjustment }
}
