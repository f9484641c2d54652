import ArqlEngine
import Testing

/// kpi-spec §8.1 open-dispute KPIs on the mini-ledger: D1 on I3 (opened 02-20, resolved
/// 02-26), D2 on I2 (opened 02-10, open; I2 has 2 500 open), D3 on I5 (03-01 to 03-15).
@Suite("Dispute and share metrics on the mini-ledger (kpi-spec §5, §8.1)")
struct DisputeMetricTests {
  let f = EngineFixture()

  @Test("at 2025-03-31: 1 open dispute, 2 500 disputed, 9.43 % of gross, dispute DSO 6.62 days")
  func quarterEnd() throws {
    let q = "disputed_amount, open_disputes, disputed_share, overdue_share, dispute_dso in 2025-Q1 as of 2025-03-31"
    #expect(try f.value(q, "disputed_amount") == "2500.00")
    #expect(try f.value(q, "open_disputes") == "1")
    #expect(try f.value(q, "disputed_share") == "0.0943")  // 2 500 / 26 500
    #expect(try f.value(q, "overdue_share") == "0.3208")  // 8 500 / 26 500
    #expect(try f.value(q, "dispute_dso") == "6.6176")  // 2 500 / 34 000 × 90
  }

  @Test("open at D means opened ≤ D and not resolved by D", arguments: [
    ("2025-02-09", "0.00", "0"),  // nothing opened yet
    ("2025-02-20", "7500.00", "2"),  // D1 on I3 (5 000 open) + D2 on I2 (2 500)
    ("2025-02-26", "2500.00", "1"),  // D1 resolved that day
    ("2025-03-10", "6500.00", "2"),  // D2 + D3 on I5 (4 000)
    ("2025-03-15", "2500.00", "1"),  // D3 resolved
  ])
  func openAtDate(date: String, amount: String, count: String) throws {
    let q = "disputed_amount, open_disputes as of \(date)"
    #expect(try f.value(q, "disputed_amount") == amount)
    #expect(try f.value(q, "open_disputes") == count)
  }

  @Test("by reason, and the disputed part of a partly paid invoice is its open amount")
  func byReason() throws {
    let q = "disputed_amount by reason as of 2025-03-10"
    #expect(try f.column(q, "reason") == ["(no dispute)", "price", "quantity"])
    #expect(try f.column(q, "disputed_amount") == ["0.00", "2500.00", "4000.00"])  // I2: 4 000 − 1 500 paid
  }
}
