import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// The metrics of kpi-spec §6–§8 by month equal the same metric queried month by month (`in
/// MONTH as of its end`), and `vs previous period` equals the earlier window queried alone:
/// trends and comparisons are the point-by-point values, on the demo ledger.
@Suite("Trends and comparisons equal point-by-point queries (kpi-spec §6–§8 metrics)")
struct SeriesConsistencyTests {
  static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/demo").path
  static let ledger: Ledger? = try? LedgerLoader.load(directory: demo).0
  let f = EngineFixture(SeriesConsistencyTests.ledger)

  static let metrics = [
    "credit_overrun", "customers_over_limit", "payment_delay", "red_payers", "risk_score", "concentration(customers: 5)",
    "disputes_opened", "dispute_resolution_rate", "dispute_age", "auto_match_rate", "unmatched_cash", "collection_rate",
    "on_time_rate(days: 5)", "actions", "promise_kept_rate", "provision", "satisfaction_rate",
  ]

  @Test("by month equals one query per month", arguments: metrics)
  func byMonth(metric: String) throws {
    let months = ["2025-10", "2025-11", "2025-12"]
    let ends = ["2025-10-31", "2025-11-30", "2025-12-31"]
    let name = metric
    let series = try f.column("\(metric) by division, month from 2025-10-01 to 2025-12-31", name)
    let divisions = try f.column("\(metric) by division, month from 2025-10-01 to 2025-12-31", "division")
    #expect(series.count == 9)
    for (m, month) in months.enumerated() {
      let single = try f.column("\(metric) by division in \(month) as of \(ends[m])", name)
      let singleDivisions = try f.column("\(metric) by division in \(month) as of \(ends[m])", "division")
      let fromSeries = zip(divisions.dropFirst(m * 3).prefix(3), series.dropFirst(m * 3).prefix(3)).map { "\($0)=\($1)" }
      #expect(fromSeries == zip(singleDivisions, single).map { "\($0)=\($1)" }, "\(metric) \(month)")
    }
  }

  @Test("vs previous period: the _prev column is the earlier window queried alone", arguments: metrics)
  func comparison(metric: String) throws {
    let q = "\(metric) as m by division in 2025-Q4 as of 2025-12-31 vs previous period"
    let previous = try f.column(q, "m_prev")
    // The previous period of Q4 (92 days) is the 92 days before it, as of their last day.
    let alone = try f.column("\(metric) as m by division from 2025-07-01 to 2025-09-30 as of 2025-09-30", "m")
    #expect(previous.count == 3)
    #expect(previous == alone, "\(metric)")
  }
}
