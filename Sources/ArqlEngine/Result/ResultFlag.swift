/// A condition a value was computed under (kpi-spec §1.8), reported with the result.
public enum ResultFlag: String, Sendable, CaseIterable {
  case noSales = "NO_SALES"
  case creditBalance = "CREDIT_BALANCE"
  case arNotExhausted = "AR_NOT_EXHAUSTED"
  case negativeMonth = "NEG_MONTH"
  case over100 = "OVER_100"
  case missingDueDate = "MISSING_DUE_DATE"
  case lowSample = "LOW_SAMPLE"
  case htEstimated = "HT_ESTIMATED"
  case openingAggregated = "OB_AGGREGATED"
  case unknownValue = "UNKNOWN_VALUE"

  /// What the flag means, for the result's footer and JSON.
  public var meaning: String {
    switch self {
    case .noSales: return "no net sales in the window: the DSO ratio is n/a"
    case .creditBalance: return "a credit balance (AR ≤ 0): its DSO is 0"
    case .arNotExhausted: return "the countback ran past its 24 periods without exhausting the balance"
    case .negativeMonth: return "the countback crossed a month with no or negative net sales"
    case .over100: return "CEI over 100 %: unapplied credits exceed the current receivables"
    case .missingDueDate: return "documents without a due date: due = document date + payment terms"
    case .htEstimated: return "documents without net_amount: their amount excluding VAT is taken as amount / 1.2"
    case .unknownValue: return "the where clause compares a dimension with a value no row has: a typo gives a believable 0"
    case .openingAggregated:
      return "opening balances of a FEC given one line per customer: they age from the opening date, not from their invoices"
    case .lowSample: return "fewer than 3 cash applications in the window: the payment delay rests on few payments"
    }
  }
}
