/// Exposure outside the ledger: discounted bills not yet matured, open orders, delivered not invoiced.
public struct ExposureTable: Sendable, Codable {
  /// What the exposure is.
  public enum Kind: UInt8, Sendable, BitwiseCopyable, CaseIterable, Codable {
    /// Effets escomptés non échus: discounted bills not yet matured.
    case discountedBills
    /// Open (unshipped) orders.
    case openOrders
    /// Delivered, not invoiced.
    case deliveredNotInvoiced

    /// The file code.
    public var code: String {
      switch self {
      case .discountedBills: return "EENE"
      case .openOrders: return "ORDERS"
      case .deliveredNotInvoiced: return "DNI"
      }
    }

    init?(code: String) {
      guard let kind = Kind.allCases.first(where: { $0.code == code.trimmingSpaces.uppercased() }) else { return nil }
      self = kind
    }
  }

  public var customer: ColumnArray<Int32>
  public var kind: ColumnArray<Kind>
  public var amount: ColumnArray<Int64>
  public var date: ColumnArray<Int32>
  public var extras: [NamedColumn]

  public var count: Int { amount.count }
}
