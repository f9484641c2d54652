import ArqlLanguage

/// Whether a metric is evaluated at a date or over a window.
public enum MetricKind: String, Sendable {
  /// At the as-of date (or each bucket's end): balances, aging.
  case pointInTime = "point in time"
  /// Over the window (or each bucket): sales, cash.
  case window
}

/// What a metric's numbers are.
public enum MetricUnit: String, Sendable {
  case money, days, percent, count, ratio
  /// A class or label (a payer's colour).
  case text
  /// A plain number: a score, actions per account.
  case number
}

/// The kernels the engine computes natively.
public enum BuiltinMetric: String, Sendable, CaseIterable {
  case balance, grossOpen = "gross_open", overdue, notDue = "not_due", unapplied, openCount = "open_count",
    agedBalance = "aged_balance", creditSales = "credit_sales", collected, itemCount = "item_count",
    discountedBills = "discounted_bills", openOrders = "open_orders", deliveredNotInvoiced = "delivered_not_invoiced",
    // Ratios the binder expands into kernels (kpi-spec §3, §6.1).
    dso, bpdso, delinquentDso = "delinquent_dso", cei, dbt, avgDaysToPay = "avg_days_to_pay", avgTerms = "avg_terms",
    // Kernels over cash applications in the window.
    cashApplied = "cash_applied", cashDaysLate = "cash_days_late", cashDaysToPay = "cash_days_to_pay", cashTerms = "cash_terms",
    cashCount = "cash_count", cashDaysLateCount = "cash_days_late_count", cashDaysLateSigned = "cash_days_late_signed",
    // Σ open amount × days past due of the open overdue items (DBT's open-inclusive variant).
    overdueDays = "overdue_days",
    // Disputes open at D (kpi-spec §1.9, §8.1).
    disputedAmount = "disputed_amount", openDisputes = "open_disputes", disputeDso = "dispute_dso",
    // Countback DSO (kpi-spec §3.2) and the net sales of one month-long period back from the as-of date.
    countbackDso = "countback_dso", countbackBpdso = "countback_bpdso", countbackDelinquentDso = "countback_delinquent_dso",
    periodSales = "period_sales",
    // Per customer, rolled up per group (kpi-spec §6.2, §6.4, §6.5).
    creditLimit = "credit_limit", creditLimits = "credit_limits", creditUtilisation = "credit_utilisation", creditOverrun = "credit_overrun",
    customersOverLimit = "customers_over_limit", customersOver90 = "customers_over_90pct", customersWithLimit = "customers_with_limit",
    customersWithoutLimit = "customers_without_limit", paymentDelay = "payment_delay", paymentClass = "payment_class",
    greenPayers = "green_payers", amberPayers = "amber_payers", redPayers = "red_payers", concentration,
    // Dispute episodes (kpi-spec §8.1): flows over the window, stock at D.
    disputesOpened = "disputes_opened", disputesResolved = "disputes_resolved", disputeEpisodesOpen = "dispute_episodes_open",
    resolutionDays = "resolution_days", resolutionDaysAmount = "resolution_days_amount", resolvedAmount = "resolved_amount",
    openDisputeDays = "open_dispute_days", disputedInvoices = "disputed_invoices",
    disputeRate = "dispute_rate", disputeResolutionRate = "dispute_resolution_rate", disputeResolutionDays = "dispute_resolution_days",
    disputeAge = "dispute_age",
    // Cash application ("lettrage", kpi-spec §8.2): receipts of the window, unmatched cash at D.
    receipts = "receipt_count", autoMatched = "auto_matched", autoMatchedAmount = "auto_matched_amount", matchedAmount = "matched_amount",
    unmatchedCash = "unmatched_cash", unmatchedCount = "unmatched_count", unmatchedDays = "unmatched_days",
    matchLagDays = "match_lag_days", matchesDated = "matches_dated", partialMatches = "partial_matches",
    autoMatchRate = "auto_match_rate", letteringRate = "lettering_rate", unmatchedAge = "unmatched_age", matchingLag = "matching_lag",
    // Team (kpi-spec §8.3): collection and on-time rates, actions, surveys.
    collectedDue = "collected_due", openDue = "open_due", invoicedDue = "invoiced_due", collectionRate = "collection_rate",
    dueInWindow = "due_in_window", settledOnTime = "settled_on_time", onTimeRate = "on_time_rate",
    actions, actionsFollowed = "actions_followed", actionSuccessRate = "action_success_rate", overdueAccounts = "overdue_accounts",
    actionsPerOverdueAccount = "actions_per_overdue_account",
    surveyAnswers = "survey_answers", satisfiedAnswers = "satisfied_answers", satisfactionRate = "satisfaction_rate",
    // Promises to pay (kpi-spec §8.5).
    promisesKept = "promises_kept", promisesBroken = "promises_broken", promisesPartial = "promises_partial",
    promisesPending = "promises_pending", promisesKeptAmount = "promises_kept_amount", promisesDueAmount = "promises_due_amount",
    promiseKeptRate = "promise_kept_rate",
    // Provisions (kpi-spec §8.4) on the amount excluding VAT.
    htOpen = "ht_open", htOverdue = "ht_overdue", provision, provisionRate = "provision_rate", provisionCoverage = "provision_coverage",
    bookedProvision = "booked_provision", observedProvisionRate = "observed_provision_rate",
    // The explainable customer risk score (kpi-spec §6.5).
    riskScore = "risk_score",
    // Payment differences booked as adjustments (kpi-spec §8.3 "écarts").
    variances, varianceAmount = "variance_amount"
}

/// One metric of the catalog: built-in or user-defined, with the formula `.describe` and
/// `explain` show.
public struct MetricDefinition: Sendable {
  /// How the metric is computed.
  public enum Implementation: Sendable {
    case builtin(BuiltinMetric)
    /// `define metric`: an expression over other metrics, optionally filtered.
    case expression(MetricExpr, filter: BoolExpr?)
  }

  /// An argument the metric takes.
  public struct Argument: Sendable {
    public let name: String
    public let description: String
  }

  public let name: String
  public let aliases: [String]
  public let kind: MetricKind
  public let unit: MetricUnit
  /// The formula, as the engine computes it.
  public let formula: String
  public let arguments: [Argument]
  public let implementation: Implementation
  /// The user's description or the built-in's.
  public let summary: String
}
