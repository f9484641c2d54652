import ArqlLanguage
import ArqlLedger

/// Turns a logical plan into one SQL statement over the native schema's tables (`invoices`,
/// `payments`, `customers`, `exposures`; `arql export-sql` writes them) that returns the exact
/// integer value of every kernel per evaluation context and group. arql combines those values
/// into the metrics with the same exact arithmetic as its own executor (`TreeEvaluator`), so a
/// ratio, a flag or a class is decided identically on every engine.
///
/// The time rule is resolved before generation: the contexts (one per bucket of a grain, and
/// the comparison's) become a `VALUES` table of literal dates, joined to the rows.
///
/// - Open amounts at a date D (kpi-spec §1.3): `amount − Σ applications dated ≤ D` for items
///   posted by D, applications being cash lines applied to an invoice and credit documents
///   `applies_to` another (both sides), effective on the later of the two postings (§1.9).
/// - Debits applied beyond their amount are 0 and their excess is unapplied credit; cash
///   received by D that is not applied at D (no invoice, or an invoice posted later) is too.
struct SQLGenerator {
  let dialect: SQLDialect
  let calendar: Calendar
  let expressions: SQLExpressions

  init(dialect: SQLDialect, calendar: Calendar, parameters: Parameters, dimensions: [String: ValueExpr]) {
    self.dialect = dialect
    self.calendar = calendar
    expressions = SQLExpressions(dialect: dialect, parameters: parameters, dimensions: dimensions)
  }

  /// The kernels that compile, and why the others do not yet.
  static func unsupportedReason(_ kernel: KernelID) -> String? {
    switch kernel {
    case .balance, .grossOpen, .overdue, .notDue, .unapplied, .openCount, .overdueDays, .agedBalance, .creditSales, .itemCount,
      .periodSales, .collected, .cashApplied, .cashDaysLate, .cashDaysToPay, .cashTerms, .cashCount, .cashDaysLateCount,
      .cashDaysLateSigned, .cashDaysToPayCount, .cashDaysLateSignedCount, .discountedBills, .openOrders, .deliveredNotInvoiced,
      .disputedAmount, .openDisputes, .disputedInvoices, .disputesOpened, .disputesResolved, .disputeEpisodesOpen, .resolutionDays,
      .resolutionDaysAmount, .resolvedAmount, .openDisputeDays, .collectedDue, .openDue, .invoicedDue, .dueInWindow, .settledOnTime,
      .variances, .varianceAmount, .actions, .actionsFollowed, .surveyAnswers, .satisfiedAnswers, .htOpen, .htOverdue, .provision,
      .receipts, .autoMatched, .autoMatchedAmount, .matchedAmount, .unmatchedCash, .unmatchedCount, .unmatchedDays, .matchLagDays,
      .matchesDated, .partialMatches, .promisesKept, .promisesBroken, .promisesPartial, .promisesPending, .promisesKeptAmount,
      .promisesDueAmount, .bookedProvision:
      return nil
    case .forecastCash, .forecastLate, .forecastExcluded, .forecastActual:
      return "the forecast dates each open item from its payer's behaviour, computed natively"
    case .creditLimit:
      return nil  // read from the customers table arql holds
    }
  }

  /// The statement for a plan's contexts: the group-level kernels, or with `perCustomer` the
  /// kernels of per-customer metrics by group and customer (an extra last group column).
  /// - Throws: `EngineError(.unsupported)` naming what does not compile yet, and why.
  func statement(_ plan: LogicalPlan, _ contexts: [EvaluationContext], perCustomer: Bool = false) throws -> SQLStatement {
    try check(plan)
    let leaves = Array(Set(plan.leaves.filter { $0.perCustomer == perCustomer && $0.metric != .creditLimit })).sorted { "\($0)" < "\($1)" }
    var columns: [SQLStatement.Column] = []
    for leaf in leaves {
      switch leaf.metric {
      case .agedBalance:
        let spec = leaf.aging ?? AgingSpec()
        columns += (0...spec.bucketNames.count).map { SQLStatement.Column(leaf: leaf, part: .agingColumn($0)) }
      case .periodSales:
        var base = leaf
        base.period = 0
        columns += (0..<KernelID.countbackPeriods).map { SQLStatement.Column(leaf: base, part: .period($0)) }
      case .htOpen, .htOverdue, .provision:
        columns += [SQLStatement.Column(leaf: leaf, part: .value), SQLStatement.Column(leaf: leaf, part: .estimated)]
      default:
        columns.append(SQLStatement.Column(leaf: leaf, part: .value))
      }
    }
    // Keep one column per distinct (leaf, part): period leaves all map to period 0's leaf.
    var seen = Set<SQLStatement.Column>()
    columns = columns.filter { seen.insert($0).inserted }
    let groups = plan.grouping.groups
    let groupColumns = groups.count + (perCustomer ? 1 : 0)
    var anchorSet = Set(leaves.filter { $0.metric.kind == .pointInTime }.map(\.anchor))
    // A partial match reads its invoice's open amount at the as-of date, and so does a condition
    // or group on open_amount.
    if leaves.contains(where: { $0.metric == .partialMatches }) || reads(SQLExpressions.openAttributes, plan) { anchorSet.insert(.asOf) }
    // The dispute open at a date: at the anchors of the dispute kernels, and at the as-of date
    // when a condition or group reads disputed, reason, owner or outcome.
    var disputeAnchors = Set(leaves.filter { $0.metric == .disputedAmount || $0.metric == .openDisputes }.map(\.anchor))
    if reads(SQLExpressions.disputeAttributes, plan) { disputeAnchors.insert(.asOf) }
    anchorSet.formUnion(disputeAnchors)
    let anchors = anchorSet.sorted { $0.rawValue < $1.rawValue }
    let disputes = disputeAnchors.sorted { $0.rawValue < $1.rawValue }
    let windows = distinctWindows(leaves)
    var text = "WITH\n"
    text += "x AS (SELECT * FROM " + contextTable(contexts, anchors: anchors, windows: windows, periods: columns.contains { if case .period = $0.part { return true } else { return false } }) + "),\n"
    if !anchors.isEmpty {
      text += """
        app AS (
          SELECT t.invoice_id AS target, GREATEST(p.payment_date, t.posting_date) AS eff_day,
            \(dialect.cents("p.amount")) AS amount
          FROM payments p JOIN invoices t ON t.invoice_id = p.invoice_id
          UNION ALL
          SELECT t.invoice_id, GREATEST(d.posting_date, t.posting_date), -\(dialect.cents("d.amount"))
          FROM invoices d JOIN invoices t ON t.invoice_id = d.applies_to
          UNION ALL
          SELECT d.invoice_id, GREATEST(d.posting_date, t.posting_date), \(dialect.cents("d.amount"))
          FROM invoices d JOIN invoices t ON t.invoice_id = d.applies_to
        ),

        """
      for anchor in anchors {
        let day = "x.\(Self.anchorColumn(anchor))"
        text += """
          applied_\(anchor.rawValue) AS (
            SELECT x.k, a.target AS invoice_id, \(dialect.exactSum("a.amount")) AS applied
            FROM x JOIN app a ON a.eff_day <= \(day)
            GROUP BY x.k, a.target
          ),

          """
      }
    }
    for anchor in disputes {
      let day = "x.\(Self.anchorColumn(anchor))"
      text += """
        open_dispute_\(anchor.rawValue) AS (
          SELECT x.k, d.invoice_id, d.amount, d.reason, d.owner, d.outcome,
            ROW_NUMBER() OVER (PARTITION BY x.k, d.invoice_id ORDER BY d.dispute_row) AS n
          FROM x JOIN disputes d ON d.opened <= \(day) AND (d.resolved IS NULL OR d.resolved > \(day))
          WHERE d.invoice_id IS NOT NULL
        ),

        """
    }
    for days in Set(leaves.filter { $0.metric == .settledOnTime }.map(\.days)).sorted() {
      // The cash applied to each invoice by its due date + k days (or by D when earlier).
      text += """
        settled_\(days) AS (
          SELECT x.k, t.invoice_id, \(dialect.exactSum(dialect.cents("p.amount"))) AS paid
          FROM x JOIN invoices t ON t.posting_date <= x.d_as_of JOIN payments p ON p.invoice_id = t.invoice_id
          WHERE GREATEST(p.payment_date, t.posting_date) <= LEAST(\(dialect.addDays("t.due_date", "\(days)")), x.d_as_of)
          GROUP BY x.k, t.invoice_id
        ),

        """
    }
    for state in promiseStates(leaves) { text += promiseCTEs(state) }
    let universes = SQLExpressions.universes.filter { plan.grouping.universes.contains($0) }
    var parts: [String] = []
    for universe in universes {
      let cte = "rows_\(universe)"
      text += "\(cte) AS (\n" + (try rows(universe, groups: groups, perCustomer: perCustomer, filter: plan.grouping.filter, anchors: anchors,
                                            disputes: disputes, columns: columns)) + "\n),\n"
      parts.append("SELECT * FROM \(cte)")
    }
    text.removeLast(2)
    let groupNames = (0..<groupColumns).map { "g\($0)" }
    let sums = columns.indices.map { "\(dialect.exactSum("l\($0)")) AS l\($0)" }
    text += "\nSELECT " + (["k"] + groupNames + sums).joined(separator: ", ")
    text += "\nFROM (\n  " + parts.joined(separator: "\n  UNION ALL\n  ") + "\n) u"
    text += "\nGROUP BY " + (["k"] + groupNames).joined(separator: ", ")
    text += "\nORDER BY " + (["k"] + groupNames).joined(separator: ", ")
    return SQLStatement(text: text, groupColumns: groupColumns, columns: columns)
  }

  /// Refuses what does not compile yet, with the reason.
  private func check(_ plan: LogicalPlan) throws {
    for leaf in plan.leaves {
      if let reason = Self.unsupportedReason(leaf.metric) {
        throw EngineError(.unsupported, "'\(leaf.metric.rawValue)' does not compile to SQL yet: \(reason)",
                          notes: ["'explain plan' shows the kernels a query needs; the native engine computes every one"])
      }
    }
    for group in plan.grouping.groups {
      switch group {
      case .attribute(let name, let grain):
        // A date by a grain: the engine groups by the day, arql sums the days into the grain's buckets.
        _ = try expressions.column(name, .documents)
        if grain != nil && !SQLGenerator.dateAttributes.contains(name) {
          throw EngineError(.unsupported, "grouping '\(name)' by a grain does not compile to SQL: it is not a date")
        }
      case .bucket(let name, _): _ = try expressions.column(name, .documents)
      case .defined(_, let e): _ = try expressions.value(e, .documents)
      }
    }
    if !plan.grouping.universes.isSubset(of: Set(SQLExpressions.universes)) {
      throw EngineError(.unsupported, "these metrics' rows do not compile to SQL yet")
    }
  }

  /// The date attributes a grain can bucket.
  static let dateAttributes: Set<String> = ["doc_date", "due_date", "posting_date", "payment_date", "match_date", "opened", "resolved", "action_date",
                                            "survey_date", "promised_date", "promise_created", "date"]

  /// Whether the where clause, a group or a leaf's condition reads one of `names`.
  private func reads(_ names: Set<String>, _ plan: LogicalPlan) -> Bool {
    if let f = plan.grouping.filter, expressions.mentions(names, in: f) { return true }
    if plan.leaves.contains(where: { $0.filter.map { expressions.mentions(names, in: $0) } ?? false }) { return true }
    return plan.grouping.groups.contains { group in
      switch group {
      case .attribute(let name, _): return names.contains(name) || (expressions.dimensions[name].map { expressions.mentions(names, in: $0) } ?? false)
      case .defined(_, let e): return expressions.mentions(names, in: e)
      case .bucket(let name, _): return names.contains(name)
      }
    }
  }

  // MARK: - Promises

  /// The promises' cash at one evaluation day with one grace (kpi-spec §8.5).
  private struct PromiseState: Hashable {
    var grace: Int32
    var day: String

    init(_ leaf: MetricLeaf) {
      grace = leaf.days
      day = leaf.metric.kind == .pointInTime ? SQLGenerator.anchorColumn(leaf.anchor) : "d_as_of"
    }

    var name: String { "g\(grace)_\(day)" }
  }

  private func promiseStates(_ leaves: [MetricLeaf]) -> [PromiseState] {
    Array(Set(leaves.filter { $0.metric.linkedUniverse == .promises }.map(PromiseState.init))).sorted { $0.name < $1.name }
  }

  /// Per context and promise: the cash counted (applications to the promised invoice, else the
  /// customer's receipts, from its creation to min(promised date + grace, D)) and the day it
  /// reached the amount less max(1.00, 1 %).
  private func promiseCTEs(_ state: PromiseState) -> String {
    let day = "x.\(state.day)"
    let until = "LEAST(\(dialect.addDays("pr.promised_date", "\(state.grace)")), \(day))"
    let made = "NOT pr.cancelled AND pr.promise_created <= \(day)"
    let cents = dialect.cents("pr.amount")
    let target = "\(cents) - GREATEST(100, \(dialect.integerDivision(cents, "100")))"
    return """
      promise_cash_\(state.name) AS (
        SELECT x.k, pr.promise_row, GREATEST(p.payment_date, t.posting_date) AS day, \(dialect.cents("p.amount")) AS amount
        FROM x JOIN promises pr ON \(made) AND pr.invoice_id IS NOT NULL
        JOIN payments p ON p.invoice_id = pr.invoice_id JOIN invoices t ON t.invoice_id = p.invoice_id
        WHERE GREATEST(p.payment_date, t.posting_date) >= pr.promise_created AND GREATEST(p.payment_date, t.posting_date) <= \(until)
        UNION ALL
        SELECT x.k, pr.promise_row, p.payment_date, \(dialect.cents("p.amount"))
        FROM x JOIN promises pr ON \(made) AND pr.invoice_id IS NULL
        JOIN payments p ON p.customer_id = pr.customer_id
        WHERE p.payment_date >= pr.promise_created AND p.payment_date <= \(until)
      ),
      promise_run_\(state.name) AS (
        SELECT k, promise_row, day,
          SUM(amount) OVER (PARTITION BY k, promise_row ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
        FROM promise_cash_\(state.name)
      ),
      promise_paid_\(state.name) AS (
        SELECT r.k, r.promise_row, MAX(r.running) AS paid, MIN(CASE WHEN r.running >= \(target) THEN r.day END) AS kept_on
        FROM promise_run_\(state.name) r JOIN promises pr ON pr.promise_row = r.promise_row
        GROUP BY r.k, r.promise_row
      ),

      """
  }

  // MARK: - Contexts

  /// A window a leaf reads: the context's, or its trailing N days.
  private struct LeafWindow: Hashable {
    var trailing: Int32?
    var name: String { trailing.map { "t\($0)" } ?? "w" }
  }

  private func distinctWindows(_ leaves: [MetricLeaf]) -> [LeafWindow] {
    var windows: [LeafWindow] = [LeafWindow()]
    for leaf in leaves where leaf.trailingDays != nil {
      let w = LeafWindow(trailing: leaf.trailingDays)
      if !windows.contains(w) { windows.append(w) }
    }
    return windows
  }

  static func anchorColumn(_ anchor: LeafAnchor) -> String {
    switch anchor {
    case .asOf: return "d_as_of"
    case .windowEnd: return "d_window_end"
    case .beforeWindow: return "d_before_window"
    }
  }

  /// The contexts as literal rows: `k`, the as-of date, each anchor's day, each window's first
  /// and last day, and the countback periods.
  private func contextTable(_ contexts: [EvaluationContext], anchors: [LeafAnchor], windows: [LeafWindow], periods: Bool) -> String {
    var names = ["k", "d_as_of"]
    for anchor in anchors where anchor != .asOf { names.append(Self.anchorColumn(anchor)) }
    for w in windows { names += ["\(w.name)_first", "\(w.name)_last"] }
    if periods { for p in 0..<KernelID.countbackPeriods { names += ["p\(p)_first", "p\(p)_last"] } }
    let rows: [[String]] = contexts.enumerated().map { k, context in
      var row = ["\(k)", dialect.date(context.asOf)]
      for anchor in anchors where anchor != .asOf {
        row.append(dialect.date(anchor == .windowEnd ? min(context.window.last, context.asOf) : context.window.first - 1))
      }
      for w in windows {
        var range = context.window
        if let trailing = w.trailing {
          let end = min(context.window.last, context.asOf)
          range = DateRange(first: end - trailing + 1, last: end)
        }
        row += [dialect.date(range.first), dialect.date(range.last)]
      }
      if periods {
        for range in calendar.countbackPeriods(asOf: context.asOf, count: KernelID.countbackPeriods) {
          row += [dialect.date(range.first), dialect.date(range.last)]
        }
      }
      return row
    }
    return dialect.values(rows, alias: "v", columns: names)
  }

  // MARK: - Rows of a universe

  /// The per-context, per-group sums of one universe's rows: every leaf column, 0 where the
  /// universe adds nothing to it.
  private func rows(_ universe: Universe, groups: [BoundQuery.Group], perCustomer: Bool, filter: BoolExpr?, anchors: [LeafAnchor],
                    disputes: [LeafAnchor], columns: [SQLStatement.Column]) throws -> String
  {
    var groupValues = try groups.map { group -> String in
      switch group {
      case .attribute(let name, _): return try expressions.column(name, universe)
      case .defined(_, let e): return try expressions.value(e, universe)
      case .bucket(let name, let edges): return bucketLabel(try expressions.column(name, universe), edges: edges)
      }
    }
    // As text in every universe: a universe without the column gives NULL, which must unite with the others' values.
    groupValues = groupValues.map { $0 == "NULL" ? "CAST(NULL AS \(dialect.textType))" : "CAST(\($0) AS \(dialect.textType))" }
    if perCustomer { groupValues.append(SQLExpressions.customerColumn(universe)) }
    var conditions: [String] = []
    var from: String
    switch universe {
    case .documents:
      from = "x CROSS JOIN invoices i LEFT JOIN customers c ON c.customer_id = i.customer_id"
      for anchor in anchors { from += joined("applied_\(anchor.rawValue)", as: "o_\(anchor.rawValue)", on: "i") }
      for days in Set(columns.filter { $0.leaf.metric == .settledOnTime }.map(\.leaf.days)).sorted() {
        from += joined("settled_\(days)", as: "s_\(days)", on: "i")
      }
      for anchor in disputes { from += joined("open_dispute_\(anchor.rawValue)", as: "dd_\(anchor.rawValue)", on: "i", first: true) }
    case .cash:
      from = "x CROSS JOIN payments p LEFT JOIN customers c ON c.customer_id = p.customer_id"
        + "\n    LEFT JOIN invoices t ON t.invoice_id = p.invoice_id LEFT JOIN customers tc ON tc.customer_id = t.customer_id"
      if disputes.contains(.asOf) {
        from += joined("open_dispute_asOf", as: "td_asOf", on: "t", first: true)
      }
      if columns.contains(where: { $0.leaf.metric == .partialMatches }) {
        from += joined("applied_asOf", as: "to_asOf", on: "t")
      }
    case .exposures:
      from = "x CROSS JOIN exposures e LEFT JOIN customers c ON c.customer_id = e.customer_id"
    case .actions, .surveys, .promises:
      let row = SQLExpressions.rowAlias(universe)
      let table = universe == .actions ? "actions" : universe == .surveys ? "surveys" : "promises"
      from = "x CROSS JOIN \(table) \(row) LEFT JOIN customers c ON c.customer_id = \(row).customer_id"
        + (universe == .surveys ? "\n    LEFT JOIN invoices t ON 1 = 0" : "\n    LEFT JOIN invoices t ON t.invoice_id = \(row).invoice_id")
        + " LEFT JOIN customers tc ON tc.customer_id = t.customer_id"
      for state in promiseStates(columns.map(\.leaf)) where universe == .promises {
        from += "\n    LEFT JOIN promise_paid_\(state.name) pp_\(state.name) ON pp_\(state.name).k = x.k AND pp_\(state.name).promise_row = pr.promise_row"
      }
      if disputes.contains(.asOf) {
        from += joined("open_dispute_asOf", as: "td_asOf", on: "t", first: true)
      }
    case .disputes:
      // Each episode with its rank among its invoice's (earliest opened, then first in the file).
      from = "x CROSS JOIN (SELECT d.*, ROW_NUMBER() OVER (PARTITION BY d.invoice_id ORDER BY d.opened, d.dispute_row) AS episode FROM disputes d) r"
        + "\n    LEFT JOIN invoices i ON i.invoice_id = r.invoice_id LEFT JOIN customers c ON c.customer_id = i.customer_id"
      if disputes.contains(.asOf) {
        from += joined("open_dispute_asOf", as: "dd_asOf", on: "i", first: true)
      }
    default:
      from = "x CROSS JOIN customers c"
      conditions.append("NOT EXISTS (SELECT 1 FROM invoices r WHERE r.customer_id = c.customer_id)"
        + " AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.customer_id = c.customer_id)"
        + " AND NOT EXISTS (SELECT 1 FROM exposures r WHERE r.customer_id = c.customer_id)")
    }
    var values: [String] = []
    for column in columns {
      var value = try contribution(column, universe) ?? "0"
      if value != "0", let f = column.leaf.filter { value = "CASE WHEN \(try expressions.condition(f, universe)) THEN \(value) ELSE 0 END" }
      values.append(value)
    }
    var text = "  SELECT x.k" + groupValues.enumerated().map { ", \($1) AS g\($0)" }.joined()
    text += values.enumerated().map { ",\n    \($1) AS l\($0)" }.joined()
    text += "\n  FROM " + from
    if let filter { conditions.append(try expressions.condition(filter, universe)) }
    if !conditions.isEmpty { text += "\n  WHERE " + conditions.joined(separator: "\n    AND ") }
    return text
  }

  /// The label of a number's bucket, as arql writes it (`Executor.bucketLabels`).
  private func bucketLabel(_ value: String, edges: [Int64]) -> String {
    let sorted = edges.sorted()
    guard !sorted.isEmpty else { return "NULL" }
    let labels = Executor.bucketLabels(sorted).map(dialect.string)
    let below = sorted.indices.map { b in " WHEN \(value) < \(sorted[b]) THEN \(labels[b])" }.joined()
    return "CASE WHEN \(value) IS NULL THEN NULL\(below) ELSE \(labels[sorted.count]) END"
  }

  /// The open amount at `day` of the invoice aliased `invoice`, in cents (kpi-spec §1.3): its
  /// amount less what its `applied_...` row (aliased `applied`) took off by then; 0 before it is posted.
  static func openAmount(of invoice: String, applied: String, at day: String, _ dialect: SQLDialect) -> String {
    "(CASE WHEN \(invoice).posting_date <= \(day) THEN \(dialect.cents("\(invoice).amount")) - COALESCE(\(applied).applied, 0) ELSE 0 END)"
  }

  /// A join of a per-context, per-invoice CTE to the invoice aliased `invoice` (`first`: the
  /// first of several rows per invoice, `n = 1`).
  private func joined(_ cte: String, as alias: String, on invoice: String, first: Bool = false) -> String {
    "\n    LEFT JOIN \(cte) \(alias) ON \(alias).k = x.k AND \(alias).invoice_id = \(invoice).invoice_id" + (first ? " AND \(alias).n = 1" : "")
  }

  /// What a row of `universe` adds to a leaf column; nil when nothing.
  private func contribution(_ column: SQLStatement.Column, _ universe: Universe) throws -> String? {
    let leaf = column.leaf
    let window = LeafWindow(trailing: leaf.trailingDays).name
    let (first, last) = ("x.\(window)_first", "x.\(window)_last")
    let day = leaf.metric.kind == .pointInTime ? "x.\(Self.anchorColumn(leaf.anchor))" : "x.d_as_of"
    func days(_ from: String, _ to: String) -> String { dialect.days(from: from, to: to) }
    switch universe {
    case .documents:
      let amount = dialect.cents("i.amount")
      let debit = SQLDocTypes.debit("i")
      let sale = SQLDocTypes.sale("i")
      let issued = SQLDocTypes.issued("i")
      let o = Self.openAmount(of: "i", applied: "o_\(leaf.anchor.rawValue)", at: day, dialect)
      let openDebit = "\(debit) AND \(o) > 0"
      let pastDue = days("i.due_date", day)
      switch leaf.metric {
      case .balance: return o
      case .grossOpen: return "CASE WHEN \(openDebit) THEN \(o) ELSE 0 END"
      case .overdue: return "CASE WHEN \(openDebit) AND \(pastDue) >= 1 THEN \(o) ELSE 0 END"
      case .notDue: return "CASE WHEN \(openDebit) AND \(pastDue) <= 0 THEN \(o) ELSE 0 END"
      case .unapplied: return "CASE WHEN NOT \(debit) OR \(o) < 0 THEN \(o) ELSE 0 END"
      case .openCount: return "CASE WHEN \(openDebit) THEN 1 ELSE 0 END"
      case .overdueDays: return "CASE WHEN \(openDebit) AND \(pastDue) >= 1 THEN \(o) * \(pastDue) ELSE 0 END"
      case .disputedAmount, .openDisputes:
        // max(0, min(open amount at D, the dispute's amount when given)) of the dispute open at D.
        let d = "dd_\(leaf.anchor.rawValue)"
        let posted = "i.posting_date <= \(day) AND \(d).invoice_id IS NOT NULL"
        if leaf.metric == .openDisputes { return "CASE WHEN \(posted) THEN 1 ELSE 0 END" }
        let open = "CASE WHEN \(debit) AND \(o) < 0 THEN 0 ELSE \(o) END"
        let capped = "CASE WHEN \(d).amount IS NOT NULL AND \(dialect.cents("\(d).amount")) < \(open) THEN \(dialect.cents("\(d).amount")) ELSE \(open) END"
        return "CASE WHEN \(posted) AND \(capped) > 0 THEN \(capped) ELSE 0 END"
      case .agedBalance:
        guard case .agingColumn(let c) = column.part else { return nil }
        let spec = leaf.aging ?? AgingSpec()
        let counting = spec.measure == .count
        let measure = counting ? "1" : o
        if c == spec.bucketNames.count {
          return "CASE WHEN (NOT \(debit) AND \(o) <> 0) OR (\(debit) AND \(o) < 0) THEN \(measure) ELSE 0 END"
        }
        let age = days(spec.basis == .dueDate ? "i.due_date" : "i.doc_date", day)
        return "CASE WHEN \(openDebit) AND \(bucketCondition(spec, c, age: age)) THEN \(measure) ELSE 0 END"
      case .openDue: return "CASE WHEN \(openDebit) AND i.due_date <= \(last) THEN \(o) ELSE 0 END"
      case .invoicedDue:
        return "CASE WHEN i.posting_date BETWEEN \(first) AND \(last) AND i.posting_date <= \(day) AND \(issued) AND i.due_date <= \(last) THEN \(amount) ELSE 0 END"
      case .dueInWindow, .settledOnTime:
        let due = "i.posting_date <= \(day) AND \(issued) AND i.due_date BETWEEN \(first) AND \(last) AND i.due_date <= \(day)"
        if leaf.metric == .dueInWindow { return "CASE WHEN \(due) THEN \(amount) ELSE 0 END" }
        let paid = "COALESCE(s_\(leaf.days).paid, 0)"
        return "CASE WHEN \(due) THEN CASE WHEN \(paid) < \(amount) THEN \(paid) ELSE \(amount) END ELSE 0 END"
      case .variances, .varianceAmount:
        let adjustment = "i.doc_type = 'ADJ' AND i.posting_date BETWEEN \(first) AND \(last) AND i.posting_date <= \(day)"
        return "CASE WHEN \(adjustment) THEN \(leaf.metric == .variances ? "1" : "ABS(\(amount))") ELSE 0 END"
      case .bookedProvision: return "CASE WHEN \(openDebit) AND i.booked_provision IS NOT NULL THEN \(dialect.cents("i.booked_provision")) ELSE 0 END"
      case .htOpen, .htOverdue, .provision:
        // The open amount without VAT: open × net / amount, else open / 1.2, rounded half away from zero.
        if column.part == .estimated { return "CASE WHEN \(openDebit) AND i.net_amount IS NULL THEN 1 ELSE 0 END" }
        let ht = "CASE WHEN i.net_amount IS NOT NULL AND i.amount <> 0 THEN "
          + dialect.roundedDivision("\(dialect.wide(o)) * \(dialect.cents("i.net_amount"))", dialect.wide(amount))
          + " ELSE " + dialect.roundedDivision("\(dialect.wide(o)) * 10", "12") + " END"
        switch leaf.metric {
        case .htOpen: return "CASE WHEN \(openDebit) THEN \(ht) ELSE 0 END"
        case .htOverdue: return "CASE WHEN \(openDebit) AND \(pastDue) >= 1 THEN \(ht) ELSE 0 END"
        default:
          // Σ HT × the bucket's rate in basis points; arql rounds each group's sum to the cent.
          let spec = leaf.aging ?? AgingSpec()
          let rated = leaf.rates.enumerated().map { b, rate in "WHEN \(bucketCondition(spec, b, age: pastDue)) THEN \(rate)" }
          guard !rated.isEmpty else { return "0" }
          return "CASE WHEN \(openDebit) THEN (\(ht)) * (CASE \(rated.joined(separator: " ")) ELSE 0 END) ELSE 0 END"
        }
      case .creditSales: return "CASE WHEN i.posting_date BETWEEN \(first) AND \(last) AND \(sale) THEN \(amount) ELSE 0 END"
      case .itemCount: return "CASE WHEN i.posting_date BETWEEN \(first) AND \(last) AND \(issued) THEN 1 ELSE 0 END"
      case .periodSales:
        guard case .period(let p) = column.part else { return nil }
        return "CASE WHEN i.posting_date BETWEEN x.p\(p)_first AND x.p\(p)_last AND \(sale) THEN \(amount) ELSE 0 END"
      default: return nil
      }
    case .cash:
      let amount = dialect.cents("p.amount")
      let unappliedAt = "p.payment_date <= \(day) AND (t.invoice_id IS NULL OR t.posting_date > \(day))"
      let targetDebit = SQLDocTypes.debit("t")
      let applied = "t.invoice_id IS NOT NULL AND p.payment_date BETWEEN \(first) AND \(last) AND t.posting_date <= \(day) AND \(targetDebit)"
      let late = days("t.due_date", "p.payment_date")
      let toPay = days("t.doc_date", "p.payment_date")
      let lateOrZero = "CASE WHEN \(late) > 0 THEN \(late) ELSE 0 END"
      switch leaf.metric {
      case .balance, .unapplied: return "CASE WHEN \(unappliedAt) THEN -\(amount) ELSE 0 END"
      case .agedBalance:
        let spec = leaf.aging ?? AgingSpec()
        guard case .agingColumn(let c) = column.part, c == spec.bucketNames.count else { return nil }
        return "CASE WHEN \(unappliedAt) THEN \(spec.measure == .count ? "1" : "-\(amount)") ELSE 0 END"
      case .collected: return "CASE WHEN p.payment_date BETWEEN \(first) AND \(last) THEN \(amount) ELSE 0 END"
      case .cashApplied: return "CASE WHEN \(applied) THEN \(amount) ELSE 0 END"
      case .cashDaysLate: return "CASE WHEN \(applied) THEN \(amount) * \(lateOrZero) ELSE 0 END"
      case .cashDaysToPay: return "CASE WHEN \(applied) THEN \(amount) * \(toPay) ELSE 0 END"
      case .cashTerms: return "CASE WHEN \(applied) THEN \(amount) * \(days("t.doc_date", "t.due_date")) ELSE 0 END"
      case .cashCount: return "CASE WHEN \(applied) THEN 1 ELSE 0 END"
      case .cashDaysLateCount: return "CASE WHEN \(applied) THEN \(lateOrZero) ELSE 0 END"
      case .cashDaysLateSigned: return "CASE WHEN \(applied) THEN \(amount) * \(late) ELSE 0 END"
      case .cashDaysToPayCount: return "CASE WHEN \(applied) THEN \(toPay) ELSE 0 END"
      case .cashDaysLateSignedCount: return "CASE WHEN \(applied) THEN \(late) ELSE 0 END"
      case .collectedDue:
        return "CASE WHEN \(applied) AND p.payment_date <= \(day) AND t.due_date <= \(last) THEN \(amount) ELSE 0 END"
      // Cash application (kpi-spec §8.2): receipts of the window, matched by D or not.
      case .receipts, .autoMatched, .autoMatchedAmount, .matchedAmount, .matchLagDays, .matchesDated, .partialMatches:
        let received = "p.payment_date BETWEEN \(first) AND \(last) AND p.payment_date <= \(day)"
        let matched = "\(received) AND t.invoice_id IS NOT NULL AND t.posting_date <= \(day)"
        let automatic = "LOWER(p.match_method) = 'auto'"
        switch leaf.metric {
        case .receipts: return "CASE WHEN \(received) THEN 1 ELSE 0 END"
        case .autoMatched: return "CASE WHEN \(received) AND \(automatic) THEN 1 ELSE 0 END"
        case .autoMatchedAmount: return "CASE WHEN \(received) AND \(automatic) THEN \(amount) ELSE 0 END"
        case .matchedAmount: return "CASE WHEN \(matched) THEN \(amount) ELSE 0 END"
        case .matchLagDays, .matchesDated:
          let dated = "\(matched) AND p.match_date IS NOT NULL AND p.match_date >= p.payment_date"
          return "CASE WHEN \(dated) THEN \(leaf.metric == .matchesDated ? "1" : days("p.payment_date", "p.match_date")) ELSE 0 END"
        default:
          // Matched to an invoice the receipt left partly open at D (a debit's open amount is never below 0).
          let open = Self.openAmount(of: "t", applied: "to_asOf", at: "x.d_as_of", dialect)
          return "CASE WHEN \(matched) AND ((\(targetDebit) AND \(open) > 0) OR (NOT \(targetDebit) AND \(open) <> 0)) THEN 1 ELSE 0 END"
        }
      case .unmatchedCash: return "CASE WHEN \(unappliedAt) THEN \(amount) ELSE 0 END"
      case .unmatchedCount: return "CASE WHEN \(unappliedAt) THEN 1 ELSE 0 END"
      case .unmatchedDays: return "CASE WHEN \(unappliedAt) THEN \(amount) * \(days("p.payment_date", day)) ELSE 0 END"
      default: return nil
      }
    case .disputes:
      let amount = "COALESCE(\(dialect.cents("r.amount")), \(dialect.cents("i.amount")), 0)"
      let resolvedInWindow = "r.resolved IS NOT NULL AND r.resolved BETWEEN \(first) AND \(last) AND r.resolved <= \(day) AND r.resolved >= r.opened"
      let resolutionDays = days("r.opened", "r.resolved")
      let openAt = "r.opened <= \(day) AND (r.resolved IS NULL OR r.resolved > \(day))"
      switch leaf.metric {
      case .disputesOpened: return "CASE WHEN r.opened BETWEEN \(first) AND \(last) AND r.opened <= \(day) THEN 1 ELSE 0 END"
      case .disputesResolved: return "CASE WHEN \(resolvedInWindow) THEN 1 ELSE 0 END"
      case .resolutionDays: return "CASE WHEN \(resolvedInWindow) THEN \(resolutionDays) ELSE 0 END"
      case .resolutionDaysAmount: return "CASE WHEN \(resolvedInWindow) THEN \(amount) * \(resolutionDays) ELSE 0 END"
      case .resolvedAmount: return "CASE WHEN \(resolvedInWindow) THEN \(amount) ELSE 0 END"
      case .disputeEpisodesOpen: return "CASE WHEN \(openAt) THEN 1 ELSE 0 END"
      case .openDisputeDays: return "CASE WHEN \(openAt) THEN \(days("r.opened", day)) ELSE 0 END"
      case .disputedInvoices:
        // The window's invoices (INV, DN) disputed by D, each at its first episode.
        return "CASE WHEN i.invoice_id IS NOT NULL AND r.episode = 1 AND r.opened <= \(day) AND i.posting_date BETWEEN \(first) AND \(last)"
          + " AND \(SQLDocTypes.issued("i")) THEN 1 ELSE 0 END"
      default: return nil
      }
    case .actions:
      let inWindow = "a.action_date BETWEEN \(first) AND \(last) AND a.action_date <= \(day)"
      switch leaf.metric {
      case .actions: return "CASE WHEN \(inWindow) THEN 1 ELSE 0 END"
      case .actionsFollowed:
        // A payment by the action's customer within the wait (and by D).
        let until = "LEAST(\(dialect.addDays("a.action_date", "\(leaf.days)")), \(day))"
        return "CASE WHEN \(inWindow) AND EXISTS (SELECT 1 FROM payments q WHERE q.customer_id = a.customer_id"
          + " AND q.payment_date >= a.action_date AND q.payment_date <= \(until)) THEN 1 ELSE 0 END"
      default: return nil
      }
    case .promises:
      let state = PromiseState(leaf)
      let pp = "pp_\(state.name)"
      let deadline = dialect.addDays("pr.promised_date", "\(leaf.days)")
      let made = "NOT pr.cancelled AND pr.promise_created <= \(day)"
      let kept = "\(made) AND \(pp).kept_on IS NOT NULL AND \(pp).kept_on BETWEEN \(first) AND \(last) AND \(pp).kept_on <= \(day)"
      let lapsed = "\(made) AND \(pp).kept_on IS NULL AND \(day) > \(deadline) AND \(deadline) BETWEEN \(first) AND \(last)"
      let paid = "COALESCE(\(pp).paid, 0)"
      let amount = dialect.cents("pr.amount")
      switch leaf.metric {
      case .promisesPending: return "CASE WHEN \(made) AND \(pp).kept_on IS NULL AND \(day) <= \(deadline) THEN 1 ELSE 0 END"
      case .promisesKept: return "CASE WHEN \(kept) THEN 1 ELSE 0 END"
      case .promisesKeptAmount: return "CASE WHEN \(kept) THEN \(amount) ELSE 0 END"
      case .promisesBroken: return "CASE WHEN \(lapsed) AND \(paid) = 0 THEN 1 ELSE 0 END"
      case .promisesPartial: return "CASE WHEN \(lapsed) AND \(paid) > 0 THEN 1 ELSE 0 END"
      case .promisesDueAmount: return "CASE WHEN (\(kept)) OR (\(lapsed)) THEN \(amount) ELSE 0 END"
      default: return nil
      }
    case .surveys:
      let inWindow = "s.survey_date BETWEEN \(first) AND \(last) AND s.survey_date <= \(day)"
      switch leaf.metric {
      case .surveyAnswers: return "CASE WHEN \(inWindow) THEN 1 ELSE 0 END"
      case .satisfiedAnswers: return "CASE WHEN \(inWindow) AND s.score >= 4 THEN 1 ELSE 0 END"
      default: return nil
      }
    case .exposures:
      let kind: ExposureTable.Kind
      switch leaf.metric {
      case .discountedBills: kind = .discountedBills
      case .openOrders: kind = .openOrders
      case .deliveredNotInvoiced: kind = .deliveredNotInvoiced
      default: return nil
      }
      return "CASE WHEN e.kind = '\(kind.code)' AND e.\(dialect.quote("date")) <= \(day) THEN \(dialect.cents("e.amount")) ELSE 0 END"
    default:
      return nil
    }
  }

  /// The condition that an age falls in bucket `c` of an aged balance (`AgingSpec.bucket`).
  private func bucketCondition(_ spec: AgingSpec, _ c: Int, age: String) -> String {
    let offset = spec.basis == .dueDate ? 1 : 0
    if spec.basis == .dueDate && c == 0 { return "\(age) <= 0" }
    let i = c - offset
    var parts: [String] = []
    if i < spec.edges.count { parts.append("\(age) <= \(spec.edges[i])") }
    if i > 0 { parts.append("\(age) > \(spec.edges[i - 1])") } else if spec.basis == .dueDate { parts.append("\(age) > 0") }
    if i >= spec.edges.count, let lastEdge = spec.edges.last { parts = ["\(age) > \(lastEdge)"] }
    return parts.isEmpty ? "TRUE" : "(" + parts.joined(separator: " AND ") + ")"
  }
}
