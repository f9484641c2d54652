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

@Suite("vs previous period lines up calendar buckets")
struct PreviousPeriodTests {
  @Test("by month: each month compares with the month the window's length before it; a year with the whole previous year (issue #18 item 1)")
  func alignedBuckets() throws {
    let f = EngineFixture(try #require(ShareSumOfPartsTests.demo))
    let q = "collected by month last 6 months vs previous period as of 2025-12-31"
    #expect(try f.column(q, "month") == ["2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"])
    let previous = try f.column(q, "collected_prev")
    for (k, month) in ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"].enumerated() {
      #expect(previous[k] == (try f.value("collected in \(month) as of 2025-12-31")), "\(month)")
    }
    #expect(try f.value("credit_sales in 2025 vs previous period", "credit_sales_prev") == f.value("credit_sales in 2024"))
    #expect(try f.run("credit_sales in 2025 vs previous period").notes.contains("vs previous period: window 2024-01-01..2024-12-31, as of 2024-12-31"))
    // A window of days that is no calendar unit keeps the days just before it.
    #expect(try f.run("collected last 90 days vs previous period as of 2025-12-31").notes
      .contains("vs previous period: window 2025-07-05..2025-10-02, as of 2025-10-02"))
  }
}
