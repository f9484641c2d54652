import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// kpi-spec §3 and §6.1 (DSO, BPDSO, delinquent DSO, CEI, DBT, days to pay, terms) on the
/// mini-ledger, and their edge cases on a hand-made ledger.
@Suite("DSO family on the mini-ledger (kpi-spec §3)")
struct DsoFamilyTests {
  let f = EngineFixture()

  @Test("ar_turnover in 2025-Q1: 34,000 / ((15,000 + 25,000) / 2) = 1.7; North 23,000 / 11,500 = 2, South 11,000 / 8,500")
  func receivablesTurnover() throws {
    let f = EngineFixture()
    #expect(try f.value("ar_turnover in 2025-Q1") == "1.7000")
    #expect(try f.column("ar_turnover by division in 2025-Q1", "ar_turnover") == ["2.0000", "1.2941"])
    // Built from existing kernels: sales over the window, AR the day before it and at its end.
    #expect(try f.value("receivables turnover in 2025-Q1") == "1.7000")
  }

  @Test("Q1 standard values: DSO 66.18, BPDSO 47.65, delinquent 18.53, CEI 77.42 %, DBT 14.06, ADP 50.45, terms 36.38")
  func quarter() throws {
    let q = "dso, bpdso, delinquent_dso, cei, dbt, avg_days_to_pay, avg_terms in 2025-Q1 as of 2025-03-31"
    #expect(try f.value(q, "dso") == "66.1765")  // 25 000 / 34 000 × 90
    #expect(try f.value(q, "bpdso") == "47.6471")  // 18 000 / 34 000 × 90
    #expect(try f.value(q, "delinquent_dso") == "18.5294")  // 7 000 / 34 000 × 90
    #expect(try f.value(q, "cei") == "0.7742")  // 24 000 / 31 000
    #expect(try f.value(q, "dbt") == "14.0638")  // 330 500 / 23 500
    #expect(try f.value(q, "avg_days_to_pay") == "50.4468")
    #expect(try f.value(q, "avg_terms") == "36.3830")
  }

  @Test("AR is taken at the window's end, not at a later as-of date")
  func balanceAtWindowEnd() throws {
    // The as-of date is after the window: DSO still uses AR(2025-03-31) = 25 000.
    #expect(try f.value("dso in 2025-Q1 as of 2025-06-30") == "66.1765")
    // Monthly March: 25 000 / 12 000 × 31.
    #expect(try f.value("dso in 2025-03 as of 2025-03-31") == "64.5833")
  }

  @Test("monthly series: DSO, delinquent DSO and CEI per month (CEIs are not averaged)")
  func monthly() throws {
    let q = "dso, delinquent_dso, cei by month in 2025-Q1 as of 2025-03-31"
    #expect(try f.column(q, "month") == ["2025-01", "2025-02", "2025-03"])
    #expect(try f.column(q, "dso") == ["54.2500", "46.2000", "64.5833"])  // 21 000/12 000×31, 16 500/10 000×28
    #expect(try f.column(q, "delinquent_dso") == ["10.3333", "15.4000", "18.0833"])
    #expect(try f.column(q, "cei") == ["0.6000", "0.7250", "0.3333"])
  }

  @Test("by division, hand-computed: North = C1 + C3, South = C2")
  func byDivision() throws {
    let q = "dso, bpdso, cei, dbt by division in 2025-Q1 as of 2025-03-31"
    #expect(try f.column(q, "division") == ["North", "South"])
    #expect(try f.column(q, "dso") == ["46.9565", "106.3636"])  // 12 000 / 23 000 × 90; 13 000 / 11 000 × 90
    #expect(try f.column(q, "bpdso") == ["43.0435", "57.2727"])  // 11 000 / 23 000 × 90; 7 000 / 11 000 × 90
    #expect(try f.column(q, "cei") == ["0.9565", "0.2500"])  // 22 000 / 23 000; 2 000 / 8 000
    #expect(try f.column(q, "dbt") == ["13.1818", "27.0000"])  // 290 000 / 22 000; 1 500 × 27 / 1 500
  }

  @Test("countback at each month end: 62.00, 44.79, 66.75; BPDSO 47.80, delinquent 18.95 (kpi-spec §3.2–§3.4)")
  func countback() throws {
    #expect(try f.value("countback_dso as of 2025-01-31") == "62.0000")  // Dec exactly exhausted: 31 + 31
    #expect(try f.value("countback_dso as of 2025-02-28") == "44.7917")  // 28 + 6 500 / 12 000 × 31
    let q = "countback dso, countback_bpdso, countback_delinquent_dso as of 2025-03-31"
    #expect(try f.value(q, "countback_dso") == "66.7500")  // 31 + 28 + 3 000 / 12 000 × 31
    #expect(try f.value(q, "countback_bpdso") == "47.8000")  // 31 + 6 000 / 10 000 × 28
    #expect(try f.value(q, "countback_delinquent_dso") == "18.9500")
  }

  @Test("countback by division crosses a month without sales (South, February)")
  func countbackByDivision() throws {
    let q = "countback_dso by division as of 2025-03-31"
    // North: 12 000 − March 5 000 (31 d), 7 000 / Feb 10 000 × 28 = 19.6.
    // South: 13 000 − March 7 000 (31 d), Feb 0 (28 d), − Jan 4 000 (31 d), 2 000 / Dec 4 000 × 31 = 15.5.
    #expect(try f.column(q, "countback_dso") == ["50.6000", "105.5000"])
  }

  @Test("countback per month end through a grain equals one query per month end")
  func countbackSeries() throws {
    let q = "countback_dso by month from 2025-01-01 to 2025-03-31 as of 2025-03-31"
    #expect(try f.column(q, "countback_dso") == ["62.0000", "44.7917", "66.7500"])
  }

  @Test("the month-to-date period counts only the days elapsed")
  func countbackMonthToDate() throws {
    // As of 2025-03-15: AR 23 500 (I7 still fully open, I8 posted, CN1 unapplied); March to date
    // 7 000 (15 d), Feb 10 000 (28 d), Jan: 6 500 / 12 000 × 31.
    #expect(try f.value("balance as of 2025-03-15") == "23500.00")
    #expect(try f.value("countback_dso as of 2025-03-15") == "59.7917")
  }

  @Test("a filter on the metric applies to every part of the ratio")
  func filteredMetric() throws {
    #expect(try f.value("dso where division = 'South' in 2025-Q1 as of 2025-03-31") == "106.3636")
  }

  @Test("variants as arguments: dso(method: countback), dbt(method: dso), zero_month: stop")
  func variants() throws {
    #expect(try f.value("dso(method: countback) as of 2025-03-31") == "66.7500")
    #expect(try f.value("bpdso(method: countback) as of 2025-03-31") == "47.8000")
    #expect(try f.value("delinquent_dso(method: countback) as of 2025-03-31") == "18.9500")
    #expect(try f.value("dso(method: standard) in 2025-Q1 as of 2025-03-31") == "66.1765")
    #expect(try f.value("dbt(method: dso) in 2025-Q1 as of 2025-03-31") == "18.5294")  // = delinquent DSO
    #expect(try f.value("dbt(method: payments) in 2025-Q1 as of 2025-03-31") == "14.0638")
    // South crosses February (no sales) by default; with zero_month: stop the walk ends there, after March's 31 days.
    #expect(try f.column("countback_dso(zero_month: stop) by division as of 2025-03-31", "countback_dso(zero_month: stop)") == ["50.6000", "31.0000"])
    #expect(try f.column("dso(method: countback, zero_month: cross) by division as of 2025-03-31", "dso(method: countback, zero_month: cross)") == ["50.6000", "105.5000"])
  }

  @Test("CEI variants on Q1: monthly-average sales 16.00 %, cash numerator 77.42 %; by month the average is the month")
  func ceiVariants() throws {
    // (15 000 + 34 000 / 3 − 25 000) / (15 000 + 34 000 / 3 − 18 000) = 1 333.33 / 8 333.33.
    #expect(try f.value("cei(sales: monthly_average) in 2025-Q1 as of 2025-03-31") == "0.1600")
    #expect(try f.value("cei(numerator: cash) in 2025-Q1 as of 2025-03-31") == "0.7742")  // 24 000 / 31 000
    #expect(try f.column("cei(sales: monthly_average) by month in 2025-Q1 as of 2025-03-31", "cei(sales: monthly_average)")
      == ["0.6000", "0.7250", "0.3333"])
  }

  @Test("DBT variants (kpi-spec §3.5): count-weighted 16.20, open-inclusive 21.91, signed = default without early payments")
  func dbtVariants() throws {
    #expect(try f.value("dbt(weight: count) in 2025-Q1 as of 2025-03-31") == "16.2000")  // (36+27+10+0+8)/5
    // Nobody paid early in Q1: signed days equal late days; each payment counts once.
    #expect(try f.value("dbt(weight: count, days: signed) in 2025-Q1 as of 2025-03-31") == "16.2000")
    // The plain mean of days to pay: (66 + 57 + 30 + 70 + 38) / 5, against the amount-weighted 50.45.
    #expect(try f.value("avg_days_to_pay(weight: count) in 2025-Q1 as of 2025-03-31") == "52.2000")
    #expect(try f.value("avg_days_to_pay in 2025-Q1 as of 2025-03-31") == "50.4468")
    #expect(try f.value("dbt(open: include) in 2025-Q1 as of 2025-03-31") == "21.9062")  // 701 000 / 32 000
    #expect(try f.value("dbt(days: signed) in 2025-Q1 as of 2025-03-31") == "14.0638")
    // ADP − terms = signed DBT.
    let adp = try #require(Double(f.value("avg_days_to_pay in 2025-Q1 as of 2025-03-31")))
    let terms = try #require(Double(f.value("avg_terms in 2025-Q1 as of 2025-03-31")))
    #expect(abs(adp - terms - 14.0638) < 0.0001)
  }

  @Test("bad arguments are errors naming what the metric takes", arguments: [
    ("dso(basis: doc_date) in 2025-Q1", "method: standard|countback"),
    ("dso(method: median)", "method is standard (default) or countback"),
    ("dbt(method: countback)", "method is payments"),
    ("dso(zero_month: stop)", "zero_month applies to the countback method"),
    ("countback_dso(zero_month: sometimes)", "zero_month is cross"),
    ("cei(method: countback)", "cei takes sales: window|monthly_average"),
    ("cei(sales: median)", "sales is window (default) or monthly_average"),
    ("avg_terms(weight: count)", "avg_terms takes no argument"),
    ("dbt(weight: median)", "weight is amount (default) or count"),
    ("dbt(weight: count, open: include)", "does not take open: include"),
    ("dbt(method: dso, weight: count)", "dbt(method: dso) is dso − bpdso: it takes no weight"),
  ])
  func badArguments(query: String, message: String) throws {
    do {
      _ = try f.run(query)
      Issue.record("no error for \(query)")
    } catch {
      #expect("\(error)".contains(message), "\(error)")
    }
  }
}

@Suite("DSO family edge cases")
struct DsoEdgeCaseTests {
  /// K1: credit balance (unapplied cash exceeds what is open), paid early.
  /// K2: no sales in the window, one old open invoice, no payments.
  /// K3: paid 30 days late, nothing open.
  /// K4: no activity at all.
  /// K5: one invoice older than the countback's 24 periods, still open.
  /// K6: an invoice partly written off, the rest open and overdue.
  static let directory = EngineFixture.folder("dso-edges", [
    "customers.csv": """
      customer_id,name,division
      K1,Credit,North
      K2,Silent,South
      K3,Late,East
      K4,Idle,West
      K5,Old,West
      K6,WrittenOff,West

      """,
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount,applies_to
      A,K1,INV,2025-03-01,2025-03-31,1000.00,
      C,K2,INV,2024-12-01,2024-12-31,2000.00,
      D,K3,INV,2025-01-01,2025-01-31,3000.00,
      E,K5,INV,2022-01-01,2022-01-31,1000.00,
      F,K6,INV,2025-01-05,2025-02-04,1000.00,
      WF,K6,WO,2025-03-01,2025-03-01,-400.00,F

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id
      P1,K1,2025-03-10,1000.00,A
      P2,K1,2025-03-15,500.00,
      P3,K3,2025-03-02,3000.00,D

      """,
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: DsoEdgeCaseTests.directory).0)

  @Test("credit balance gives DSO 0, no sales gives n/a, nothing open gives 0, an idle account n/a")
  func dso() throws {
    let q = "dso by customer in 2025-Q1 as of 2025-03-31"
    #expect(try f.column(q, "customer") == ["K1", "K2", "K3", "K5", "K6"])  // K4 has no rows, so no group
    #expect(try f.column(q, "dso") == ["0.0000", "n/a", "0.0000", "n/a", "54.0000"])  // K6: 600 / 1 000 × 90
    #expect(try f.value("dso where customer = 'K4' in 2025-Q1 as of 2025-03-31") == "n/a")
  }

  @Test("CEI over 100 % with unapplied cash, 0 % when nothing is collected, n/a when nothing was collectible")
  func cei() throws {
    let q = "cei by customer in 2025-Q1 as of 2025-03-31"
    // K1: (0 + 1 000 + 500) / (0 + 1 000 − 0); K2: 0 / 2 000; K3: 3 000 / 3 000; K4: 0 / 0.
    #expect(try f.column(q, "cei") == ["1.5000", "0.0000", "1.0000", "0.0000", "0.4000"])  // K6: (1 000 − 600) / 1 000
    #expect(try f.value("cei where customer = 'K4' in 2025-Q1 as of 2025-03-31") == "n/a")
  }

  @Test("DBT ignores early payment days and unapplied cash; n/a without payments")
  func dbt() throws {
    let q = "dbt, avg_days_to_pay, avg_terms by customer in 2025-Q1 as of 2025-03-31"
    #expect(try f.column(q, "dbt") == ["0.0000", "n/a", "30.0000", "n/a", "n/a"])
    #expect(try f.column(q, "avg_days_to_pay") == ["9.0000", "n/a", "60.0000", "n/a", "n/a"])
    #expect(try f.column(q, "avg_terms") == ["30.0000", "n/a", "30.0000", "n/a", "n/a"])
    // Portfolio: (1 000 × 0 + 3 000 × 30) / 4 000; the write-off is not a payment.
    #expect(try f.value("dbt in 2025-Q1 as of 2025-03-31") == "22.5000")
  }

  @Test("signed DBT counts early payments negative; open-inclusive DBT adds open overdue items at their days past due")
  func dbtVariants() throws {
    let q = "dbt(days: signed), dbt(open: include) by customer in 2025-Q1 as of 2025-03-31"
    #expect(try f.column(q, "dbt(days: signed)") == ["-21.0000", "n/a", "30.0000", "n/a", "n/a"])  // K1 paid 21 days early
    // K2: nothing paid, 2 000 open 90 days past due; K5: 1 000 open since 2022-01-31 (1 155 days).
    #expect(try f.column(q, "dbt(open: include)") == ["0.0000", "90.0000", "30.0000", "1155.0000", "55.0000"])  // K6: 600 open, 55 days past due
  }

  @Test("countback: credit balance 0, crossing empty months, an old balance counts all 24 periods")
  func countback() throws {
    let q = "countback_dso by customer as of 2025-03-31"
    // K2: Mar, Feb, Jan without sales (90 d), then Dec 2024: 2 000 / 2 000 × 31.
    // K5: 24 periods without sales, 2023-04-01..2025-03-31 = 731 days, never exhausted.
    #expect(try f.column(q, "countback_dso") == ["0.0000", "121.0000", "0.0000", "731.0000", "77.6000"])  // K6: 31 + 28 + 600 / 1 000 × 31
  }

  @Test("flags (kpi-spec §1.8) come with the values that raised them")
  func flags() throws {
    let q = " in 2025-Q1 as of 2025-03-31"
    #expect(try Set(f.run("dso where customer = 'K1'" + q).flags.keys) == ["CREDIT_BALANCE"])
    #expect(try Set(f.run("dso where customer = 'K2'" + q).flags.keys) == ["NO_SALES"])
    #expect(try Set(f.run("dso where customer = 'K3'" + q).flags.keys).isEmpty)
    #expect(try Set(f.run("cei where customer = 'K1'" + q).flags.keys) == ["OVER_100"])
    #expect(try Set(f.run("countback_dso where customer = 'K2'" + q).flags.keys) == ["NEG_MONTH"])
    #expect(try Set(f.run("countback_dso where customer = 'K5'" + q).flags.keys) == ["NEG_MONTH", "AR_NOT_EXHAUSTED"])
  }

  @Test("each cell carries the flags its own value raised")
  func cellFlags() throws {
    let table = try f.run("dso, cei by customer in 2025-Q1 as of 2025-03-31")
    let customers = table.column("customer")?.values.map(\.description) ?? []
    let dso = try #require(table.column("dso"))
    func flags(_ customer: String) -> [String] { customers.firstIndex(of: customer).flatMap { dso.cellFlags[$0] } ?? [] }
    #expect(flags("K1") == ["CREDIT_BALANCE"])
    #expect(flags("K2") == ["NO_SALES"])
    #expect(flags("K6") == [])
    let cei = try #require(table.column("cei"))
    #expect(customers.indices.filter { cei.cellFlags[$0] != nil }.map { customers[$0] } == ["K1"])  // OVER_100
  }

  @Test("CEI variants: cash numerator leaves write-offs out; monthly-average sales (kpi-spec §3.6)")
  func ceiVariants() throws {
    let q = " where customer = 'K6' in 2025-Q1 as of 2025-03-31"
    #expect(try f.value("cei" + q) == "0.4000")  // the write-off left the ledger
    #expect(try f.value("cei(numerator: cash)" + q) == "0.0000")  // but it is not cash
    // S / 3 months: (0 + 333.33 − 600) < 0 numerator over 333.33 denominator.
    #expect(try f.value("cei(sales: monthly_average)" + q) == "-0.8000")
  }
}
