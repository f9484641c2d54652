import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// Cash application ("lettrage", kpi-spec §8.2) on the mini-ledger: six receipts in Q1 for
/// 24 000; R1, R3 and R4 matched automatically; PU (500) unapplied since 2025-03-30.
@Suite("Lettrage metrics on the mini-ledger (kpi-spec §8.2)")
struct MatchingMetricTests {
  let f = EngineFixture()
  let q1 = " in 2025-Q1 as of 2025-03-31"

  @Test("auto-match 3/6 = 50 % and 19 000 / 24 000 = 79.2 %; lettering 97.9 %; 500 unmatched, 1 line, 1 day; 2 partial")
  func quarter() throws {
    let q = "receipt_count, auto_match_rate, auto_match_rate(weight: amount) as by_amount, lettering_rate, unmatched_cash, unmatched_count, "
      + "unmatched_age, matching_lag, partial_matches" + q1
    #expect(try f.value(q, "receipt_count") == "6")
    #expect(try f.value(q, "auto_match_rate") == "0.5000")
    #expect(try f.value(q, "by_amount") == "0.7917")
    #expect(try f.value(q, "lettering_rate") == "0.9792")  // 23 500 / 24 000
    #expect(try f.value(q, "unmatched_cash") == "500.00")
    #expect(try f.value(q, "unmatched_count") == "1")
    #expect(try f.value(q, "unmatched_age") == "1.0000")
    #expect(try f.value(q, "matching_lag") == "n/a")  // the mini-ledger has no match dates
    #expect(try f.value(q, "partial_matches") == "2")  // R2 on I2, R5 on I7
    #expect(try f.value("partial_match_share" + q1) == "0.3333")
  }

  @Test("by customer and by match method")
  func grouped() throws {
    let q = "receipt_count, auto_match_rate, lettering_rate, unmatched_cash by customer" + q1
    #expect(try f.column(q, "receipt_count") == ["3", "2", "1"])
    #expect(try f.column(q, "auto_match_rate") == ["0.6667", "0.0000", "1.0000"])
    #expect(try f.column(q, "lettering_rate") == ["1.0000", "0.7500", "1.0000"])
    #expect(try f.column(q, "unmatched_cash") == ["0.00", "500.00", "0.00"])
    let m = "receipt_count by match_method" + q1
    #expect(try f.column(m, "match_method") == ["auto", "manual", "(unallocated)"])
    #expect(try f.column(m, "receipt_count") == ["3", "2", "1"])
  }
}

/// Match dates, and cash received after the as-of date.
/// M1 1 000 on Y1 matched automatically 2 days after receipt; M2 500 on Y2 (2 000) matched by
/// hand 10 days after; M3 300 unapplied since 2025-03-01; M4 200 on Y2 received in April.
@Suite("Lettrage edge cases")
struct MatchingEdgeTests {
  static let directory = EngineFixture.folder("matching", [
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount
      Y1,K1,INV,2025-01-01,2025-01-31,1000.00
      Y2,K1,INV,2025-01-05,2025-02-04,2000.00

      """,
    "payments.csv": """
      payment_id,customer_id,payment_date,amount,invoice_id,match_method,match_date
      M1,K1,2025-02-01,1000.00,Y1,auto,2025-02-03
      M2,K1,2025-02-10,500.00,Y2,manual,2025-02-20
      M3,K1,2025-03-01,300.00,,,
      M4,K1,2025-04-02,200.00,Y2,auto,2025-04-02

      """,
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: MatchingEdgeTests.directory).0)

  @Test("Q1: 1 of 3 automatic (1 000 of 1 800), 1 500 lettered, lag (2 + 10) / 2, 300 unmatched for 30 days, 1 partial")
  func quarter() throws {
    let q = "receipt_count, auto_match_rate, auto_match_rate(weight: amount) as by_amount, lettering_rate, matching_lag, unmatched_cash, "
      + "unmatched_age, partial_matches in 2025-Q1 as of 2025-03-31"
    #expect(try f.value(q, "receipt_count") == "3")  // M4 is after the as-of date
    #expect(try f.value(q, "auto_match_rate") == "0.3333")
    #expect(try f.value(q, "by_amount") == "0.5556")
    #expect(try f.value(q, "lettering_rate") == "0.8333")
    #expect(try f.value(q, "matching_lag") == "6.0000")
    #expect(try f.value(q, "unmatched_cash") == "300.00")
    #expect(try f.value(q, "unmatched_age") == "30.0000")
    #expect(try f.value(q, "partial_matches") == "1")
  }

  @Test("April: M4 matched the day it came, Y2 still partly open; M3 waits 60 days")
  func april() throws {
    let q = "receipt_count, auto_match_rate, matching_lag, partial_matches, unmatched_age in 2025-04 as of 2025-04-30"
    #expect(try f.value(q, "receipt_count") == "1")
    #expect(try f.value(q, "auto_match_rate") == "1.0000")
    #expect(try f.value(q, "matching_lag") == "0.0000")
    #expect(try f.value(q, "partial_matches") == "1")
    #expect(try f.value(q, "unmatched_age") == "60.0000")
  }
}
