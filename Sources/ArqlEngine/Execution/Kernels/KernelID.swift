/// The kernels the engine computes natively: sums over the rows of one universe, at a date or
/// over a window. Metrics are trees of these (Catalog/); `kernel` (Kernel+Registry.swift) says
/// what each one is.
enum KernelID: String, Sendable, Hashable, CaseIterable {
  // Open items at D and the aged balance.
  case balance, grossOpen = "gross_open", overdue, notDue = "not_due", unapplied, openCount = "open_count",
    agedBalance = "aged_balance", overdueDays = "overdue_days", disputedAmount = "disputed_amount", openDisputes = "open_disputes"
  // Documents of the window, and the net sales of one month-long period back from the as-of date (countback).
  case creditSales = "credit_sales", itemCount = "item_count", disputedInvoices = "disputed_invoices", periodSales = "period_sales"
  // exposures.csv.
  case discountedBills = "discounted_bills", openOrders = "open_orders", deliveredNotInvoiced = "delivered_not_invoiced"
  // Cash of the window: received, and applied to debit items (amount, count, × days late / to pay / of terms).
  case collected, cashApplied = "cash_applied", cashDaysLate = "cash_days_late", cashDaysToPay = "cash_days_to_pay",
    cashTerms = "cash_terms", cashCount = "cash_count", cashDaysLateCount = "cash_days_late_count",
    cashDaysLateSigned = "cash_days_late_signed", cashDaysToPayCount = "cash_days_to_pay_count",
    cashDaysLateSignedCount = "cash_days_late_signed_count"
  // Cash application ("lettrage", kpi-spec §8.2).
  case receipts = "receipt_count", autoMatched = "auto_matched", autoMatchedAmount = "auto_matched_amount",
    matchedAmount = "matched_amount", unmatchedCash = "unmatched_cash", unmatchedCount = "unmatched_count",
    unmatchedDays = "unmatched_days", matchLagDays = "match_lag_days", matchesDated = "matches_dated",
    partialMatches = "partial_matches"
  // Dispute episodes (kpi-spec §8.1).
  case disputesOpened = "disputes_opened", disputesResolved = "disputes_resolved", disputeEpisodesOpen = "dispute_episodes_open",
    resolutionDays = "resolution_days", resolutionDaysAmount = "resolution_days_amount", resolvedAmount = "resolved_amount",
    openDisputeDays = "open_dispute_days"
  // Team (kpi-spec §8.3), actions, surveys.
  case collectedDue = "collected_due", openDue = "open_due", invoicedDue = "invoiced_due", dueInWindow = "due_in_window",
    settledOnTime = "settled_on_time", variances, varianceAmount = "variance_amount", actions, actionsFollowed = "actions_followed",
    surveyAnswers = "survey_answers", satisfiedAnswers = "satisfied_answers"
  // Promises to pay (kpi-spec §8.5).
  case promisesKept = "promises_kept", promisesBroken = "promises_broken", promisesPartial = "promises_partial",
    promisesPending = "promises_pending", promisesKeptAmount = "promises_kept_amount", promisesDueAmount = "promises_due_amount"
  // The collection forecast (kpi-spec §7): open items expected in the window, expected on or
  // before D (late vs forecast), excluded (legal); and, for a backtest, the cash that came.
  case forecastCash = "forecast_cash", forecastLate = "forecast_late", forecastExcluded = "forecast_excluded",
    forecastActual = "forecast_actual"
  // Provisions (kpi-spec §8.4) and the customer's credit limit.
  case htOpen = "ht_open", htOverdue = "ht_overdue", provision, bookedProvision = "booked_provision", creditLimit = "credit_limit"
}
