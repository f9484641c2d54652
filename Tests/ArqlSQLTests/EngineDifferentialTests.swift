import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlReport
import ArqlShell
import ArqlSQL
import Foundation
import Testing

/// Every query of the examples and report scripts, and a list of the catalog's metrics, run
/// natively and on PostgreSQL and DuckDB: the result tables are equal (values to the cent,
/// flags, notes), or the engine says clearly that the query does not compile to SQL yet.
///
/// DuckDB runs through its command-line tool (`pip install duckdb-cli`); PostgreSQL at
/// `ARQL_PG_URL` (`.ci/run` starts a private server with scripts/pg_private.sh). With
/// `ARQL_REQUIRE_ENGINES=1` (CI) a missing engine fails the suite instead of skipping it.
@Suite("SQL engines answer as the native executor", .serialized)
struct EngineDifferentialTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
  static let required = ProcessInfo.processInfo.environment["ARQL_REQUIRE_ENGINES"] == "1"

  /// The engines this machine has: PostgreSQL when ARQL_PG_URL is set, DuckDB when its tool is on PATH.
  static var engines: [String] {
    var list: [String] = []
    if let url = ProcessInfo.processInfo.environment["ARQL_PG_URL"], !url.isEmpty { list.append(url) }
    if toolExists("duckdb") { list.append("duckdb:" + NSTemporaryDirectory() + "arql-diff-\(getpid()).duckdb") }
    return list
  }

  static func toolExists(_ name: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
  }

  /// The query statements of the shipped scripts, with what runs before them.
  static func scriptTexts() -> [(name: String, text: String)] {
    let folders = [root + "/examples", root + "/examples/reports"]
    return folders.flatMap { folder in
      ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".arql") }.sorted().map { file in
        (file, (try? String(contentsOfFile: folder + "/" + file, encoding: .utf8)) ?? "")
      }
    }
  }

  /// The catalog's metrics one by one, by division over a window, ungrouped, and by customer.
  static let catalogQueries: [String] = [
    "balance, gross_open, overdue, not_due, unapplied, open_count, overdue_days",
    "dso, dso countback, bpdso, delinquent_dso, cei, dbt, adp by division last 90 days",
    "dso countback by customer top 10",
    "aged balance by customer top 15", "aged_balance(basis: doc_date, measure: count) by division",
    "aged_balance(measure: percent) by collector",
    "credit_sales, item_count, collected, cash_applied by month last 12 months",
    "cei by month last 12 months vs previous period", "dso by quarter last 4 quarters",
    "balance, overdue by division vs previous quarter", "overdue_share by division", "overdue by currency, doc_type",
    "balance by sales_rep where country = 'FR' and division != 'North'", "collected by customer where name like 'A%' top 5",
    "balance by division where amount > 1000", "overdue by category where doc_type in ('INV', 'DN')",
    "dso trend by month last 6 months", "balance by division having balance > 100000 order by balance desc",
    "credit_limits, credit_utilisation, credit_overrun, customers_over_limit, customers_over_90pct by division",
    "green_payers, amber_payers, red_payers by category", "risk_score by division", "concentration by division",
    "customers_with_limit, customers_without_limit", "real_exposure, risk_exposure by division",
    "disputed_amount, open_disputes, disputed_share, dispute_dso by division", "gross_open by reason where disputed",
    "collected by reason last 90 days", "overdue by owner where not disputed", "balance by customer where age > 60 top 5",
    "disputes_opened, disputes_resolved, dispute_resolution_rate, dispute_resolution_days by reason last 1 quarter",
    "dispute_rate, dispute_age by division last 6 months", "disputes_opened by division, outcome last 1 year",
    "collection_rate, on_time_rate, on_time_rate(days: 5) as on_time_5 by collector last 1 quarter", "variances, variance_amount by division last 6 months",
    "actions, action_success_rate, actions_per_overdue_account by collector last 1 quarter", "satisfaction_rate by agent last 1 year",
    "ht_open, ht_overdue, provision, provision_rate, provision_coverage by division", "provision by customer top 5",
    "receipt_count, auto_match_rate, lettering_rate, unmatched_cash, unmatched_count, unmatched_age, matching_lag, partial_matches by division last 90 days",
    "unmatched_cash by month last 6 months", "auto_match_rate by user last 1 year",
    "promises_kept, promises_broken, promises_partial, promise_kept_rate(weight: amount) as by_amount by collector last 1 quarter",
    "promises_pending by collector", "promise_kept_rate by promise_status last 1 year",
    "balance, overdue by due_date.month last 6 months", "collected by payment_date.quarter last 4 quarters", "aged balance by doc_date.year",
    "credit_overrun by division, due_date.year", "disputes_opened by opened.month last 6 months", "balance by payment_terms_days",
    "balance by bucket(days_past_due, 0, 30, 60, 90)", "overdue by division where open_amount > 5000", "open_count by bucket(open_amount, 1000, 10000)",
    "balance by customer where lower(name) like '%sa%' top 5", "collected by division where days(payment_date, match_date) > 3 last 90 days",
  ]

  /// Runs a script's statements on a native engine and on one attached to `connection`, and
  /// compares every query's table. Returns (equal, not compiled) counts and the differences.
  /// `remoteLedger`: the ledger the engine-side session holds (the same one, or only the
  /// engine's customers, as `arql --engine` alone opens).
  static func compare(_ text: String, name: String, ledger: Ledger, remoteLedger: Ledger, connection: any SQLConnection,
                      facts: EngineLedgerFacts) -> (equal: Int, unsupported: [String], differences: [String])
  {
    let today = Day.parseISO("2026-12-03") ?? 0
    let native = QueryEngine(ledger: ledger, today: today)
    let remote = QueryEngine(ledger: remoteLedger, today: today)
    remote.attach(connection, facts: facts)
    let script = ShellScript(text, name: name, context: native.parserContext)
    var equal = 0
    var unsupported: [String] = []
    var differences: [String] = []
    for statement in script.parsed.script.statements {
      let a = Result { try native.execute(statement) }
      let b = Result { try remote.execute(statement) }
      guard case .query = statement else { continue }
      let label = "\(name): \(Formatter.format(statement))"
      switch (a, b) {
      case (.success(.table(let x, _)), .success(.table(let y, _))):
        if x == y {
          equal += 1
        } else {
          differences.append(label + "\nnative:\n" + ResultRenderer.render(x, as: .json) + "\nengine:\n" + ResultRenderer.render(y, as: .json))
        }
      case (.success, .failure(let error as EngineError)) where error.diagnostic.code == .unsupported && error.diagnostic.message.contains("SQL"):
        unsupported.append(label + " — " + error.diagnostic.message)
      case (.failure(let x as EngineError), .failure(let y as EngineError)) where x.diagnostic.message == y.diagnostic.message:
        equal += 1
      default:
        differences.append(label + ": native \(a), engine \(b)")
      }
    }
    return (equal, unsupported, differences)
  }

  /// Loads a ledger folder into the engine; the ledger, the connection and the engine's facts.
  static func loaded(_ folder: String, into engine: String) throws -> (Ledger, any SQLConnection, EngineLedgerFacts) {
    let ledger = try LedgerLoader.load(directory: root + "/" + folder).0
    let address = try EngineAddress(engine)
    _ = try LedgerExport(ledger: ledger, dialect: address.dialect).load(into: address)
    let connection = try address.connect()
    return (ledger, connection, try EngineFacts.facts(connection))
  }

  @Test("the shipped scripts and the catalog's queries, natively and on each engine", arguments: engines)
  func scriptsAndCatalog(engine: String) throws {
    let (demo, connection, facts) = try Self.loaded("examples/demo", into: engine)
    #expect(facts == EngineLedgerFacts(latestDate: demo.latestPostingDate,
                                       tablesWithRows: [.invoices, .payments, .customers, .exposures, .disputes, .actions, .surveys, .promises],
                                       matchMethods: true))
    // With the same ledger open beside the engine, and with only the engine's customers (`arql --engine` alone).
    let customersOnly = try EngineFacts.customerLedger(connection)
    #expect(customersOnly.customers.count == demo.customers.count)
    var equal = 0
    var unsupported: [String] = []
    for (alone, remoteLedger) in [(false, demo), (true, customersOnly)] {
      for (name, text) in Self.scriptTexts() + [("catalog", Self.catalogQueries.joined(separator: "\n"))] {
        let outcome = Self.compare(text, name: name, ledger: demo, remoteLedger: remoteLedger, connection: connection, facts: facts)
        equal += outcome.equal
        unsupported += outcome.unsupported
        let mode = alone ? " (engine alone)" : ""
        for difference in outcome.differences { Issue.record(Comment(rawValue: "\(engine)\(mode): \(difference)")) }
      }
    }
    // What compiles is a floor, raised as kernels are added; what does not says why.
    #expect(equal >= 2 * 85, "only \(equal) queries ran on \(engine); not compiled: \(unsupported.joined(separator: "\n"))")
    #expect(unsupported.allSatisfy { $0.contains("compile to SQL yet") })
  }

  @Test("the kpi-spec mini-ledger's hand-checked KPIs, on each engine", arguments: engines)
  func miniLedger(engine: String) throws {
    let (mini, connection, facts) = try Self.loaded("Tests/ArqlLedgerTests/Fixtures/mini-ledger", into: engine)
    let queries = Self.catalogQueries + [
      "set as_of = 2025-03-31", "balance, unapplied, overdue by customer", "dso, dso countback, cei, dbt, adp in 2025-Q1",
      "aged balance by customer", "balance by customer as of 2025-02-15",
    ]
    let outcome = Self.compare(queries.joined(separator: "\n"), name: "mini", ledger: mini, remoteLedger: mini, connection: connection, facts: facts)
    for difference in outcome.differences { Issue.record(Comment(rawValue: "\(engine): \(difference)")) }
    #expect(outcome.equal >= 15)
  }

  /// Spark SQL starts a JVM per statement (about 20 s here), so it runs a representative
  /// subset, on request: `ARQL_SPARK=1 swift test --filter Spark` with pyspark installed.
  @Test("Spark SQL in local mode answers a representative subset as natively (opt-in: ARQL_SPARK=1)",
        .enabled(if: ProcessInfo.processInfo.environment["ARQL_SPARK"] == "1"))
  func spark() throws {
    let demo = try LedgerLoader.load(directory: Self.root + "/examples/demo").0
    let folder = NSTemporaryDirectory() + "arql-spark-diff-\(getpid())"
    _ = try LedgerExport(ledger: demo, dialect: .spark).write(to: folder)
    let connection = try EngineAddress("spark:" + folder).connect()
    let facts = try EngineFacts.facts(connection)
    #expect(facts.latestDate == demo.latestPostingDate)
    let queries = [
      "balance, overdue, unapplied by division", "aged balance by division", "dso, dso countback, cei, dbt by division last 90 days",
      "collected by month last 6 months vs previous period", "credit_overrun, green_payers, red_payers by division",
      "disputed_amount, disputes_opened, dispute_resolution_days by reason last 1 quarter",
      "collection_rate, on_time_rate, actions, action_success_rate by collector last 1 quarter", "provision, lettering_rate by division",
    ]
    let outcome = Self.compare(queries.joined(separator: "\n"), name: "spark", ledger: demo, remoteLedger: demo, connection: connection, facts: facts)
    for difference in outcome.differences { Issue.record(Comment(rawValue: "spark: \(difference)")) }
    #expect(outcome.equal == queries.count, "not compiled: \(outcome.unsupported)")
  }

  /// kpi-spec §8.4's provision example (TeamMetricTests): booked provisions travel in
  /// invoices.booked_provision; a value that is not an amount stops the export.
  @Test("booked provisions and the provision policy, on each engine", arguments: engines)
  func provisions(engine: String) throws {
    let folder = NSTemporaryDirectory() + "arql-sql-provisions-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    func write(_ p3: String) throws {
      try """
        invoice_id,customer_id,doc_type,doc_date,due_date,amount,net_amount,provision
        P1,K1,INV,2025-01-01,2025-01-31,1200.00,1000.00,100.00
        P2,K1,INV,2025-03-01,2025-03-31,600.00,500.00,
        P3,K1,INV,2024-10-01,2024-10-31,2400.00,2000.00,\(p3)

        """.write(toFile: folder + "/invoices.csv", atomically: true, encoding: .utf8)
    }
    try write("lots")
    let bad = try LedgerLoader.load(directory: folder).0
    #expect(throws: EngineFailure.self) { try LedgerExport(ledger: bad, dialect: .postgres) }
    try write("1000.00")
    let ledger = try LedgerLoader.load(directory: folder).0
    let address = try EngineAddress(engine)
    _ = try LedgerExport(ledger: ledger, dialect: address.dialect).load(into: address)
    let connection = try address.connect()
    let facts = try EngineFacts.facts(connection)
    #expect(facts.bookedProvisions)
    let queries = [
      "set as_of = 2025-03-31", "ht_open, booked_provision, observed_provision_rate", "(observed_provision_rate where days_past_due > 120)",
      "provision", "set provision_rates = '0, 0, 10, 10, 10, 50'", "provision by customer",
    ]
    let outcome = Self.compare(queries.joined(separator: "\n"), name: "provisions", ledger: ledger, remoteLedger: try EngineFacts.customerLedger(connection),
                               connection: connection, facts: facts)
    for difference in outcome.differences { Issue.record(Comment(rawValue: "\(engine): \(difference)")) }
    #expect(outcome.equal == 4, "not compiled: \(outcome.unsupported)")
  }

  @Test("CI has both engines")
  func enginesPresent() {
    guard Self.required else { return }
    #expect(Self.engines.count == 2, "ARQL_REQUIRE_ENGINES=1 but the engines are \(Self.engines)")
  }
}
