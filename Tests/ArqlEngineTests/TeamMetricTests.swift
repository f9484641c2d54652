import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// kpi-spec §8.3–§8.5 and §6.5 on the mini-ledger, Q1 2025 as of 2025-03-31. Collector A
/// has C1; B has C2 and C3.
@Suite("Team, promise, provision and risk-score metrics on the mini-ledger (kpi-spec §6.5, §8.3–§8.5)")
struct TeamMetricTests {
  let f = EngineFixture()
  let q1 = " in 2025-Q1 as of 2025-03-31"

  @Test("§8.3 collection rate 23 500 / 32 000 = 73.44 %; A 17 000 / 19 000, B 6 500 / 13 000; delay A 44.12, B 67.00")
  func collectionRate() throws {
    #expect(try f.value("collection_rate" + q1) == "0.7344")
    let q = "collection_rate, avg_days_to_pay by collector" + q1
    #expect(try f.column(q, "collector") == ["A", "B"])
    #expect(try f.column(q, "collection_rate") == ["0.8947", "0.5000"])
    #expect(try f.column(q, "avg_days_to_pay") == ["44.1176", "67.0000"])
  }

  @Test("§8.3 on-time collection of the 26 000 due in Q1: k = 0 8 000 (30.77 %), k = 10 16 000 (61.54 %)")
  func onTime() throws {
    let q = "on_time_rate, on_time_rate(days: 10) as k10" + q1
    #expect(try f.value(q, "on_time_rate") == "0.3077")
    #expect(try f.value(q, "k10") == "0.6154")  // I4 8 000 on the day, I3 5 000 and 3 000 of I7 within 10 days
  }

  @Test("§8.3 actions: A 5 (2 calls, 3 emails), B 8 (4 + 4); 5 and 8 per overdue account")
  func actions() throws {
    let q = "actions by agent, action_type" + q1
    #expect(try f.column(q, "agent") == ["A", "A", "B", "B"])
    #expect(try f.column(q, "action_type") == ["call", "email", "call", "email"])
    #expect(try f.column(q, "actions") == ["2", "3", "4", "4"])
    let per = "actions, overdue_accounts, actions_per_overdue_account by collector" + q1
    #expect(try f.column(per, "actions") == ["5", "8"])
    #expect(try f.column(per, "overdue_accounts") == ["1", "1"])  // C1; C2 (C3 has nothing past due)
    #expect(try f.column(per, "actions_per_overdue_account") == ["5.0000", "8.0000"])
  }

  @Test("action success: an action followed by the customer's payment within 14 days")
  func actionSuccess() throws {
    // A: AC01 (R1 01-20 is 14 days later), AC03, AC08, AC09 (R5 03-25) succeed, AC13 (03-27) waits for
    // cash after the as-of date; B: AC02 (R2 02-05 is 23 days later) fails, AC04 (R2 8 days later)
    // succeeds, AC05, AC06, AC07 fail, AC10, AC11, AC12 have PU (03-30) within 14 days.
    let q = "action_success_rate, action_success_rate(days: 7) as week by agent" + q1
    #expect(try f.column(q, "action_success_rate") == ["0.8000", "0.5000"])
    // Within 7 days: A keeps AC03 (+6), AC08 and AC09 (+7); B only AC12 (PU 6 days later).
    #expect(try f.column(q, "week") == ["0.6000", "0.1250"])
  }

  @Test("§8.5 promises, grace 3: P1 and P3 kept, P2 broken, P4 pending: 2/3, 4 500 / 8 500; grace 0: 1/3, 1 500 / 8 500")
  func promises() throws {
    let q = "promises_kept, promises_broken, promises_partial, promises_pending, promise_kept_rate, "
      + "promise_kept_rate(weight: amount) as by_amount, promise_kept_rate(grace: 0) as strict, "
      + "promise_kept_rate(grace: 0, weight: amount) as strict_amount" + q1
    #expect(try f.value(q, "promises_kept") == "2")
    #expect(try f.value(q, "promises_broken") == "1")
    #expect(try f.value(q, "promises_partial") == "0")
    #expect(try f.value(q, "promises_pending") == "1")  // P4, due 2025-04-04
    #expect(try f.value(q, "promise_kept_rate") == "0.6667")
    #expect(try f.value(q, "by_amount") == "0.5294")
    #expect(try f.value(q, "strict") == "0.3333")
    #expect(try f.value(q, "strict_amount") == "0.1765")
  }

  @Test("§8.4 provision with the illustrative policy: 600.00 on 22 083.33 HT (2.72 %), 8.47 % of the overdue HT")
  func provision() throws {
    let q = "ht_open, ht_overdue, provision, provision_rate, provision_coverage as of 2025-03-31"
    #expect(try f.value(q, "ht_open") == "22083.33")
    #expect(try f.value(q, "ht_overdue") == "7083.33")  // 1 666.67 + 3 333.33 + 2 083.33
    #expect(try f.value(q, "provision") == "600.00")  // 16.67 + 166.67 + 416.67, rounded once
    #expect(try f.value(q, "provision_rate") == "0.0272")
    #expect(try f.value(q, "provision_coverage") == "0.0847")
    // Another policy and the provision per bucket through a filter.
    #expect(try f.value("provision(rates: [0, 10, 10, 10, 100, 100]) as of 2025-03-31") == "708.33")
    #expect(try f.value("(provision where days_past_due between 61 and 90) as of 2025-03-31") == "416.67")
    #expect(try !f.run(q).flags.keys.contains("HT_ESTIMATED"))
  }

  @Test("§6.5 risk score per customer with every part: C1 80.45, C2 52.25, C3 83.00")
  func riskScore() throws {
    let q = "risk_score by customer as of 2025-03-31"
    #expect(try f.column(q, "risk_score") == ["80.4474", "52.2477", "83.0000"])
    #expect(try f.column(q, "risk_score_delay") == ["7.0526", "23.9375", "5.0000"])  // 30 × min(1, delay / 60)
    #expect(try f.column(q, "risk_score_overdue") == ["12.5000", "12.0370", "0.0000"])  // 25 × overdue / gross
    #expect(try f.column(q, "risk_score_credit") == ["0.0000", "9.0000", "12.0000"])  // 15 × (utilisation − 1), at most 15
    #expect(try f.column(q, "risk_score_disputes") == ["0.0000", "2.7778", "0.0000"])  // 15 × 2 500 / 13 500
    // Weights are arguments; the portfolio is the mean weighted by gross open (4 000, 13 500, 9 000):
    // without the credit part (4 000 × 80.4474 + 13 500 × 61.2477 + 9 000 × 95) / 26 500.
    #expect(try f.value("risk_score(credit: 0) as s as of 2025-03-31", "s") == "75.6088")
  }

  @Test("bad arguments say what the metric takes", arguments: [
    ("on_time_rate(days: -1)", "from 0 to 366"),
    ("promise_kept_rate(weight: euros)", "weight is count (default) or amount"),
    ("promises_kept(weight: amount)", "takes grace"),
    ("provision(rates: [1, 2])", "6 percentages"),
    ("provision(buckets: [30, 60], rates: [0, 1, 2])", "one per bucket"),
    ("risk_score(delay: 50)", "at most 100 points"),
    ("overdue_accounts(days: 3)", "takes no argument"),
  ])
  func errors(query: String, message: String) throws {
    #expect(f.error(query + q1).contains(message))
  }
}

/// Promises on an account, partial and cancelled promises, surveys, and a document without
/// its net amount, as of 2025-03-31. V1 (1 200, no net_amount) is half paid by W1 on
/// 2025-01-20; W2 (100) is unapplied cash of 2025-03-04.
@Suite("Promises, surveys and provisions: edge cases")
struct TeamEdgeTests {
  static let directory = EngineFixture.folder("team-edges", [
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount
      V1,K1,INV,2025-01-01,2025-01-31,1200.00

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id
      W1,K1,2025-01-20,600.00,V1
      W2,K1,2025-03-04,100.00,

      """,
    "promises.csv": """
      promise_id,customer_id,invoice_id,amount,promised_date,created,status
      PA,K1,V1,600.00,2025-01-25,2025-01-15,
      PB,K1,V1,600.00,2025-02-10,2025-02-01,
      PC,K1,,300.00,2025-03-05,2025-03-01,
      PD,K1,V1,500.00,2025-03-20,2025-03-10,cancelled
      PE,K1,V1,100.00,2025-04-10,2025-03-25,

      """,
    "surveys.csv": """
      date,customer_id,agent,score
      2025-01-10,K1,A,5
      2025-02-10,K1,A,4
      2025-02-11,K1,B,3
      2025-03-01,K1,B,5
      2025-03-02,K1,B,1
      2025-04-01,K1,A,5

      """,
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: TeamEdgeTests.directory).0)
  let q1 = " in 2025-Q1 as of 2025-03-31"

  @Test("kept, broken, partial on the account, cancelled left out, pending counted apart")
  func promises() throws {
    let q = "promises_kept, promises_broken, promises_partial, promises_pending, promise_kept_rate, promise_kept_rate(weight: amount) as amt" + q1
    #expect(try f.value(q, "promises_kept") == "1")  // PA: W1 within its dates
    #expect(try f.value(q, "promises_broken") == "1")  // PB: nothing paid after it was made
    #expect(try f.value(q, "promises_partial") == "1")  // PC: 100 of 300 on the account
    #expect(try f.value(q, "promises_pending") == "1")  // PE; PD is cancelled
    #expect(try f.value(q, "promise_kept_rate") == "0.3333")
    #expect(try f.value(q, "amt") == "0.4000")  // 600 / (600 + 600 + 300)
  }

  @Test("satisfaction: 3 of 5 answers scored 4 or 5 in Q1; by the survey's agent")
  func satisfaction() throws {
    #expect(try f.value("satisfaction_rate" + q1) == "0.6000")
    let q = "satisfaction_rate by agent" + q1
    #expect(try f.column(q, "agent") == ["A", "B"])
    #expect(try f.column(q, "satisfaction_rate") == ["1.0000", "0.3333"])
    #expect(try f.run("satisfaction_rate" + q1).notes.allSatisfy { !$0.contains("unavailable") })
  }

  @Test("without surveys.csv the rate is n/a and said to be unavailable")
  func noSurveys() throws {
    let mini = EngineFixture()
    let table = try mini.run("satisfaction_rate" + q1)
    #expect(try mini.value("satisfaction_rate" + q1) == "n/a")
    #expect(table.notes.contains { $0.contains("unavailable: this ledger has no surveys.csv") })
  }

  @Test("without net_amount the HT is amount / 1.2, flagged: 600 open → 500 HT, 5 % at 59 days = 25.00")
  func estimatedVat() throws {
    let q = "ht_open, provision as of 2025-03-31"
    #expect(try f.value(q, "ht_open") == "500.00")
    #expect(try f.value(q, "provision") == "25.00")
    #expect(try f.run(q).flags.keys.contains("HT_ESTIMATED"))
  }
}

/// Payment differences booked as adjustments, with the user who booked them (kpi-spec §8.3:
/// U1 booked 2, a 12.50 bank fee and a 40.00 discount, 52.50 in all).
@Suite("Variances per user")
struct VarianceTests {
  static let directory = EngineFixture.folder("variances", [
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount,applies_to,user
      G1,K1,INV,2025-01-10,2025-02-09,1000.00,,
      J1,K1,ADJ,2025-02-12,2025-02-12,-12.50,G1,U1
      J2,K1,ADJ,2025-02-20,2025-02-20,-40.00,G1,U1
      J3,K1,ADJ,2025-03-02,2025-03-02,-5.00,G1,U2
      J4,K1,ADJ,2025-04-02,2025-04-02,-7.00,G1,U2

      """,
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: VarianceTests.directory).0)

  @Test("count and amount of the adjustments of the window, by user")
  func byUser() throws {
    let q = "variances, variance_amount by user in 2025-Q1 as of 2025-03-31"
    #expect(try f.column(q, "user") == ["U1", "U2", "(unallocated)"])
    #expect(try f.column(q, "variances") == ["2", "1", "0"])  // J4 is in April
    #expect(try f.column(q, "variance_amount") == ["52.50", "5.00", "0.00"])
  }
}

/// kpi-spec §11, collection-rate column: credit notes and write-offs are not collected,
/// unapplied cash is left out until applied, a partial payment counts for what it paid.
@Suite("Collection rate: edge cases")
struct CollectionEdgeTests {
  static let directory = EngineFixture.folder("collection", [
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount,applies_to
      H1,K1,INV,2025-01-05,2025-02-04,1000.00,
      H2,K1,INV,2025-01-10,2025-02-09,500.00,
      CN,K1,CN,2025-02-01,2025-02-01,-200.00,H1
      WO,K1,WO,2025-03-01,2025-03-01,-100.00,H2

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id
      Z1,K1,2025-02-10,300.00,H1
      Z2,K1,2025-03-10,400.00,

      """,
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: CollectionEdgeTests.directory).0)

  @Test("only cash applied counts: 300 of the 1 500 that fell due")
  func collection() throws {
    #expect(try f.value("collection_rate in 2025-Q1 as of 2025-03-31") == "0.2000")
    // On time within 10 days: Z1 came 6 days after H1's due date.
    #expect(try f.value("on_time_rate(days: 10) in 2025-Q1 as of 2025-03-31") == "0.2000")
    #expect(try f.value("on_time_rate in 2025-Q1 as of 2025-03-31") == "0.0000")
  }
}

/// Provision policy and booked provisions (kpi-spec §8.4), as of 2025-03-31: P1 (HT 1 000)
/// 59 days past due with 100 booked; P2 (HT 500) due that day; P3 (HT 2 000) 151 days past
/// due with 1 000 booked.
@Suite("Provisions: policy set in a script, booked provisions, observed rate")
struct ProvisionPolicyTests {
  static func ledger(_ p3Provision: String) -> String {
    EngineFixture.folder("provisions", [
      "invoices.csv": """
        invoice_id,customer_id,doc_type,doc_date,due_date,amount,net_amount,provision
        P1,K1,INV,2025-01-01,2025-01-31,1200.00,1000.00,100.00
        P2,K1,INV,2025-03-01,2025-03-31,600.00,500.00,
        P3,K1,INV,2024-10-01,2024-10-31,2400.00,2000.00,\(p3Provision)

        """,
    ])
  }

  let f = EngineFixture(try? LedgerLoader.load(directory: ProvisionPolicyTests.ledger("1000.00")).0)
  let asOf = " as of 2025-03-31"

  @Test("the required provision follows the policy; set provision_rates changes it for the session")
  func policy() throws {
    #expect(try f.value("provision" + asOf) == "2050.00")  // 5 % of 1 000 + 100 % of 2 000
    #expect(try f.value("set provision_rates = '0, 0, 10, 10, 10, 50'\nprovision" + asOf) == "1100.00")  // 100 + 1 000
  }

  @Test("booked provisions and the observed rate, overall and per bucket")
  func observed() throws {
    let q = "ht_open, booked_provision, observed_provision_rate" + asOf
    #expect(try f.value(q, "ht_open") == "3500.00")
    #expect(try f.value(q, "booked_provision") == "1100.00")
    #expect(try f.value(q, "observed_provision_rate") == "0.3143")
    #expect(try f.value("(observed_provision_rate where days_past_due > 120)" + asOf) == "0.5000")
  }

  @Test("a booked provision that is not an amount is an error naming it; without the column it is unavailable")
  func badValues() throws {
    let bad = EngineFixture(try? LedgerLoader.load(directory: ProvisionPolicyTests.ledger("lots")).0)
    #expect(bad.error("booked_provision" + asOf).contains("'lots' is not an amount"))
    let mini = EngineFixture()
    #expect(try mini.run("booked_provision" + asOf).notes.contains { $0.contains("no provision column") })
    #expect(f.error("set provision_rates = '1, 2, 3'").contains("6 whole percentages"))
  }
}

/// kpi-spec §11, foreign currency: every amount is the company-currency amount as booked; the
/// document currency is a dimension. (The `fx=closing` revaluation needs a rates table, which
/// the native schema does not have.)
@Suite("Foreign currency documents")
struct ForeignCurrencyTests {
  static let directory = EngineFixture.folder("fx", [
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount,currency,amount_currency
      F1,K1,INV,2025-03-01,2025-03-31,900.00,USD,1000.00
      F2,K1,INV,2025-03-05,2025-04-04,500.00,EUR,500.00

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id
      Y1,K1,2025-03-20,450.00,F1

      """,
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: ForeignCurrencyTests.directory).0)

  @Test("balances, sales and DSO in company currency as booked; by currency")
  func asBooked() throws {
    let q = "balance, credit_sales, dso by currency from 2025-03-01 to 2025-03-31 as of 2025-03-31"
    #expect(try f.column(q, "currency") == ["EUR", "USD"])
    #expect(try f.column(q, "balance") == ["500.00", "450.00"])
    #expect(try f.column(q, "credit_sales") == ["500.00", "900.00"])
    #expect(try f.column(q, "dso") == ["31.0000", "15.5000"])  // 500 / 500 × 31; 450 / 900 × 31
  }
}
