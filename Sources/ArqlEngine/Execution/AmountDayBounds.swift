import ArqlLanguage
import ArqlLedger

/// Upper bounds that prove a kernel's Σ amount × days fits the 64-bit sums the kernels keep.
///
/// A load checks that the amounts of a ledger add up within ±92 quadrillion cents, so every
/// money sum is exact; a sum of amounts times days (days late, days to pay, days overdue,
/// days unmatched, days in dispute) can go beyond that on a ledger a load accepts. Rather than
/// wrap and print a wrong average, a query whose weighted sums could go beyond 64 bits is
/// refused, with the figures that decided it. The bound costs one pass per ledger; the kernels
/// keep their tight Int64 loops.
struct AmountDayBounds {
  /// Σ |amount| of documents and cash lines, saturating: it bounds Σ |open at D| of every
  /// document and unapplied line, since an application moves an amount from its source (a
  /// cash line, a credit note, an adjustment) to its target and counts it nowhere else.
  let openAmounts: UInt64
  /// Σ |amount| of cash lines.
  let cashAmounts: UInt64
  /// Σ |amount| of disputes.
  let disputeAmounts: UInt64
  /// The earliest and latest of every document and cash date (nil without rows).
  let ledgerDays: ClosedRange<Int32>?
  /// The earliest due date and payment date, for days counted up to the as-of date.
  let earliestDue: Int32?
  let earliestPayment: Int32?
  /// The earliest and latest dispute dates.
  let disputeDays: ClosedRange<Int32>?

  init(ledger: Ledger) {
    let inv = ledger.invoices
    let pay = ledger.payments
    let disputes = ledger.disputes
    cashAmounts = Self.magnitude(pay.amount)
    openAmounts = Self.adding(Self.magnitude(inv.amount), cashAmounts)
    disputeAmounts = Self.magnitude(disputes.amount.values)
    ledgerDays = Self.span([inv.docDate, inv.dueDate, inv.postingDate, pay.paymentDate])
    earliestDue = inv.dueDate.min()
    earliestPayment = pay.paymentDate.min()
    let resolved = disputes.resolved.values.indices.filter { disputes.resolved.validity.isValid($0) }.map { disputes.resolved.values[$0] }
    disputeDays = Self.span([disputes.opened, ColumnArray(resolved)])
  }

  /// What a kernel multiplies by days, when it does.
  enum Factor {
    /// Open amounts × days past due at the as-of date.
    case openSinceDue
    /// Cash × a span of ledger dates (days late, to pay, of terms).
    case cashOverLedgerDates
    /// Unmatched cash × days since its payment at the as-of date.
    case cashSincePayment
    /// Disputed amounts × days in dispute.
    case disputeDuration

    /// The factor of a kernel; nil for one that multiplies nothing by days.
    init?(_ evaluator: KernelEvaluator) {
      switch evaluator {
      case .position(.overdueDays): self = .openSinceDue
      case .cash(.daysLate), .cash(.daysToPay), .cash(.terms), .cash(.daysLateSigned): self = .cashOverLedgerDates
      case .matching(.unmatchedDays): self = .cashSincePayment
      case .dispute(.resolutionDaysAmount): self = .disputeDuration
      default: return nil
      }
    }
  }

  /// The amounts a factor multiplies and its largest number of days, for as-of dates up to
  /// `lastAsOf`; nil when the ledger has no such rows.
  func bound(_ factor: Factor, lastAsOf: Int32) -> (amounts: UInt64, days: UInt64, what: String)? {
    switch factor {
    case .openSinceDue:
      return earliestDue.map { (openAmounts, Self.days(lastAsOf - $0), "open amounts × days overdue") }
    case .cashOverLedgerDates:
      return ledgerDays.map { (cashAmounts, Self.days($0.upperBound - $0.lowerBound), "cash amounts × days") }
    case .cashSincePayment:
      return earliestPayment.map { (cashAmounts, Self.days(lastAsOf - $0), "unmatched cash × days") }
    case .disputeDuration:
      return disputeDays.map { (disputeAmounts, Self.days($0.upperBound - $0.lowerBound), "disputed amounts × days") }
    }
  }

  /// Throws when a factor's Σ amount × days may leave the exact 64-bit range.
  func check(_ factor: Factor, metric: String, lastAsOf: Int32) throws {
    guard let (amounts, days, what) = bound(factor, lastAsOf: lastAsOf) else { return }
    let (product, overflow) = amounts.multipliedReportingOverflow(by: days)
    guard overflow || product > UInt64(Int64.max) else { return }
    throw EngineError(.unsupported, "\(metric) is an amount-weighted average of days, and on this ledger its sums of \(what) "
                        + "could go beyond what arql sums exactly (amounts up to \(Money.format(Int64(clamping: amounts))) × "
                        + "up to \(days) days): arql does not give an average it cannot compute exactly",
                      notes: ["amounts this large are most likely a wrong column or unit; check the amounts, or narrow the dates"])
  }

  /// Σ |value| of a column, saturating at UInt64.max.
  static func magnitude(_ values: ColumnArray<Int64>) -> UInt64 {
    values.withUnsafeBufferPointer { buffer in
      var total: UInt64 = 0
      for v in buffer { total = adding(total, v.magnitude) }
      return total
    }
  }

  static func adding(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? .max : sum
  }

  static func days(_ span: Int32) -> UInt64 { UInt64(max(0, Int64(span))) }

  /// The earliest and latest value over columns (nil when all are empty).
  static func span(_ columns: [ColumnArray<Int32>]) -> ClosedRange<Int32>? {
    var low = Int32.max
    var high = Int32.min
    for column in columns {
      guard let a = column.min(), let b = column.max() else { continue }
      low = Swift.min(low, a)
      high = Swift.max(high, b)
    }
    return low <= high ? low...high : nil
  }
}
