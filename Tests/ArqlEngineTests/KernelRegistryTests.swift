import ArqlLanguage
import ArqlLedger
import Testing
@testable import ArqlEngine

/// The kernel registry (`KernelID.kernel`) is the one list of what each kernel is.
@Suite("Kernels as values")
struct KernelRegistryTests {
  @Test("only document and cash sums fuse into the series path; linked universes are the linked tables'")
  func registry() {
    for metric in KernelID.allCases {
      let kernel = metric.kernel
      // Only open amounts and window sums over documents and cash fuse into the series path.
      if kernel.fuses {
        switch kernel.evaluator {
        case .position, .sales, .cash: break
        default: Issue.record("\(metric) fuses but is not a document or cash kernel")
        }
      }
      // Linked universes are the disputes, actions, promises and surveys kernels'.
      if let universe = kernel.universe {
        #expect([Universe.disputes, .actions, .promises, .surveys].contains(universe), "\(metric)")
      }
    }
  }

  @Test("every catalog metric binds with its default arguments to a tree of kernels of its own kind")
  func everyMetricBinds() throws {
    let fixture = EngineFixture()
    for definition in MetricCatalog().metrics {
      let q = try #require(Parser.parse(definition.name, context: fixture.engine.parserContext).script.statements.first)
      guard case .query(let query) = q else { continue }
      let bound = try fixture.engine.binder.bind(query)
      let leaves = bound.items.flatMap { $0.tree.leaves }
      #expect(!leaves.isEmpty, "\(definition.name)")
      // A point-in-time metric reads no window kernel (payer behaviour reads its own trailing days).
      if definition.kind == .pointInTime {
        #expect(leaves.allSatisfy { $0.metric.kind == .pointInTime || $0.trailingDays != nil }, "\(definition.name)")
      }
    }
  }

  /// A ledger whose invoices have no due date and a customer without terms: every due date
  /// is defaulted (document date + 30 days).
  static let noDueDates: Ledger? = try? LedgerLoader.load(directory: EngineFixture.folder("nodue", [
    "customers.csv": "customer_id,name\nC1,ACME\n",
    "invoices.csv": "invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,1000.00\nI2,C1,2025-02-01,500.00\n",
    "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-02-20,1000.00,I1\n",
  ])).0

  @Test("MISSING_DUE_DATE on every metric that reads due dates (dbt, on-time rate), not on those that do not", arguments: [
    ("dbt", true), ("overdue", true), ("aged_balance", true), ("collection_rate", true), ("on_time_rate", true),
    ("payment_delay", true), ("avg_days_to_pay", false), ("balance", false), ("collected", false),
    ("aged_balance(basis: doc_date)", false),
  ])
  func missingDueDateFlag(query: String, flagged: Bool) throws {
    let fixture = EngineFixture(try #require(Self.noDueDates))
    let table = try fixture.run(query + " as of 2025-03-31")
    #expect((table.flags[ResultFlag.missingDueDate.rawValue] != nil) == flagged, "\(query): \(table.flags)")
  }

  @Test("dbt on defaulted due dates: I1 due 2025-01-31 (30 days default), paid 2025-02-20 → 20 days late")
  func dbtOnDefaultedDueDates() throws {
    let fixture = EngineFixture(try #require(Self.noDueDates))
    #expect(try fixture.value("dbt in 2025-02") == "20.0000")
  }
}
