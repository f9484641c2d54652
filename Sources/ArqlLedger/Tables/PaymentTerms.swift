import Foundation

/// A payment-terms code as French (and other) systems write them (kpi-spec §10.3 step 6):
/// `30J` (30 days), `45JFDM` (45 days end of month), `30JFDM10` (30 days end of month, on the
/// 10th), `FDM` (end of month), `comptant` (cash), `NET30`, `EOM`. French law caps B2B terms
/// at 60 days from the invoice or 45 days end of month (Code de commerce L441-10).
public struct PaymentTerms: Sendable, Equatable {
  /// Days added to the document date.
  public var days: Int
  /// Whether the due date moves to an end of month.
  public var endOfMonth: Bool
  /// The day of the following month the due date moves to after the end of month (`…FDM10`).
  public var dayOfNextMonth: Int?

  /// "45 jours fin de mois" has two legal readings; a setting chooses (`eom_rule`).
  public enum EndOfMonthRule: String, Sendable, CaseIterable {
    /// Add the days, then go to the end of that month (the usual reading).
    case daysThenEndOfMonth = "days_then_eom"
    /// Go to the end of the document's month, then add the days.
    case endOfMonthThenDays = "eom_then_days"
  }

  public init(days: Int, endOfMonth: Bool = false, dayOfNextMonth: Int? = nil) {
    self.days = days
    self.endOfMonth = endOfMonth
    self.dayOfNextMonth = dayOfNextMonth
  }

  /// Reads a code; nil when it is not one.
  public init?(code: String) {
    var text = code.trimmingSpaces.uppercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "")
    if ["COMPTANT", "CASH", "IMMEDIATE", "0J", "NET0"].contains(text) {
      self.init(days: 0)
      return
    }
    if text.hasPrefix("NET") { text = String(text.dropFirst(3)) + "J" }
    text = text.replacingOccurrences(of: "JOURS", with: "J").replacingOccurrences(of: "DAYS", with: "J").replacingOccurrences(of: "EOM", with: "FDM")
      .replacingOccurrences(of: "FINDEMOIS", with: "FDM")
    var digits = ""
    var rest = Substring(text)
    while let c = rest.first, c.isNumber {
      digits.append(c)
      rest = rest.dropFirst()
    }
    let days = Int(digits) ?? 0
    guard days <= 3650 else { return nil }
    if rest.hasPrefix("J") { rest = rest.dropFirst() } else if !digits.isEmpty && !rest.hasPrefix("FDM") && !rest.isEmpty { return nil }
    if rest.isEmpty {
      guard !digits.isEmpty else { return nil }
      self.init(days: days)
      return
    }
    guard rest.hasPrefix("FDM") else { return nil }
    rest = rest.dropFirst(3)
    if rest.hasPrefix("LE") { rest = rest.dropFirst(2) }
    if rest.isEmpty {
      self.init(days: days, endOfMonth: true)
      return
    }
    guard let day = Int(rest), (1...31).contains(day) else { return nil }
    self.init(days: days, endOfMonth: true, dayOfNextMonth: day)
  }

  /// The due date of a document dated `docDate`.
  public func due(_ docDate: Int32, rule: EndOfMonthRule) -> Int32 {
    guard endOfMonth else { return docDate + Int32(days) }
    func lastDay(_ d: Int32) -> Int32 {
      let (y, m, _) = Day.civil(d)
      return Day.number(year: y, month: m, day: Day.daysInMonth(year: y, month: m))
    }
    let eom = rule == .daysThenEndOfMonth ? lastDay(docDate + Int32(days)) : lastDay(docDate) + Int32(days)
    guard let day = dayOfNextMonth else { return eom }
    let (y, m, _) = Day.civil(eom + 1)
    return Day.number(year: y, month: m, day: min(day, Day.daysInMonth(year: y, month: m)))
  }

  /// The customers.csv columns that hold codes (kept as a text attribute too).
  public static let columnNames: Set<String> = ["payment_terms", "terms", "terms_code", "conditions_reglement", "condition_reglement"]

  /// Each customer's code, when customers.csv has a terms column and the customer a code there.
  static func perCustomer(_ customers: CustomerTable) -> [PaymentTerms?] {
    guard let column = customers.extras.first(where: { columnNames.contains($0.name.lowercased()) })?.column else { return [] }
    let parsed = column.dictionary.map { PaymentTerms(code: $0) }
    return column.codes.map { $0 >= 0 ? parsed[Int($0)] : nil }
  }

  /// Examples for error messages.
  public static let examples = "30J, 60J, 45JFDM, 30JFDM10, FDM, comptant, NET30"
}
