import ArqlEngine
import ArqlLedger
import Foundation
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

  @Test("§8.1 flows in Q1: 3 opened, 2 resolved, rate 1/7, resolution 2/3, 10.0 days (9.56 weighted), D2 open 49 days")
  func flows() throws {
    let q = "disputes_opened, disputes_resolved, dispute_rate, dispute_resolution_rate, dispute_resolution_days, "
      + "dispute_resolution_days(weight: amount) as weighted, dispute_age in 2025-Q1 as of 2025-03-31"
    #expect(try f.value(q, "disputes_opened") == "3")
    #expect(try f.value(q, "disputes_resolved") == "2")
    #expect(try f.value(q, "dispute_rate") == "0.1429")  // I5 of the 7 invoices of Q1
    #expect(try f.value(q, "dispute_resolution_rate") == "0.6667")  // 2 / (0 + 3)
    #expect(try f.value(q, "dispute_resolution_days") == "10.0000")  // (6 + 14) / 2
    #expect(try f.value(q, "weighted") == "9.5556")  // (5 000 × 6 + 4 000 × 14) / 9 000
    #expect(try f.value(q, "dispute_age") == "49.0000")  // D2: 2025-02-10 to 2025-03-31
  }

  @Test("§8.1 by reason: missing POD 6 days, quantity 14, price still open; by month and by outcome")
  func flowsByReason() throws {
    let q = "disputes_opened, dispute_resolution_days, dispute_age by reason in 2025-Q1 as of 2025-03-31"
    // Only dispute episodes make the groups: no "(no dispute)" row of undisputed invoices.
    #expect(try f.column(q, "reason") == ["missing POD", "price", "quantity"])
    #expect(try f.column(q, "disputes_opened") == ["1", "1", "1"])
    #expect(try f.column(q, "dispute_resolution_days") == ["6.0000", "n/a", "14.0000"])
    #expect(try f.column(q, "dispute_age") == ["n/a", "49.0000", "n/a"])
    // With a document metric, the documents' groups are there too.
    let mixed = "disputed_amount, disputes_opened by reason in 2025-Q1 as of 2025-03-31"
    #expect(try f.column(mixed, "reason") == ["(no dispute)", "missing POD", "price", "quantity"])
    #expect(try f.column(mixed, "disputed_amount") == ["0.00", "0.00", "2500.00", "0.00"])
    #expect(try f.column("disputes_opened, disputes_resolved by month in 2025-Q1 as of 2025-03-31", "disputes_opened") == ["0", "2", "1"])
    #expect(try f.value("disputes_resolved where outcome = 'rejected' in 2025-Q1 as of 2025-03-31") == "1")
  }

  @Test("DSO linked to disputes, countback method: 66.75 × 2 500 / 25 000 = 6.68 (kpi-spec §8.1)")
  func disputeDsoCountback() throws {
    #expect(try f.value("dispute_dso(method: countback) in 2025-Q1 as of 2025-03-31") == "6.6750")
  }

  @Test("dispute_resolution_days takes weight: count|amount")
  func resolutionArguments() throws {
    #expect(f.error("dispute_resolution_days(weight: days) in 2025-Q1").contains("weight is count (default) or amount"))
    #expect(f.error("dispute_resolution_days(days: 3) in 2025-Q1").contains("dispute_resolution_days takes weight: count|amount"))
  }
}

/// Dispute episodes on a hand-made ledger, Q1 2025 as of 2025-03-31. X1 is disputed twice
/// (E1: 400 disputed, 10 days, owner U1; E2 reopened without an amount, 30 days, owner U2); X2
/// is disputed on 2025-03-20 (E3, open, U1) and again after the as-of date (E4).
@Suite("Dispute episodes: reopened disputes, owners, amounts")
struct DisputeEpisodeTests {
  static let directory = EngineFixture.folder("dispute-episodes", [
    "invoices.csv": """
      invoice_id,customer_id,doc_type,doc_date,due_date,amount
      X1,K1,INV,2025-01-10,2025-02-09,1000.00
      X2,K1,INV,2025-02-01,2025-03-03,2000.00

      """,
    "disputes.csv": """
      dispute_id,invoice_id,reason,opened,resolved,amount,owner
      E1,X1,price,2025-01-15,2025-01-25,400.00,U1
      E2,X1,price,2025-02-01,2025-03-03,,U2
      E3,X2,quantity,2025-03-20,,,U1
      E4,X2,quantity,2025-04-05,,,U1

      """,
  ])

  let f = EngineFixture(try? LedgerLoader.load(directory: DisputeEpisodeTests.directory).0)
  let q1 = " in 2025-Q1 as of 2025-03-31"

  @Test("a reopened dispute is a second episode; a dispute opened after D does not count")
  func episodes() throws {
    let q = "disputes_opened, disputes_resolved, dispute_resolution_days, dispute_resolution_days(weight: amount) as weighted, "
      + "dispute_resolution_rate, dispute_age" + q1
    #expect(try f.value(q, "disputes_opened") == "3")
    #expect(try f.value(q, "disputes_resolved") == "2")
    #expect(try f.value(q, "dispute_resolution_days") == "20.0000")  // (10 + 30) / 2
    #expect(try f.value(q, "weighted") == "24.2857")  // (400 × 10 + 1 000 × 30) / 1 400: E2 weighs its invoice
    #expect(try f.value(q, "dispute_resolution_rate") == "0.6667")
    #expect(try f.value(q, "dispute_age") == "11.0000")  // E3 since 2025-03-20
    #expect(try f.column("disputes_opened by invoice" + q1, "disputes_opened") == ["2", "1"])
  }

  @Test("the dispute rate counts an invoice once, when it is disputed by the as-of date")
  func rate() throws {
    #expect(try f.value("dispute_rate" + q1) == "1.0000")
    #expect(try f.value("dispute_rate from 2025-01-01 to 2025-03-19 as of 2025-03-19") == "0.5000")  // X2 not yet
  }

  @Test("by owner: the dispute's own owner")
  func byOwner() throws {
    let q = "disputes_opened, disputes_resolved, dispute_resolution_days, dispute_age by owner" + q1
    #expect(try f.column(q, "owner") == ["U1", "U2"])
    #expect(try f.column(q, "disputes_opened") == ["2", "1"])
    #expect(try f.column(q, "disputes_resolved") == ["1", "1"])
    #expect(try f.column(q, "dispute_resolution_days") == ["10.0000", "30.0000"])
    #expect(try f.column(q, "dispute_age") == ["11.0000", "n/a"])
  }
}
