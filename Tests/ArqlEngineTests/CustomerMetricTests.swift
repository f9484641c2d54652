import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// kpi-spec §6.2–§6.5 on the mini-ledger: payer behaviour, credit limits, risk shares.
@Suite("Payer behaviour, credit limits and risk on the mini-ledger (kpi-spec §6)")
struct CustomerMetricTests {
  let f = EngineFixture()
  let asOf = " as of 2025-03-31"

  @Test("§6.4 by customer: C1 70 %, C2 160 % (overrun 6 000), C3 180 % (overrun 4 000)")
  func creditByCustomer() throws {
    let q = "credit_limits, credit_utilisation, credit_overrun, customers_over_limit, customers_over_90pct by customer" + asOf
    #expect(try f.column(q, "credit_limits") == ["10000.00", "10000.00", "5000.00"])
    #expect(try f.column(q, "credit_utilisation") == ["0.7000", "1.6000", "1.8000"])
    #expect(try f.column(q, "credit_overrun") == ["0.00", "6000.00", "4000.00"])
    #expect(try f.column(q, "customers_over_limit") == ["0", "1", "1"])
    #expect(try f.column(q, "customers_over_90pct") == ["0", "1", "1"])
  }

  @Test("§6.4 portfolio: 2 overruns, 10 000 in all; 3 limits loaded, none missing")
  func creditPortfolio() throws {
    let q = "credit_limits, credit_utilisation, credit_overrun, customers_over_limit, customers_with_limit, customers_without_limit" + asOf
    #expect(try f.value(q, "credit_overrun") == "10000.00")
    #expect(try f.value(q, "customers_over_limit") == "2")
    #expect(try f.value(q, "credit_limits") == "25000.00")
    #expect(try f.value(q, "credit_utilisation") == "1.2800")  // (7 000 + 16 000 + 9 000) / 25 000
    #expect(try f.value(q, "customers_with_limit") == "3")
    #expect(try f.value(q, "customers_without_limit") == "0")
  }

  @Test("the exposure argument: net (balance) and real instead of risk")
  func exposureArgument() throws {
    let q = "credit_overrun(exposure: net), credit_utilisation(exposure: real) by customer" + asOf
    #expect(try f.column(q, "credit_overrun(exposure: net)") == ["0.00", "3000.00", "4000.00"])  // C2: 13 000 − 10 000
    #expect(try f.column(q, "credit_utilisation(exposure: real)") == ["0.3000", "1.6000", "1.8000"])  // C2 real = 13 000 + EENE 3 000
  }

  @Test("§6.2 weighted delay, open-inclusive: C1 14.11 amber, C2 47.88 red, C3 10.00 green; paid only 14.12, 27.00, 10.00")
  func paymentDelay() throws {
    let q = "payment_delay, payment_class, payment_delay(open: exclude) by customer" + asOf
    #expect(try f.column(q, "payment_delay") == ["14.1053", "47.8750", "10.0000"])
    #expect(try f.column(q, "payment_class") == ["amber", "red", "green"])
    #expect(try f.column(q, "payment_delay(open: exclude)") == ["14.1176", "27.0000", "10.0000"])
    // C2 and C3 have fewer than 3 cash applications: their values come with LOW_SAMPLE; C1 has 3.
    let delay = try #require(try f.run(q).column("payment_delay"))
    #expect(delay.cellFlags[0] == nil)
    #expect(delay.cellFlags[1] == ["LOW_SAMPLE"])
    #expect(delay.cellFlags[2] == ["LOW_SAMPLE"])
  }

  @Test("§6.2 fallback: under 3 payments, the category's delay (C3 → Retail 13.25), then everyone's (C2 → 21.91)")
  func fallback() throws {
    let q = "payment_delay(fallback: category) as robust, payment_class(fallback: category) as robust_class by customer" + asOf
    // C1 has 3 payments (R1, R3, R5): its own 14.11. C3 has 1: Retail (C1 + C3) has 4,
    // (268 000 + 50 000) / 24 000. C2 has 1 and Wholesale is C2 alone: all customers,
    // 701 000 / 32 000.
    #expect(try f.column(q, "robust") == ["14.1053", "21.9062", "13.2500"])
    #expect(try f.column(q, "robust_class") == ["amber", "amber", "amber"])
    #expect(try !f.run(q).flags.keys.contains("LOW_SAMPLE"))
    // A group weighs its customers' delays by their own amounts: (14.11 × 19 000 + 21.91 × 8 000 + 13.25 × 5 000) / 32 000.
    #expect(try f.value("payment_delay(fallback: category)" + asOf) == "15.9219")
  }

  @Test("§6.3 per category, paid only: Retail 13.18, Wholesale 27.00; colour counts per category")
  func perCategory() throws {
    let q = "payment_delay(open: exclude), green_payers, amber_payers, red_payers by category" + asOf
    #expect(try f.column(q, "category") == ["Retail", "Wholesale"])
    #expect(try f.column(q, "payment_delay(open: exclude)") == ["13.1818", "27.0000"])
    #expect(try f.column(q, "green_payers") == ["1", "0"])  // C3
    #expect(try f.column(q, "amber_payers") == ["1", "0"])  // C1
    #expect(try f.column(q, "red_payers") == ["0", "1"])  // C2
  }

  @Test("§6.5 shares past 60 and 90 days, and the top-1 concentration 52 %")
  func riskShares() throws {
    let q = "overdue_60_share, overdue_90_share, concentration(customers: 1), concentration" + asOf
    #expect(try f.value(q, "overdue_60_share") == "0.0943")  // 2 500 / 26 500
    #expect(try f.value(q, "overdue_90_share") == "0.0000")
    #expect(try f.value(q, "concentration(customers: 1)") == "0.5200")  // C2 13 000 / 25 000
    #expect(try f.value(q, "concentration") == "1.0000")  // the top 10 hold everything
    // Another exposure: C2's risk exposure 16 000 of 32 000 (7 000 + 16 000 + 9 000).
    #expect(try f.value("concentration(customers: 1, exposure: risk) as c" + asOf, "c") == "0.5000")
  }

  @Test("per-customer metrics are not operands; bad arguments name what the metric takes", arguments: [
    ("credit_overrun + 1", "cannot be part of arithmetic"),
    ("-customers_over_limit", "cannot be part of arithmetic"),
    ("credit_overrun(base: 3)", "credit_overrun takes exposure: risk|real|net|METRIC"),
    ("credit_overrun(exposure: dso)", "point-in-time money metric"),
    ("payment_delay(days: 0)", "from 1 to 3660"),
    ("payment_delay(green: 5)", "payment_delay takes days: N days, open: include|exclude, fallback: none|category"),
    ("payment_class(open: maybe)", "open is include (default) or exclude"),
    ("payment_class(green: 40, amber: 30)", "green must not exceed amber"),
    ("concentration(customers: 0)", "whole number"),
  ])
  func errors(query: String, message: String) throws {
    #expect(f.error(query + asOf).contains(message))
  }
}

/// Credit-limit and payer edge cases on a hand-made ledger, as of 2025-06-30.
/// L1: no limit. L2: limit 0 (no limit, not infinite utilisation). L3: limit 1 000 and a
/// credit balance (−300). L4: exactly at its limit (100 %: not over, but over 90 %). L5: limit
/// 2 000, one invoice booked to North (1 500) and one to South (1 000): over its limit as a
/// whole, under it in each division. L6: limit 1 000, four payments 0, 10, 20 and 40 days late.
@Suite("Credit limits and payer classes: edge cases")
struct CustomerMetricEdgeTests {
  static let directory = EngineFixture.folder("credit-edges", [
    "customers.csv": """
      customer_id,name,division,credit_limit
      L1,NoLimit,North,
      L2,ZeroLimit,North,0
      L3,Credit,North,1000
      L4,AtLimit,South,1000
      L5,Split,South,2000
      L6,Payer,South,1000

      """,
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount,division
      A1,L1,INV,2025-06-01,2025-07-01,700.00,
      A2,L2,INV,2025-06-01,2025-07-01,300.00,
      A3,L3,INV,2025-05-01,2025-05-31,500.00,
      A4,L4,INV,2025-06-01,2025-07-01,1000.00,
      A5,L5,INV,2025-06-01,2025-07-01,1500.00,North
      A6,L5,INV,2025-06-02,2025-07-02,1000.00,South
      B1,L6,INV,2025-03-01,2025-03-31,100.00,
      B2,L6,INV,2025-03-01,2025-03-31,100.00,
      B3,L6,INV,2025-03-01,2025-03-31,100.00,
      B4,L6,INV,2025-03-01,2025-03-31,100.00,

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id
      P1,L3,2025-05-20,500.00,A3
      P2,L3,2025-05-20,300.00,
      Q1,L6,2025-03-31,100.00,B1
      Q2,L6,2025-04-10,100.00,B2
      Q3,L6,2025-04-20,100.00,B3
      Q4,L6,2025-05-10,100.00,B4

      """,
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: CustomerMetricEdgeTests.directory).0)
  let asOf = " as of 2025-06-30"

  @Test("a missing or zero limit is 'no limit'; a credit balance uses none of its limit; at 100 % is not over")
  func limits() throws {
    let q = "credit_utilisation, credit_overrun, customers_over_limit, customers_over_90pct, customers_without_limit by customer" + asOf
    #expect(try f.column(q, "customer") == ["L1", "L2", "L3", "L4", "L5", "L6"])
    #expect(try f.column(q, "credit_utilisation") == ["n/a", "n/a", "-0.3000", "1.0000", "1.2500", "0.0000"])
    #expect(try f.column(q, "credit_overrun") == ["0.00", "0.00", "0.00", "0.00", "500.00", "0.00"])
    #expect(try f.column(q, "customers_over_limit") == ["0", "0", "0", "0", "1", "0"])
    #expect(try f.column(q, "customers_over_90pct") == ["0", "0", "0", "1", "1", "0"])
    #expect(try f.column(q, "customers_without_limit") == ["1", "1", "0", "0", "0", "0"])
  }

  @Test("portfolio totals: limits 5 000, utilisation 64 %, one overrun of 500, two over 90 %")
  func portfolio() throws {
    let q = "credit_limits, credit_utilisation, credit_overrun, customers_over_limit, customers_over_90pct, customers_with_limit, customers_without_limit"
      + asOf
    #expect(try f.value(q, "credit_limits") == "5000.00")
    #expect(try f.value(q, "credit_utilisation") == "0.6400")  // (−300 + 1 000 + 2 500 + 0) / 5 000
    #expect(try f.value(q, "credit_overrun") == "500.00")
    #expect(try f.value(q, "customers_over_limit") == "1")
    #expect(try f.value(q, "customers_over_90pct") == "2")
    #expect(try f.value(q, "customers_with_limit") == "4")
    #expect(try f.value(q, "customers_without_limit") == "2")
  }

  @Test("by division a customer is compared with its whole limit in each division it has items in")
  func byDivision() throws {
    let q = "credit_limits, credit_utilisation, credit_overrun, customers_over_90pct by division" + asOf
    #expect(try f.column(q, "division") == ["North", "South"])
    #expect(try f.column(q, "credit_limits") == ["3000.00", "4000.00"])  // L3 + L5; L4 + L5 + L6
    #expect(try f.column(q, "credit_utilisation") == ["0.4000", "0.5000"])  // (−300 + 1 500) / 3 000; (1 000 + 1 000 + 0) / 4 000
    #expect(try f.column(q, "credit_overrun") == ["0.00", "0.00"])
    #expect(try f.column(q, "customers_over_90pct") == ["0", "1"])  // L4
  }

  @Test("four payments 0, 10, 20, 40 days late: 17.50 days, amber, no LOW_SAMPLE; thresholds and the window are arguments")
  func payer() throws {
    let q = "payment_delay, payment_class, payment_class(green: 20) as g20, payment_class(green: 5, amber: 15) as a15 where customer = 'L6'" + asOf
    #expect(try f.value(q, "payment_delay") == "17.5000")
    #expect(try f.value(q, "payment_class") == "amber")
    #expect(try f.value(q, "g20") == "green")
    #expect(try f.value(q, "a15") == "red")
    #expect(try !f.run(q).flags.keys.contains("LOW_SAMPLE"))
    // The last 60 days hold only the 40-day payment.
    let short = "payment_delay(days: 60) where customer = 'L6'" + asOf
    #expect(try f.value(short) == "40.0000")
    #expect(try f.run(short).flags.keys.contains("LOW_SAMPLE"))
  }

  @Test("customers without payments or overdue items have no delay and no class, and are not counted")
  func noHistory() throws {
    let q = "payment_delay, payment_class by customer" + asOf
    #expect(try f.column(q, "payment_class") == ["n/a", "n/a", "green", "n/a", "n/a", "amber"])
    let counts = "green_payers, amber_payers, red_payers" + asOf
    #expect(try f.value(counts, "green_payers") == "1")  // L3 paid before due
    #expect(try f.value(counts, "amber_payers") == "1")  // L6
    #expect(try f.value(counts, "red_payers") == "0")
  }

  @Test("concentration: 2 500 of 4 200 with the largest, 3 500 with the two largest")
  func concentration() throws {
    let q = "concentration(customers: 1) as top1, concentration(customers: 2) as top2" + asOf
    #expect(try f.value(q, "top1") == "0.5952")
    #expect(try f.value(q, "top2") == "0.8333")
  }

  @Test("deterioration (kpi-spec §6.5): the delay of the last 90 days against the 90 before, through vs previous period")
  func deterioration() throws {
    let q = "payment_delay(days: 90) as delay where customer = 'L6' last 90 days vs previous period" + asOf
    #expect(try f.value(q, "delay") == "23.3333")  // Q2, Q3, Q4: (10 + 20 + 40) / 3
    // To 2025-04-01: Q1 paid on its due date, and B2–B4 (300) open 1 day past due: 300 × 1 / 400.
    #expect(try f.value(q, "delay_prev") == "0.7500")
    #expect(try f.value(q, "delay_change") == "22.5833")
  }
}

/// Dimensions kept on documents with a customer fallback (kpi-spec §1.7): a cash line applied
/// to an invoice takes that invoice's value, an unapplied one its customer's; a dispute takes
/// its invoice's. Cash is attributed from the documents' column, made once.
@Suite("Attribution of cash and linked rows")
struct AttributionTests {
  static let directory = EngineFixture.folder("attribution", [
    "customers.csv": "customer_id,name,division\nC1,ACME,North\nC2,BETA,South\n",
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount,division
      I1,C1,INV,2025-05-01,2025-05-31,100.00,East
      I2,C1,INV,2025-05-01,2025-05-31,50.00,
      I3,C2,INV,2025-05-01,2025-05-31,80.00,

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id
      P1,C1,2025-06-10,60.00,I1
      P2,C1,2025-06-11,30.00,
      P3,C2,2025-06-12,80.00,I3

      """,
    "disputes.csv": "dispute_id,invoice_id,reason,opened\nD1,I1,pricing,2025-06-01\n",
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: AttributionTests.directory).0)

  @Test("cash through its invoice, else its customer; documents their own value, else their customer's")
  func divisions() throws {
    let q = "collected, unapplied, balance by division in 2025-06 as of 2025-06-30"
    #expect(try f.column(q, "division") == ["East", "North", "South"])
    #expect(try f.column(q, "collected") == ["60.00", "30.00", "80.00"])
    #expect(try f.column(q, "unapplied") == ["0.00", "-30.00", "0.00"])
    // East: I1 100 − 60; North: I2 50 − the unapplied 30; South: I3 paid.
    #expect(try f.column(q, "balance") == ["40.00", "20.00", "0.00"])
    #expect(try f.column("disputed_amount by division as of 2025-06-30", "disputed_amount") == ["40.00", "0.00", "0.00"])
    // A dispute row (a linked universe) takes its invoice's division.
    let opened = "disputes_opened by division in 2025-06 as of 2025-06-30"
    #expect(try f.column(opened, "division") == ["East"])
    #expect(try f.column(opened, "disputes_opened") == ["1"])
  }
}
