import ArqlEngine
import ArqlLedger
import Testing

/// kpi-spec.md §2, §4 and §5 reproduced from the mini-ledger, to the cent, through queries.
@Suite("Core metrics on the mini-ledger (kpi-spec §2, §4, §5)")
struct CoreMetricTests {
  let f = EngineFixture()

  @Test("§2 building blocks at each month end", arguments: [
    ("2024-12-31", "15000.00", "9000.00", "6000.00", "0.00"),
    ("2025-01-31", "21000.00", "17000.00", "4000.00", "0.00"),
    ("2025-02-28", "16500.00", "11000.00", "6500.00", "-1000.00"),
    ("2025-03-31", "25000.00", "18000.00", "8500.00", "-1500.00"),
  ])
  func buildingBlocks(date: String, ar: String, current: String, overdue: String, unapplied: String) throws {
    let q = "balance, not_due, overdue, unapplied as of \(date)"
    #expect(try f.value(q, "balance") == ar)
    #expect(try f.value(q, "not_due") == current)
    #expect(try f.value(q, "overdue") == overdue)
    #expect(try f.value(q, "unapplied") == unapplied)
  }

  @Test("§2 the same month ends as a monthly series, through a grain")
  func monthlySeries() throws {
    let q = "balance, not_due, overdue, unapplied by month from 2024-12-01 to 2025-03-31 as of 2025-03-31"
    #expect(try f.column(q, "month") == ["2024-12", "2025-01", "2025-02", "2025-03"])
    #expect(try f.column(q, "balance") == ["15000.00", "21000.00", "16500.00", "25000.00"])
    #expect(try f.column(q, "not_due") == ["9000.00", "17000.00", "11000.00", "18000.00"])
    #expect(try f.column(q, "overdue") == ["6000.00", "4000.00", "6500.00", "8500.00"])
    #expect(try f.column(q, "unapplied") == ["0.00", "0.00", "-1000.00", "-1500.00"])
  }

  @Test("§2 monthly net sales, Q1 sales and cash, and the AR identity")
  func salesAndCash() throws {
    #expect(try f.column("credit_sales by month from 2024-11-01 to 2025-03-31", "credit_sales")
      == ["6000.00", "9000.00", "12000.00", "10000.00", "12000.00"])
    #expect(try f.value("credit_sales in 2025-Q1") == "34000.00")
    #expect(try f.value("collected in 2025-Q1") == "24000.00")
    #expect(try f.value("item_count in 2025-Q1") == "7")  // I4 to I10
    // AR(end) = AR(start − 1) + Sales(W) − Cash(W): 15 000 + 34 000 − 24 000 = 25 000.
    let start = try f.value("balance as of 2024-12-31")
    #expect(start == "15000.00")
    #expect(try f.value("balance as of 2025-03-31") == "25000.00")
  }

  @Test("§4 aged balance, due-date basis: buckets + unapplied = balance")
  func agedDueDate() throws {
    let q = "aged balance as of 2025-03-31"
    let expected = [("current", "18000.00"), ("1_30", "2000.00"), ("31_60", "4000.00"), ("61_90", "2500.00"),
                    ("91_120", "0.00"), ("over_120", "0.00"), ("unapplied", "-1500.00"), ("total", "25000.00")]
    for (bucket, amount) in expected { #expect(try f.value(q, "aged_balance_\(bucket)") == amount, "\(bucket)") }
    let counts = "aged_balance(measure: count) as of 2025-03-31"
    #expect(try f.value(counts, "aged_balance_current") == "4")
    #expect(try f.value(counts, "aged_balance_unapplied") == "2")
    let percent = "aged_balance(measure: percent) as of 2025-03-31"
    #expect(try f.value(percent, "aged_balance_current") == "0.6792")  // 18 000 / 26 500
    #expect(try f.value(percent, "aged_balance_61_90") == "0.0943")
  }

  @Test("§4 aged balance, invoice-date basis, and custom edges")
  func agedDocDate() throws {
    let q = "aged_balance(basis: doc_date) as of 2025-03-31"
    #expect(try f.value(q, "aged_balance_0_30") == "12000.00")
    #expect(try f.value(q, "aged_balance_31_60") == "8000.00")
    #expect(try f.value(q, "aged_balance_61_90") == "4000.00")
    #expect(try f.value(q, "aged_balance_91_120") == "2500.00")
    #expect(try f.value(q, "aged_balance_total") == "25000.00")
    let custom = "aged_balance(buckets: [15, 45]) as of 2025-03-31"
    #expect(try f.value(custom, "aged_balance_1_15") == "2000.00")  // I7, 14 days
    #expect(try f.value(custom, "aged_balance_16_45") == "4000.00")  // I5, 35 days
    #expect(try f.value(custom, "aged_balance_over_45") == "2500.00")  // I2, 81 days
  }

  @Test("§4 aged balance by division and by dispute reason")
  func agedGroups() throws {
    let q = "aged balance by division as of 2025-03-31"
    #expect(try f.column(q, "division") == ["North", "South"])
    #expect(try f.column(q, "aged_balance_current") == ["11000.00", "7000.00"])
    #expect(try f.column(q, "aged_balance_1_30") == ["2000.00", "0.00"])
    #expect(try f.column(q, "aged_balance_31_60") == ["0.00", "4000.00"])
    #expect(try f.column(q, "aged_balance_61_90") == ["0.00", "2500.00"])
    #expect(try f.column(q, "aged_balance_unapplied") == ["-1000.00", "-500.00"])
    #expect(try f.column(q, "aged_balance_total") == ["12000.00", "13000.00"])
    let r = "gross_open by reason as of 2025-03-31"
    #expect(try f.column(r, "reason") == ["(no dispute)", "price"])
    #expect(try f.column(r, "gross_open") == ["24000.00", "2500.00"])
  }

  @Test("§5 encours: overdue, not due, gross, net, disputed, share overdue")
  func encours() throws {
    let q = "overdue, not_due, gross_open, balance as of 2025-03-31"
    #expect(try f.value(q, "overdue") == "8500.00")
    #expect(try f.value(q, "not_due") == "18000.00")
    #expect(try f.value(q, "gross_open") == "26500.00")
    #expect(try f.value(q, "balance") == "25000.00")
    #expect(try f.value("gross_open where disputed as of 2025-03-31") == "2500.00")
    #expect(try f.value("overdue / gross_open as share as of 2025-03-31") == "0.3208")
    #expect(try f.value("open_count as of 2025-03-31") == "7")
    // Encours réel = net + discounted bills not yet matured; de risque = réel + open orders (+ DNI).
    #expect(try f.value("real_exposure as of 2025-03-31") == "28000.00")
    #expect(try f.value("risk exposure as of 2025-03-31") == "32000.00")
    #expect(try f.value("encours de risque as of 2025-03-31") == "32000.00")
  }

  @Test("§6.4 exposure per customer: risk exposure C1 7 000, C2 16 000, C3 9 000")
  func exposurePerCustomer() throws {
    let q = "risk_exposure by customer as of 2025-03-31"
    #expect(try f.column(q, "customer") == ["C1", "C2", "C3"])
    #expect(try f.column(q, "risk_exposure") == ["7000.00", "16000.00", "9000.00"])
    #expect(try f.column("open_orders, discounted_bills by division as of 2025-03-31", "open_orders") == ["4000.00", "0.00"])
  }

  @Test("§6.5 top customers by overdue, ties by id")
  func topLate() throws {
    let q = "overdue by customer as of 2025-03-31 top 20"
    #expect(try f.column(q, "customer") == ["C2", "C1", "C3"])
    #expect(try f.column(q, "overdue") == ["6500.00", "2000.00", "0.00"])
  }
}

@Suite("Over-applied documents (issue #16 item 7)")
struct OverAppliedTests {
  /// I1 is invoiced 4,300.00 and receives 6,500.00; I2 (1,000.00) stays open.
  static let folder = EngineFixture.folder("over-applied", [
    "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,2025-01-10,2025-02-09,4300.00\nI2,C1,2025-01-20,2025-02-19,1000.00\n",
    "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-02-01,6500.00,I1\n",
  ])

  @Test("the excess applied to an invoice is unapplied credit, not a negative open item")
  func excessIsUnapplied() throws {
    let (ledger, _) = try LedgerLoader.load(directory: Self.folder)
    let f = EngineFixture(ledger)
    let q = "gross_open, open_count, not_due, overdue, unapplied, balance as of 2025-03-31"
    #expect(try f.value(q, "gross_open") == "1000.00")
    #expect(try f.value(q, "open_count") == "1")
    #expect(try f.value(q, "overdue") == "1000.00")
    #expect(try f.value(q, "not_due") == "0.00")
    #expect(try f.value(q, "unapplied") == "-2200.00")
    #expect(try f.value(q, "balance") == "-1200.00")  // unchanged: 5,300.00 invoiced − 6,500.00 received
    let aged = try f.run("aged balance as of 2025-03-31")
    #expect(aged.column("aged_balance_unapplied")?.values.map(\.description) == ["-2200.00"])
    #expect(aged.column("aged_balance_total")?.values.map(\.description) == ["-1200.00"])
    // Before the payment nothing is over-applied.
    #expect(try f.value("gross_open, unapplied as of 2025-01-31", "gross_open") == "5300.00")
    // The forecast dates only I2 and counts the excess among the unapplied credits.
    let forecast = try f.run("forecast by month next 3 months as of 2025-03-31")
    #expect(forecast.notes.contains { $0.contains("gross open 1000.00") && $0.contains("unapplied cash and credits -2200.00") })
    // arql info's summary says the same.
    let balances = ledger.balances(at: Day.parseISO("2025-03-31") ?? 0)
    #expect(balances.grossOpen == 100_000 && balances.unapplied == -220_000 && balances.openItems == 1)
  }
}
