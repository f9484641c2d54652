import ArqlLanguage

extension MetricCatalog {
  static let agingArguments: [ArgumentSpec] = [
    ArgumentSpec("buckets", .dayEdges, default: "[30, 60, 90, 120]", "upper edges of the day buckets, default [30, 60, 90, 120]"),
    ArgumentSpec("basis", .word(["due_date", "doc_date"], synonyms: ["due": "due_date", "invoice_date": "doc_date", "document_date": "doc_date"]), default: "due_date", "due_date (days past due, default) or doc_date (age since the document date)"),
    ArgumentSpec("measure", .word(["amount", "count", "percent"]), default: "amount", "amount (default), count (open items) or percent (of the gross open amount)"),
  ]

  static let zeroMonthArgument = ArgumentSpec.zeroMonth
  static let dsoArguments = [ArgumentSpec.method, zeroMonthArgument]

  /// Open items, sales and cash, the DSO family, CEI, DBT, exposures and the shares of the
  /// receivable (kpi-spec §1–§6).
  static let coreMetrics: [MetricDefinition] = [
    MetricDefinition(
      name: "balance", aliases: ["ar", "open balance", "total ar", "net ar", "encours net"], kind: .pointInTime, unit: .money,
      formula: "AR(D) = Σ open amount at D of every document posted ≤ D + unapplied cash at D (net receivables)",
      arguments: [], implementation: .builtin(.kernel(.balance)), summary: "Net receivables: what the customer accounts owe at the as-of date."),
    MetricDefinition(
      name: "gross_open", aliases: ["gross open", "open invoices", "encours brut"], kind: .pointInTime, unit: .money,
      formula: "OpenInv(D) = Σ open amount at D of invoices, debit notes and refunds posted ≤ D",
      arguments: [], implementation: .builtin(.kernel(.grossOpen)), summary: "Open debit items, before unapplied credits and cash."),
    MetricDefinition(
      name: "overdue", aliases: ["past due", "encours echu"], kind: .pointInTime, unit: .money,
      formula: "Ovd(D) = Σ open amount at D of debit items with D − due_date ≥ 1",
      arguments: [], implementation: .builtin(.kernel(.overdue)), summary: "Open debit items past their due date."),
    MetricDefinition(
      name: "not_due", aliases: ["current", "not due", "encours non echu"], kind: .pointInTime, unit: .money,
      formula: "Cur(D) = Σ open amount at D of debit items with D − due_date ≤ 0",
      arguments: [], implementation: .builtin(.kernel(.notDue)), summary: "Open debit items not yet due (due today counts as not due)."),
    MetricDefinition(
      name: "unapplied", aliases: ["unapplied cash", "unapplied credits", "non affecte"], kind: .pointInTime, unit: .money,
      formula: "Unapp(D) = Σ open credit items at D (credit notes, write-offs) + cash received ≤ D not applied at D (negative)",
      arguments: [], implementation: .builtin(.kernel(.unapplied)), summary: "Unapplied cash and credits, so that gross_open + unapplied = balance."),
    MetricDefinition(
      name: "open_count", aliases: ["open count", "open items", "pieces ouvertes"], kind: .pointInTime, unit: .count,
      formula: "number of debit items posted ≤ D with a non-zero open amount at D",
      arguments: [], implementation: .builtin(.kernel(.openCount)), summary: "Open debit items."),
    MetricDefinition(
      name: "aged_balance", aliases: ["aged balance", "aging", "balance agee"], kind: .pointInTime, unit: .money,
      formula: "open amount at D per bucket of D − due_date: current (≤ 0), 1–30, 31–60, 61–90, 91–120, >120; "
        + "plus an unapplied column, so that the buckets + unapplied = balance",
      arguments: agingArguments, implementation: .builtin(MetricBuild { a, _ in
        var spec = AgingSpec()
        if let edges = a.list("buckets") { spec.edges = edges.map { Int($0) } }
        spec.basis = AgingSpec.Basis(rawValue: a.word("basis")) ?? .dueDate
        spec.measure = AgingSpec.Measure(rawValue: a.word("measure")) ?? .amount
        return .leaf(MetricLeaf(metric: .agedBalance, filter: nil, aging: spec))
      }), summary: "The aged balance (balance âgée)."),
    MetricDefinition(
      name: "credit_sales", aliases: ["sales", "billed", "credit sales", "net sales", "ventes", "chiffre d'affaires"], kind: .window, unit: .money,
      formula: "Sales(W) = Σ amount of invoices and debit notes − credit notes posted in W",
      arguments: [], implementation: .builtin(.kernel(.creditSales)), summary: "Net credit sales, VAT included, in the window."),
    MetricDefinition(
      name: "collected", aliases: ["cash collected", "receipts", "cash", "encaissements", "encaisse"], kind: .window, unit: .money,
      formula: "Cash(W) = Σ cash receipts (applied or not) with a cash date in W",
      arguments: [], implementation: .builtin(.kernel(.collected)), summary: "Cash received in the window."),
    MetricDefinition(
      name: "item_count", aliases: ["items", "invoices", "invoice count", "nombre de factures"], kind: .window, unit: .count,
      formula: "number of invoices and debit notes posted in W",
      arguments: [], implementation: .builtin(.kernel(.itemCount)), summary: "Documents issued in the window."),
    MetricDefinition(
      name: "dso", aliases: ["days sales outstanding", "standard dso"], kind: .window, unit: .days,
      formula: "DSO = AR(end) / Sales(W) × days(W), AR at the window's last day; 0 when AR < 0 (credit balance), otherwise n/a when Sales ≤ 0 (no sales) (kpi-spec §3.1)",
      arguments: dsoArguments, implementation: .builtin(MetricBuild { a, _ in try MetricTree.dsoFamily(a, standard: .ratioDays(.at(.balance), .at(.creditSales)), countback: { .countback(.balance, $0) }) }), summary: "Days sales outstanding, standard (ratio) method over the query's window (default: last 90 days)."),
    MetricDefinition(
      name: "countback_dso", aliases: ["countback dso", "dso countback", "countback", "dso par epuisement"], kind: .pointInTime, unit: .days,
      formula: "walk back from D: take the month to date's net sales from AR(D), then each whole month's, counting their days, "
        + "until AR runs out; the last month counts the covered fraction; months with no net sales are crossed; "
        + "0 on a credit balance; at most 24 periods (kpi-spec §3.2)",
      arguments: [zeroMonthArgument], implementation: .builtin(MetricBuild { a, _ in .countback(.balance, CountbackZeroMonth(rawValue: a.word("zero_month")) ?? .cross) }), summary: "Countback DSO (exhaustion method) at the as-of date; robust to seasonal sales."),
    MetricDefinition(
      name: "countback_bpdso", aliases: ["countback bpdso", "bpdso countback"], kind: .pointInTime, unit: .days,
      formula: "the countback walk of countback_dso on Cur(D), the not-yet-due receivables (kpi-spec §3.3)",
      arguments: [zeroMonthArgument], implementation: .builtin(MetricBuild { a, _ in .countback(.notDue, CountbackZeroMonth(rawValue: a.word("zero_month")) ?? .cross) }), summary: "Best possible DSO by the countback method."),
    MetricDefinition(
      name: "countback_delinquent_dso", aliases: ["countback delinquent dso", "delinquent dso countback"], kind: .pointInTime, unit: .days,
      formula: "countback_dso − countback_bpdso (kpi-spec §3.4)",
      arguments: [zeroMonthArgument], implementation: .builtin(MetricBuild { a, _ in
        let zeroMonth = CountbackZeroMonth(rawValue: a.word("zero_month")) ?? .cross
        return .binary(.subtract, .countback(.balance, zeroMonth), .countback(.notDue, zeroMonth))
      }), summary: "Delinquent DSO by the countback method."),
    MetricDefinition(
      name: "bpdso", aliases: ["best possible dso", "bp dso"], kind: .window, unit: .days,
      formula: "BPDSO = Cur(end) / Sales(W) × days(W): not-yet-due receivables only (kpi-spec §3.3)",
      arguments: dsoArguments, implementation: .builtin(MetricBuild { a, _ in try MetricTree.dsoFamily(a, standard: .ratioDays(.at(.notDue), .at(.creditSales)), countback: { .countback(.notDue, $0) }) }), summary: "Best possible DSO: the DSO if every customer paid on its due date."),
    MetricDefinition(
      name: "delinquent_dso", aliases: ["delinquent dso", "average days delinquent", "add", "dso delinquant"], kind: .window, unit: .days,
      formula: "ADD = DSO − BPDSO = (Ovd(end) + Unapp(end)) / Sales(W) × days(W); negative when unapplied credits exceed overdue (kpi-spec §3.4)",
      arguments: dsoArguments, implementation: .builtin(MetricBuild { a, _ in try MetricTree.dsoFamily(a, standard: .binary(.subtract, .ratioDays(.at(.balance), .at(.creditSales)), .ratioDays(.at(.notDue), .at(.creditSales))), countback: { .binary(.subtract, .countback(.balance, $0), .countback(.notDue, $0)) }) }), summary: "Delinquent DSO (average days delinquent): the part of DSO due to late payment."),
    MetricDefinition(
      name: "cei", aliases: ["collection effectiveness", "collection effectiveness index"], kind: .window, unit: .percent,
      formula: "CEI = (B + S − E) / (B + S − Ec), B = AR(first − 1), S = Sales(W), E = AR(end), Ec = Cur(end); "
        + "n/a when the denominator ≤ 0; over 100 % when unapplied credits exceed current (kpi-spec §3.6)",
      arguments: [
        ArgumentSpec("sales", .word(["window", "monthly_average"], synonyms: ["full": "window", "monthly": "monthly_average"]), default: "window", "window (the window's sales, default) or monthly_average (CRF/Oracle: sales / months of the window)"),
        ArgumentSpec("numerator", .word(["ledger", "cash"], synonyms: ["change": "ledger"]), default: "ledger", "ledger (B + S − E: everything that left the ledger, default) or cash (cash collected in the window)"),
      ], implementation: .builtin(MetricBuild { a, _ in
        var variant = CeiVariant()
        variant.monthlyAverageSales = a.word("sales") == "monthly_average"
        if a.word("numerator") == "cash" { variant.cash = .kernel(.collected) }
        return .cei(variant)
      }), summary: "Collection effectiveness index over the window, on the window's sums."),
    MetricDefinition(
      name: "ar_turnover", aliases: ["receivables turnover", "ar turnover", "rotation du poste clients"], kind: .window, unit: .number,
      formula: "Sales(W) / ((AR(first − 1) + AR(end)) / 2): net credit sales over the average of the opening and closing "
        + "receivables; n/a when that average is 0, negative on a credit balance. 365 / ar_turnover over a year is the turnover reading of DSO",
      arguments: [],
      implementation: .builtin(MetricBuild { _, _ in
        let average = MetricTree.binary(.divide, .binary(.add, .at(.balance, .beforeWindow), .at(.balance)), .number(2))
        return .binary(.divide, .at(.creditSales), average)
      }),
      summary: "Receivables turnover: how many times the average receivable was billed in the window."),
    MetricDefinition(
      name: "dbt", aliases: ["days beyond terms", "average payment delay"], kind: .window, unit: .days,
      formula: "DBT = Σ a × max(0, cash_date − due_date) / Σ a over cash applications a in W to invoices and debit notes "
        + "(payment-based; credit notes, write-offs and unapplied cash excluded; n/a without payments) (kpi-spec §3.5). "
        + "The balance-based DBT (dso − bpdso) is delinquent_dso.",
      arguments: [
        ArgumentSpec("method", .word(["payments", "dso"], synonyms: ["payment": "payments", "balance": "dso"]), default: "payments", "payments (days late of the cash received, default) or dso (dso − bpdso, the balance-based reading)"),
        ArgumentSpec("weight", .word(["amount", "count"]), default: "amount", "amount (default) or count (each payment counts once)"),
        ArgumentSpec("days", .word(["late", "signed"]), default: "late", "late (early payments count 0, default) or signed (early payments negative)"),
        ArgumentSpec("open", .word(["exclude", "include"]), default: "exclude", "exclude (default) or include: open overdue items weigh their open amount at their days past due"),
      ], implementation: .builtin(MetricBuild { a, _ in
        let weight = DbtWeight(rawValue: a.word("weight")) ?? .amount
        let signed = a.word("days") == "signed"
        let includeOpen = a.word("open") == "include"
        if a.word("method") == "dso" {
          // The balance-based reading is delinquent DSO; the payment options do not apply.
          for option in ["weight", "days", "open"] where a.given(option) {
            throw EngineError(.invalidArgument, "dbt(method: dso) is dso − bpdso: it takes no \(option)", at: a.range(option))
          }
          return .binary(.subtract, .ratioDays(.at(.balance), .at(.creditSales)), .ratioDays(.at(.notDue), .at(.creditSales)))
        }
        if weight == .count && includeOpen {
          throw EngineError(.invalidArgument, "the count-weighted dbt does not take open: include (open items have no payment to count)",
                            at: a.call.range)
        }
        return .dbt(weight: weight, signed: signed, includeOpen: includeOpen)
      }), summary: "Days beyond terms: amount-weighted lateness of the cash received in the window."),
    MetricDefinition(
      name: "avg_days_to_pay", aliases: ["days to pay", "average days to pay", "adp"], kind: .window, unit: .days,
      formula: "ADP = Σ a × (cash_date − doc_date) / Σ a over cash applications a in W to invoices and debit notes (kpi-spec §6.1); "
        + "weight: count gives each application the same weight (the plain mean many reports use)",
      arguments: [ArgumentSpec("weight", .word(["amount", "count"]), default: "amount", "amount (default) or count (each payment counts once)")],
      implementation: .builtin(MetricBuild { a, _ in
        a.word("weight") == "count" ? .weighted(.at(.cashDaysToPayCount), .at(.cashCount)) : .weighted(.at(.cashDaysToPay), .at(.cashApplied))
      }), summary: "Amount-weighted days from document date to payment."),
    MetricDefinition(
      name: "avg_terms", aliases: ["average terms", "weighted terms"], kind: .window, unit: .days,
      formula: "Σ a × (due_date − doc_date) / Σ a over cash applications a in W to invoices and debit notes (kpi-spec §6.1)",
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .weighted(.at(.cashTerms), .at(.cashApplied)) }), summary: "Amount-weighted payment terms of what was paid; avg_days_to_pay − avg_terms = dbt when nobody pays early."),
    MetricDefinition(
      name: "disputed_amount", aliases: ["disputed", "disputed amount", "in dispute", "encours litigieux"], kind: .pointInTime, unit: .money,
      formula: "Σ over documents with a dispute open at D (opened ≤ D, not resolved by D) of max(0, min(open amount at D, disputed amount when given)) (kpi-spec §1.9)",
      arguments: [], implementation: .builtin(.kernel(.disputedAmount)), summary: "Open amount in dispute (disputes.csv)."),
    MetricDefinition(
      name: "open_disputes", aliases: ["open disputes", "dispute count", "litiges ouverts"], kind: .pointInTime, unit: .count,
      formula: "number of documents posted ≤ D with a dispute open at D (kpi-spec §8.1)",
      arguments: [], implementation: .builtin(.kernel(.openDisputes)), summary: "Documents in dispute at the as-of date."),
    MetricDefinition(
      name: "disputed_share", aliases: ["disputed share", "share in dispute", "percent disputed"], kind: .pointInTime, unit: .ratio,
      formula: "disputed_amount / gross_open (kpi-spec §8.1). " + MetricCatalog.shareRule,
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .share(.kernel(.disputedAmount), of: .kernel(.grossOpen)) }),
      summary: "Share of the open debit items in dispute."),
    MetricDefinition(
      name: "overdue_share", aliases: ["overdue share", "share overdue", "percent overdue", "taux d'echu"], kind: .pointInTime, unit: .ratio,
      formula: "overdue / gross_open (kpi-spec §5). " + MetricCatalog.shareRule,
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .share(.kernel(.overdue), of: .kernel(.grossOpen)) }),
      summary: "Share of the open debit items past due."),
    MetricDefinition(
      name: "dispute_dso", aliases: ["dispute dso", "dso linked to disputes", "dso litiges"], kind: .window, unit: .days,
      formula: "disputed_amount(end) / Sales(W) × days(W) (kpi-spec §8.1, standard method); method: countback gives "
        + "countback_dso × disputed_amount / balance at D. " + MetricCatalog.shareRule,
      arguments: dsoArguments, implementation: .builtin(MetricBuild { a, _ in
        try MetricTree.dsoFamily(a, standard: .ratioDays(.at(.disputedAmount), MetricTree.at(.creditSales).whole)) { zeroMonth in
          // countback DSO × the disputed share of the balance (kpi-spec §8.1).
          .binary(.multiply, MetricTree.countback(.balance, zeroMonth).whole, .share(.kernel(.disputedAmount), of: .kernel(.balance)))
        }
      }), summary: "The days of DSO tied up in disputes."),
    MetricDefinition(
      name: "discounted_bills", aliases: ["discounted bills", "eene", "effets escomptes non echus"], kind: .pointInTime, unit: .money,
      formula: "Σ exposures of kind EENE dated ≤ D: bills of exchange discounted with recourse and not yet matured",
      arguments: [], implementation: .builtin(.kernel(.discountedBills)), summary: "Discounted bills not yet matured (exposures.csv)."),
    MetricDefinition(
      name: "open_orders", aliases: ["open orders", "orders"], kind: .pointInTime, unit: .money,
      formula: "Σ exposures of kind ORDERS dated ≤ D: orders taken, not yet delivered",
      arguments: [], implementation: .builtin(.kernel(.openOrders)), summary: "Open orders (exposures.csv)."),
    MetricDefinition(
      name: "delivered_not_invoiced", aliases: ["delivered not invoiced", "dni"], kind: .pointInTime, unit: .money,
      formula: "Σ exposures of kind DNI dated ≤ D: delivered, not yet invoiced (account 418)",
      arguments: [], implementation: .builtin(.kernel(.deliveredNotInvoiced)), summary: "Delivered, not invoiced (exposures.csv)."),
    MetricDefinition(
      name: "real_exposure", aliases: ["real exposure", "encours reel"], kind: .pointInTime, unit: .money,
      formula: "balance + discounted_bills (kpi-spec §5: what accounting no longer shows in 411 but the company still risks)",
      arguments: [], implementation: .expression(.binary(.add, call("balance"), call("discounted_bills")), filter: nil),
      summary: "Encours réel. Define your own composition with 'define metric'."),
    MetricDefinition(
      name: "risk_exposure", aliases: ["risk exposure", "encours de risque"], kind: .pointInTime, unit: .money,
      formula: "real_exposure + open_orders + delivered_not_invoiced (kpi-spec §5, compared with credit limits)",
      arguments: [], implementation: .expression(
        .binary(.add, .binary(.add, call("real_exposure"), call("open_orders")), call("delivered_not_invoiced")), filter: nil),
      summary: "Encours de risque. Define your own composition with 'define metric'."),
    MetricDefinition(
      name: "overdue_60_share", aliases: ["share over 60 days", "percent over 60 dpd"], kind: .pointInTime, unit: .ratio,
      formula: "(overdue where days_past_due > 60) / gross_open (kpi-spec §6.5). " + MetricCatalog.shareRule,
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .share(.pastDue(.kernel(.overdue), moreThan: 60), of: .kernel(.grossOpen)) }),
      summary: "Share of the open debit items more than 60 days past due."),
    MetricDefinition(
      name: "overdue_90_share", aliases: ["share over 90 days", "percent over 90 dpd"], kind: .pointInTime, unit: .ratio,
      formula: "(overdue where days_past_due > 90) / gross_open (kpi-spec §6.5; CRF's \"% over 91 days past due\"). " + MetricCatalog.shareRule,
      arguments: [], implementation: .builtin(MetricBuild { _, _ in .share(.pastDue(.kernel(.overdue), moreThan: 90), of: .kernel(.grossOpen)) }),
      summary: "Share of the open debit items more than 90 days past due."),
  ]
}
