/// A FEC read and checked (kpi-spec §10.1): every line's entry, date, account class and signed
/// amount, and the strings of the lines on customer accounts, which become the ledger.
public struct FecFile: Sendable {
  /// The class of a general-ledger account, from its first digits (Plan comptable général).
  public enum Account: UInt8, Sendable {
    /// 411: customers.
    case customer
    /// 416: doubtful or disputed customers (clients douteux ou litigieux).
    case doubtful
    /// 4191: advances received from customers.
    case advance
    /// 413: bills of exchange receivable.
    case bills
    /// 70x: sales.
    case sales
    /// 4457x: VAT collected.
    case vat
    /// 512, 53: bank and cash.
    case bank
    /// 654: bad-debt losses.
    case loss
    /// 665, 627, 666, 766: discounts, bank fees, exchange differences.
    case adjustment
    /// Anything else.
    case other

    /// A receivable account (411, 416, 4191, 413): its lines keep their text (`Detail`).
    var isReceivable: Bool { self == .customer || self == .doubtful || self == .advance || self == .bills }

    /// The class of an account number.
    static func of(_ p: UnsafePointer<UInt8>, _ n: Int) -> Account {
      // Byte by byte, on every line of the file: no strings.
      @inline(__always) func at(_ k: Int) -> UInt8 { k < n ? p[k] : 0 }
      switch (at(0), at(1), at(2)) {
      case (52, 49, 49): return .customer  // 411
      case (52, 49, 54): return .doubtful  // 416
      case (52, 49, 57): return at(3) == 49 ? .advance : .other  // 4191
      case (52, 49, 51): return .bills  // 413
      case (55, 48, _): return .sales  // 70
      case (52, 52, 53): return at(3) == 55 ? .vat : .other  // 4457
      case (53, 49, 50), (53, 51, _): return .bank  // 512, 53
      case (54, 53, 52): return .loss  // 654
      case (54, 54, 53), (54, 50, 55), (54, 54, 54), (55, 54, 54): return .adjustment  // 665, 627, 666, 766
      default: return .other
      }
    }
  }

  /// One line of the file.
  public struct Line: Sendable {
    /// Its entry (index into `entries`).
    public var entry: Int32
    /// 1-based line in the file.
    public var fileLine: Int32
    public var account: Account
    /// Debit − credit, in cents.
    public var amount: Int64
    /// EcritureDate.
    public var date: Int32
    /// Index into `details` for a line on a customer-side account, else -1.
    public var detail: Int32
  }

  /// What a line on a customer-side account says besides its amount; text as codes of `ids`
  /// (the label: of `labels`).
  struct Detail: Sendable {
    var line: Int32
    /// CompAuxNum, else CompteNum.
    var customer: Int32
    var customerName: Int32
    var pieceRef: Int32
    var pieceDate: Int32?
    /// EcritureLib, on credit lines only (a debit's is empty: nothing reads it).
    var label: Int32
    /// EcritureLet (empty: not matched).
    var lettrage: Int32
    var dateLet: Int32?
    /// Montantdevise in cents, and Idevise, when the line is in a foreign currency.
    var foreignAmount: Int64?
    var currency: Int32
  }

  /// One entry (EcritureNum): its journal and number.
  public struct Entry: Sendable {
    public var number: String
    public var journal: String
    public var journalLabel: String
    /// Opening entries (journal AN, RAN, "à-nouveaux", "ouverture"): they carry the opening balances.
    public var isOpening: Bool
  }

  public let path: String
  public let header: FecHeader
  public var lines: [Line]
  var details: [Detail]
  public var entries: [Entry]
  /// Σ debit and Σ credit of the whole file (cents).
  public var totalDebit: Int64
  public var totalCredit: Int64
  /// Entries whose debits and credits differ: entry number, first line, difference.
  public var unbalanced: [(number: String, line: Int32, difference: Int64)]
  /// Things the file does that the format does not allow but arql reads (dates as dd/MM/yyyy,
  /// amounts with `.`, an entry's lines apart, gaps in the numbering), for the load report.
  public var deviations: [String]
  /// The character set the file was read in.
  public let encoding: String
  /// The text of the customer lines: ids, names, references, lettrage codes, currencies.
  var ids: ByteInterner
  /// Their labels.
  var labels: ByteInterner
}
