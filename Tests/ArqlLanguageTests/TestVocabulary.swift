import ArqlLanguage

/// The built-in metric names of the grammar sketch and kpi-spec, for parser tests (the engine's
/// catalog supplies the real list).
enum TestVocabulary {
  static let metrics = MetricVocabulary([
    ("balance", ["ar", "open balance", "total ar", "net ar"]),
    ("gross_open", ["gross open"]),
    ("overdue", ["past due", "encours echu"]),
    ("overdue_share", ["taux d'echu"]),
    ("overdue_90_share", ["percent over 90 dpd"]),
    ("not_due", ["current", "not due"]),
    ("aged_balance", ["aged balance", "aging", "balance agee"]),
    ("credit_sales", ["sales", "billed", "credit sales"]),
    ("collected", ["cash collected", "receipts"]),
    ("dso", ["days sales outstanding"]),
    ("countback_dso", ["countback dso"]),
    ("bpdso", ["best possible dso"]),
    ("delinquent_dso", ["add", "average days delinquent"]),
    ("dbt", ["days beyond terms"]),
    ("cei", ["collection effectiveness"]),
    ("avg_days_to_pay", ["days to pay"]),
    ("turnover", ["ar turnover"]),
    ("forecast", ["collection forecast", "expected collections", "cash forecast"]),
    ("forecast_late", ["late vs forecast"]), ("forecast_excluded", []), ("forecast_actual", []),
    ("dispute_count", ["dispute count", "disputes"]),
    ("disputed_amount", ["disputed amount"]),
    ("item_count", ["items", "invoices"]),
    ("open_count", ["open count"]),
    ("unapplied", ["unapplied cash"]),
    ("promise_kept_rate", ["promise kept rate"]),
  ] + [
    // The names the report scripts of examples/reports use.
    ("customers_with_limit", []),
    ("customers_without_limit", []),
    ("customers_over_limit", []),
    ("customers_over_90pct", []),
    ("credit_overrun", []),
    ("credit_utilisation", []),
    ("risk_exposure", []),
    ("credit_limits", []),
    ("payment_delay", []),
    ("avg_terms", []),
    ("payment_class", []),
    ("green_payers", []),
    ("amber_payers", []),
    ("red_payers", []),
    ("dispute_dso", []),
    ("disputed_share", []),
    ("disputes_opened", []),
    ("disputes_resolved", []),
    ("dispute_resolution_rate", []),
    ("dispute_resolution_days", []),
    ("dispute_age", []),
    ("open_disputes", []),
    ("promises_kept", []),
    ("promises_broken", []),
    ("promises_partial", []),
    ("promises_pending", []),
    ("overdue_share", []),
    ("overdue_90_share", []),
    ("collection_rate", []),
    ("on_time_rate", []),
    ("actions", []),
    ("action_success_rate", []),
    ("overdue_accounts", []),
    ("actions_per_overdue_account", []),
    ("satisfaction_rate", []),
  ])

  static let dimensions = ["customer", "division", "sales_rep", "collector", "category", "country", "currency", "reason",
                           "days_past_due", "disputed", "doc_type", "agent", "invoice"]

  static let context = ParserContext(metrics: metrics, dimensions: dimensions)

  static func parse(_ text: String) -> ParseResult { Parser.parse(text, context: context) }
}

/// A query with a marker (1️⃣) where the caret must point: the text without the marker and the
/// marker's line and column.
struct MarkedText {
  let text: String
  let line: Int
  let column: Int

  init(_ marked: String) {
    var line = 1
    var column = 1
    var found = (1, 1)
    var text = ""
    var remaining = Substring(marked)
    while let c = remaining.first {
      if remaining.hasPrefix("1️⃣") {
        found = (line, column)
        remaining = remaining.dropFirst("1️⃣".count)
        continue
      }
      text.append(c)
      if c == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      remaining = remaining.dropFirst()
    }
    self.text = text
    self.line = found.0
    self.column = found.1
  }
}
