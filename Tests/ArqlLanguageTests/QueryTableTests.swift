import ArqlLanguage
import Testing

/// One row of the query table: a query and what it must give.
struct QueryCase: CustomTestStringConvertible, Sendable {
  enum Expectation: Sendable {
    /// Parses; its canonical text is this (`nil`: the query itself).
    case formats(String?)
    /// Fails with this code; the caret goes where 1️⃣ is in the query.
    case fails(DiagnosticCode)
    /// Is incomplete (the REPL continues the line).
    case incomplete
  }
  let query: String
  let expectation: Expectation
  var testDescription: String { query.replacingNewlines }

  static func ok(_ query: String, _ canonical: String? = nil) -> QueryCase { QueryCase(query: query, expectation: .formats(canonical)) }
  static func error(_ query: String, _ code: DiagnosticCode) -> QueryCase { QueryCase(query: query, expectation: .fails(code)) }
  static func incomplete(_ query: String) -> QueryCase { QueryCase(query: query, expectation: .incomplete) }
}

extension String {
  var replacingNewlines: String { String(map { $0 == "\n" ? "⏎" : $0 }) }
}

@Suite("The query table: valid queries and their canonical text, invalid ones and their caret")
struct QueryTableTests {
  static let valid: [QueryCase] = [
    // Metrics, names and aliases
    .ok("balance"),
    .ok("BALANCE", "balance"),
    .ok("Balance By Division", "balance by division"),
    .ok("ar", "balance"),
    .ok("open balance", "balance"),
    .ok("total ar by division", "balance by division"),
    .ok("past due by customer", "overdue by customer"),
    .ok("aged balance", "aged_balance"),
    .ok("aging by customer", "aged_balance by customer"),
    .ok("countback dso", "countback_dso"),
    // A time grain may have a 'by' of its own; backtest before a query.
    .ok("balance by month last 6 months by division", "balance by month, division last 6 months"),
    .ok("balance by division by month", "balance by month, division"),
    .ok("backtest balance by week next 13 weeks as of 2025-09-30"),
    .ok("best possible dso, dso", "bpdso, dso"),
    .ok("days sales outstanding by division", "dso by division"),
    .ok("days to pay by customer", "avg_days_to_pay by customer"),
    .ok("average days delinquent", "delinquent_dso"),
    .ok("collection effectiveness by month", "cei by month"),
    .ok("expected collections by week next 13 weeks", "forecast by week next 13 weeks"),
    .ok("dispute count, disputed amount by reason", "dispute_count, disputed_amount by reason"),
    .ok("balance, overdue, not_due"),
    .ok("balance as ar_total", nil),
    .ok("balance as `AR Total` by division"),
    .ok("overdue / balance as overdue_share by division"),
    .ok("overdue / balance * 100"),
    .ok("(overdue + not_due) / balance", nil),
    .ok("balance - overdue - not_due"),
    .ok("balance - (overdue - not_due)"),
    .ok("-balance"),
    .ok("2 * balance"),
    .ok("balance * 1.5"),
    .ok("balance / $scale"),
    .ok("(overdue where days_past_due > 90)"),
    .ok("(overdue where days_past_due > 90) / balance as severe_share by division"),
    .ok("(overdue where division = 'North' and not disputed) by customer"),
    .ok("dso(method: countback)"),
    .ok("dso(method: countback, zero_month: stop)"),
    .ok("aged_balance(buckets: [30, 60, 90, 180]) by division"),
    .ok("aged_balance(basis: doc_date)"),
    .ok("cei(sales: monthly_average) by month last 12 months"),
    .ok("dbt(method: 'dso')"),
    .ok("dso(window: 91)"),
    .ok("aged balance(buckets: [15, 45]) by customer", "aged_balance(buckets: [15, 45]) by customer"),
    .ok("`balance`", "balance"),
    // by
    .ok("balance by division, customer"),
    .ok("balance by month"),
    .ok("balance by quarter, division"),
    .ok("credit_sales by fiscal_year"),
    .ok("balance by due_date.month"),
    .ok("balance by doc_date.quarter, division"),
    .ok("balance by bucket(amount, [1000, 10000, 100000])"),
    .ok("balance by `Code Client`", "balance by `code client`"),  // names of data are not case-sensitive: canonical in lower case
    .ok("balance by\n  division", "balance by division"),
    .ok("balance by division,\n customer", "balance by division, customer"),
    // where
    .ok("overdue where division = 'North'"),
    .ok("overdue where division != 'North'"),
    .ok("overdue where division <> 'North'", "overdue where division != 'North'"),
    .ok("overdue where days_past_due >= 30 and days_past_due < 60"),
    .ok("overdue where days_past_due between 31 and 60"),
    .ok("overdue where days_past_due not between 31 and 60"),
    .ok("overdue where division in ('North', 'East')"),
    .ok("overdue where division not in ('North')"),
    .ok("overdue where customer like 'ACME%'"),
    .ok("overdue where customer not like '%Ltd'"),
    .ok("overdue where sales_rep is null"),
    .ok("overdue where sales_rep is not null"),
    .ok("overdue where disputed"),
    .ok("overdue where not disputed"),
    .ok("overdue where not (disputed or division = 'North')"),
    .ok("overdue where disputed or division = 'North' and category = 'Retail'"),
    .ok("overdue where (disputed or division = 'North') and category = 'Retail'"),
    .ok("overdue where amount * 1.2 > 1000"),
    .ok("overdue where (amount + 10) * 2 > 1000"),
    .ok("overdue where amount > -5"),
    .ok("overdue where due_date < 2025-03-01"),
    .ok("overdue where lower(customer) = 'acme'"),
    .ok("overdue where days(doc_date, due_date) > 60"),
    .ok("overdue where case when amount > 1000 then 'big' else 'small' end = 'big'"),
    .ok("overdue where division = $div"),
    .ok("overdue where division in ($a, 'North')"),
    .ok("overdue where amount > 1_000_000", "overdue where amount > 1000000"),
    .ok("overdue where rate > 15%", "overdue where rate > 0.15"),
    .ok("overdue where flag = true and other = null"),
    .ok("overdue where `Code Client` = 'C1'", "overdue where `code client` = 'C1'"),
    .ok("overdue where division = \"North\"", "overdue where division = 'North'"),
    .ok("overdue where name = 'O''Brien'"),
    .ok("overdue where disputed in 2025-Q1", "overdue in 2025-Q1 where disputed"),
    .ok("overdue where\n division = 'North'", "overdue where division = 'North'"),
    .ok("overdue where division = 'North' and\n category = 'Retail'", "overdue where division = 'North' and category = 'Retail'"),
    .ok("overdue\n  by division\n  where division = 'North'\n    and category = 'Retail'\n  last 90 days\n  order by overdue desc",
        "overdue by division last 90 days where division = 'North' and category = 'Retail' order by overdue desc"),
    .ok("balance\n  , overdue\nbalance", "balance, overdue\nbalance"),
    .ok("balance\nlet x = 1", "balance\nlet x = 1"),
    // having
    .ok("balance by customer having balance > 10000"),
    .ok("balance by customer having aged balance > 10000", "balance by customer having aged_balance > 10000"),
    .ok("dso by division having dso > 60 and balance > 0"),
    // time
    .ok("dso last 90 days"),
    .ok("dso last 1 day"),
    .ok("dso last 3 months"),
    .ok("dso last 2 quarters"),
    .ok("dso last 1 year"),
    .ok("dso last quarter"),
    .ok("dso previous month", "dso last month"),
    .ok("dso this quarter"),
    .ok("dso this fiscal_year"),
    .ok("dso last 2 fiscal_quarters"),
    .ok("dso ytd"),
    .ok("dso qtd"),
    .ok("dso mtd"),
    .ok("collected today"),
    .ok("collected yesterday"),
    .ok("collection forecast next 8 weeks", "forecast next 8 weeks"),
    .ok("collection forecast next month", "forecast next 1 month"),
    .ok("dso from 2025-01-01 to 2025-03-31"),
    .ok("dso from $start to today"),
    .ok("dso in 2025"),
    .ok("dso in 2025-Q1"),
    .ok("dso in 2025-q3", "dso in 2025-Q3"),
    .ok("dso in 2025-03"),
    .ok("dso in FY2025"),
    .ok("dso in $period"),
    .ok("balance as of 2025-06-30"),
    .ok("balance as of $cutoff"),
    .ok("balance as of today"),
    .ok("balance as of end of previous quarter"),
    .ok("balance as of start of year"),
    .ok("balance as of end of 2025-Q1"),
    .ok("balance as of end of 2024"),
    .ok("dso last 90 days by division", "dso by division last 90 days"),
    .ok("DSO LAST 90 DAYS", "dso last 90 days"),
    // comparisons and trend
    .ok("balance vs previous period"),
    .ok("balance by division vs previous quarter"),
    .ok("cei this quarter vs same period last year"),
    .ok("cei this quarter vs in 2024-Q2"),
    .ok("cei vs last 90 days"),
    .ok("cei this quarter vs last quarter"),
    .ok("cei this quarter vs previous quarter"),
    .ok("dso trend last 6 months", "dso last 6 months trend"),
    .ok("dso last 6 months trend", "dso last 6 months trend"),
    // ranking, order, limit, pivot
    .ok("aged balance by customer top 20", "aged_balance by customer top 20"),
    .ok("balance by customer bottom 5"),
    .ok("balance by customer, division top 5 per division"),
    .ok("balance top 20 by customer", "balance by customer top 20"),
    .ok("balance by customer order by balance desc"),
    .ok("balance by customer order by balance asc, customer"),
    .ok("balance by customer order by 2 desc limit 10"),
    .ok("balance by customer order by aged balance desc", "balance by customer order by aged_balance desc"),
    .ok("balance by customer limit 50"),
    .ok("overdue by division pivot by quarter last 4 quarters", "overdue by division last 4 quarters pivot by quarter"),
    .ok("overdue by division pivot month", "overdue by division pivot by month"),
    .ok("overdue by division pivot by category"),
    .ok("balance by customer order by balance desc top 20", "balance by customer top 20 order by balance desc"),
    // output
    .ok("balance by division as csv"),
    .ok("balance by division as json to 'out.json'"),
    .ok("balance by division to 'b.csv'"),
    .ok("balance by month chart"),
    .ok("balance by month chart line"),
    .ok("balance by month as markdown chart bar to 'b.md'"),
    .ok("aged_balance by division chart stacked"),
    .ok("balance by division as ascii"),
    .ok("overdue by month, division last 6 months chart spark"),
    .ok("severe_overdue by sales_rep top 10 chart bar").withDefinition("define metric severe_overdue = overdue where days_past_due > 90"),
    // statements
    .ok("explain balance by division"),
    .ok("explain plan balance by division"),
    .ok("explain sql balance"),
    .ok("explain sql spark cei by month last 12 months"),
    .ok("define metric severe_overdue = overdue where days_past_due > 90 'Open items more than 90 days late'"),
    .ok("define metric ratio = overdue / balance format percent"),
    .ok("define metric x = balance * 2 format decimal 3"),
    .ok("define metric over(days: number = 90) = overdue where days_past_due > $days"),
    .ok("define dimension size = case when amount > 10000 then 'large' else 'small' end 'Invoice size'"),
    .ok("define query north = aged balance where division = 'North' by customer top 20",
        "define query north = aged_balance by customer where division = 'North' top 20"),
    .ok("define query q(div: text = 'North') = balance where division = $div 'Balance of one division'"),
    .ok("run north"),
    .ok("run north as of end of previous quarter as markdown"),
    .ok("run q(div = 'South') by customer top 5"),
    .ok("let cutoff = 2025-06-30"),
    .ok("let threshold = 10000"),
    .ok("let name = 'North'"),
    .ok("let window = last 2 quarters"),
    .ok("let period = in 2025-Q1"),
    .ok("let cutoff = end of previous quarter"),
    .ok("let doubled = $threshold * 2"),
    .ok("param div: text = 'North'"),
    .ok("param cutoff: date"),
    .ok("param top_n: number = 20 'How many customers'"),
    .ok("set as_of = 2025-06-30"),
    .ok("set as_of = today"),
    .ok("set fiscal_year_start = 4"),
    .ok("set currency = 'EUR'"),
    .ok("load csv 'ledger/invoices.csv'"),
    .ok("load csv 'x.csv' as invoices"),
    .ok("load fec '123456789FEC20241231.txt' with terms_days = 30"),
    .ok("load csv 'x.csv' as invoices with delimiter = ';', decimal = ',', columns(invoice_id = 'Doc No', amount = 'Amount LC'), defaults(currency = 'EUR'), ignore('Text')"),
    // scripts, comments, separators
    .ok("balance; overdue", "balance\noverdue"),
    .ok("balance\n\n overdue\n", "balance\noverdue"),
    .ok("# a comment\nbalance -- another\n", "balance"),
    .ok("#!/usr/bin/env arql run\nbalance by division", "balance by division"),
    .ok("balance by \\\n division", "balance by division"),
    .ok("balance by division where (division = 'North'\n or division = 'South')", "balance by division where division = 'North' or division = 'South'"),
    .ok("", ""),
    .ok("  \n ; \n", ""),
  ]

  static let invalid: [QueryCase] = [
    .error("1️⃣dsoo by division", .unknownMetric),
    .error("1️⃣balanse", .unknownMetric),
    .error("1️⃣aged balanse by customer", .unknownMetric),
    .error("balance, 1️⃣overdu", .unknownMetric),
    .error("1️⃣frobnicate", .unknownMetric),
    .error("1️⃣sum(amount) by division", .sqlAggregate),
    .error("1️⃣select balance from invoices", .sqlSelect),
    .error("balance 1️⃣group by division", .groupBy),
    .error("aged balance 1️⃣top 20 by overdue", .topNBy),
    .error("balance by customer 1️⃣top 20 by aged balance", .topNBy),
    .error("dso last quarter 1️⃣days", .unitAfterUnit),
    .error("dso last 3 months 1️⃣days", .unitAfterUnit),
    .error("overdue where days_past_due between 30 1️⃣to 60", .betweenTo),
    .error("dso from 2025-01-01 1️⃣and 2025-03-31", .fromAnd),
    .error("balance 1️⃣order balance desc", .orderWithoutBy),
    .error("dso last 1️⃣by division", .lastWithoutCount),
    .error("balance by division 1️⃣by customer", .duplicateClause),
    .error("balance by month 1️⃣by week", .duplicateClause),
    .error("overdue where a = 1 1️⃣where b = 2", .duplicateClause),
    .error("dso last 90 days 1️⃣last 30 days", .duplicateClause),
    .error("balance top 5 1️⃣bottom 3", .duplicateClause),
    .error("balance as csv 1️⃣by division", .misplacedClause),
    .error("balance by division 1️⃣wher division = 'North'", .unexpectedToken),
    .error("balance by division 1️⃣overdue", .unexpectedToken),
    .error("balance 1️⃣'x'", .unexpectedToken),
    .error("balance by division as 1️⃣xml", .unexpectedToken),
    .error("balance as 1️⃣jsn", .unknownWord),
    .error("balance chart 1️⃣lin", .unknownWord),
    .error("dso last 3 1️⃣mnths", .unknownWord),
    .error("balance top 1️⃣0", .invalidNumber),
    .error("balance top 1️⃣2.5", .invalidNumber),
    .error("balance limit 1️⃣-3", .invalidNumber),
    .error("balance by 1️⃣where", .unexpectedToken),
    .error("balance by division.1️⃣moon", .unexpectedToken),
    .error("overdue where division 1️⃣== 'North'", .invalidToken),
    .error("overdue where a = 1 1️⃣&& b = 2", .invalidToken),
    .error("overdue where 1️⃣!disputed", .invalidToken),
    .error("balance as of 1️⃣2025-02-30", .invalidToken),
    .error("dso in 1️⃣2025-13", .invalidToken),
    .error("dso in 1️⃣2025-06-30", .unexpectedToken),
    .error("balance as of 1️⃣tomorrow", .unexpectedToken),
    .error("overdue where division 1️⃣not 'North'", .unexpectedToken),
    .error("overdue where sales_rep is 1️⃣empty", .unexpectedToken),
    .error("define 1️⃣metrics x = balance", .unexpectedToken),
    .error("define metric x 1️⃣balance", .unexpectedToken),
    .error("param x: 1️⃣txt", .unknownWord),
    .error("load 1️⃣xlsx 'a.xlsx'", .unexpectedToken),
    .error("load csv 1️⃣a.csv", .unexpectedToken),
    .error("explain sql 1️⃣postgre balance", .unknownWord),
    .error("balance vs 1️⃣tomorrow", .unexpectedToken),
    .error("balance vs last 1️⃣by division", .lastWithoutCount),
    .error("balance as xml, overdue as 1️⃣jsn", .unknownWord),
    .error("1️⃣by division", .unexpectedToken),
    .error("1️⃣where x = 1", .unexpectedToken),
    .error("1️⃣)", .unexpectedToken),
    .error("balance by 1️⃣`Code\nbalance", .invalidToken),
    .error("balance 1️⃣@", .invalidToken),
    .error("overdue where amount > 1️⃣12abc", .invalidToken),
    .error("aged_balance(buckets: [30, 1️⃣x])", .unexpectedToken),
    .error("dso(method 1️⃣countback)", .unexpectedToken),
    .error("balance by customer top 20 per 1️⃣by", .unexpectedToken),
    .error("balance by bucket(amount, 1️⃣10)", .unexpectedToken),
    .error("let 1️⃣= 3", .unexpectedToken),
  ]

  static let incomplete: [QueryCase] = [
    .incomplete("balance by"),
    .incomplete("balance by division,"),
    .incomplete("overdue where"),
    .incomplete("overdue where division ="),
    .incomplete("overdue where a = 1 and"),
    .incomplete("(overdue where days_past_due > 90"),
    .incomplete("aged_balance(buckets: [30, 60"),
    .incomplete("balance +"),
    .incomplete("dso last"),
    .incomplete("dso from 2025-01-01 to"),
    .incomplete("overdue where customer = 'ACME"),
    .incomplete("balance vs"),
    .incomplete("define metric x ="),
    .incomplete("explain"),
    .incomplete("balance by division where division in ('North',"),
    .incomplete("balance vs yesterday's"),
    .incomplete("balance by `Code"),
  ]

  @Test("valid queries parse and format to their canonical text", arguments: valid)
  func validQuery(_ c: QueryCase) throws {
    let result = TestVocabulary.parse(c.query)
    guard case .complete(let script) = result else {
      Issue.record("expected a complete parse, got \(result.diagnostics.map(\.description)) \(result)")
      return
    }
    guard case .formats(let canonical) = c.expectation else { return }
    #expect(Formatter.format(script) == (canonical ?? c.query))
    // Round trip: the canonical text parses to the same AST.
    #expect(TestVocabulary.parse(Formatter.format(script)).script == script)
  }

  @Test("invalid queries give the code with the caret where 1️⃣ is", arguments: invalid)
  func invalidQuery(_ c: QueryCase) throws {
    let marked = MarkedText(c.query)
    let result = TestVocabulary.parse(marked.text)
    guard case .fails(let code) = c.expectation else { return }
    guard case .failed(_, let diagnostics) = result else {
      Issue.record("expected a failure, got \(result)")
      return
    }
    #expect(diagnostics.count == 1, "\(diagnostics)")
    let d = try #require(diagnostics.first)
    #expect(d.code == code, "\(d.message)")
    #expect(d.range.start.line == marked.line && d.range.start.column == marked.column,
            "caret at \(d.range.start), expected \(marked.line):\(marked.column): \(d.message)")
  }

  @Test("unfinished input is incomplete, not an error", arguments: incomplete)
  func incompleteQuery(_ c: QueryCase) {
    let result = TestVocabulary.parse(c.query)
    guard case .incomplete(_, let expected) = result else {
      Issue.record("expected incomplete, got \(result)")
      return
    }
    #expect(!expected.isEmpty)
  }

  @Test("the table has at least 150 queries")
  func size() {
    #expect(Self.valid.count + Self.invalid.count + Self.incomplete.count >= 150)
  }
}

extension QueryCase {
  /// The query after a definition it needs.
  func withDefinition(_ definition: String) -> QueryCase {
    guard case .formats(let canonical) = expectation else { return self }
    return QueryCase(query: definition + "\n" + query, expectation: .formats(definition + "\n" + (canonical ?? query)))
  }
}
