import ArqlLanguage
import ArqlLedger
import Foundation
import Testing

@testable import ArqlEngine

/// The session cache (issue #13): queries answered with values kept from earlier queries are
/// exactly the ones computed cold, and what is kept stays within its budget.
@Suite("Session cache of snapshots, forecast plans and flags")
struct SessionCacheTests {
  /// Queries that read every kind of kept value: snapshots at several dates, promise states,
  /// forecast plans and orders, roll rates, flags and per-customer cash lines.
  static let queries = [
    "balance, overdue, open_count by division",
    "aged balance by division",
    "forecast by week next 13 weeks",
    "forecast by month next 6 months by division",
    "forecast(method: buckets) by month next 3 months",
    "forecast(method: cohort) by month next 3 months",
    "forecast(roll_forward: yes) by month next 3 months by category",
    "promise_kept_rate, promises_pending by month last 6 months",
    "overdue by month last 6 months",
    "balance by customer top 5 as of 2025-06-30",
    "forecast by month next 3 months as of 2025-06-30",
    "dso, cei by quarter last 4 quarters",
    "disputed_amount, open_disputes by division",
    "payment_delay by category",
    "backtest forecast, forecast(method: cohort) by month next 3 months as of 2025-06-30",
  ]

  /// Every cell and note of a table, as text.
  static func cells(_ table: ResultTable) -> [String] {
    table.columns.map { $0.name + ": " + $0.values.map(\.description).joined(separator: " | ") } + table.notes
  }

  static func run(_ engine: QueryEngine, _ text: String) throws -> ResultTable {
    let fixture = EngineFixture(engine: engine)
    return try fixture.run(text)
  }

  @Test("every query gives the same table from a warm cache, in any order, as with the cache off")
  func warmEqualsCold() throws {
    let demo = try #require(ShareSumOfPartsTests.demo)
    let cold = QueryEngine(ledger: demo, today: 0)
    cold.workspace.settings.cache = false
    let expected = try Self.queries.map { try Self.cells(Self.run(cold, $0)) }
    let warm = QueryEngine(ledger: demo, today: 0)
    for pass in 0..<2 {
      let order = pass == 0 ? Array(Self.queries.indices) : Array(Self.queries.indices.reversed())
      for k in order {
        #expect(try Self.cells(Self.run(warm, Self.queries[k])) == expected[k], "\(Self.queries[k]) (pass \(pass + 1))")
      }
    }
    #expect(warm.cacheUse.hits > warm.cacheUse.misses)
  }

  @Test("a second forecast at the same date computes nothing again")
  func secondForecastHits() throws {
    let demo = try #require(ShareSumOfPartsTests.demo)
    let engine = QueryEngine(ledger: demo, today: 0)
    _ = try Self.run(engine, "forecast by week next 13 weeks")
    let misses = engine.cacheUse.misses
    let hits = engine.cacheUse.hits
    _ = try Self.run(engine, "forecast by month next 6 months by division")
    #expect(engine.cacheUse.misses == misses)
    #expect(engine.cacheUse.hits > hits)
    // Off, every query starts cold: the same query misses again.
    _ = EngineFixture(engine: engine).error("set cache = off")  // a setting gives no table
    _ = try Self.run(engine, "forecast by month next 6 months by division")
    #expect(engine.cacheUse.misses > misses)
  }

  @Test("values are dropped least recently used first to stay within the budget")
  func budget() throws {
    let demo = try #require(ShareSumOfPartsTests.demo)
    let one = Snapshot(ledger: demo, asOf: 20_000).bytes
    let cache = LedgerCache(ledger: demo, budget: 2 * one)
    for day: Int32 in [20_000, 20_001, 20_000, 20_002] {
      _ = cache.value(.snapshot(day), bytes: \.bytes) { Snapshot(ledger: demo, asOf: day) }
    }
    #expect(cache.heldBytes == 2 * one)
    // 20 001 was the least recently used: it was dropped, 20 000 (used again) was kept.
    let kept: Snapshot? = cache.kept(.snapshot(20_000))
    let dropped: Snapshot? = cache.kept(.snapshot(20_001))
    #expect(kept != nil)
    #expect(dropped == nil)
    // A value larger than the whole budget is computed and not kept.
    let small = LedgerCache(ledger: demo, budget: one - 1)
    _ = small.value(.snapshot(20_000), bytes: \.bytes) { Snapshot(ledger: demo, asOf: 20_000) }
    #expect(small.heldBytes == 0)
  }

  @Test("set cache takes on or off, and says what it takes otherwise")
  func setting() throws {
    let f = EngineFixture()
    #expect(f.error("set cache = maybe").contains("cache is on or off"))
    _ = f.error("set cache = off")  // a setting gives no table
    #expect(f.engine.workspace.settings.cache == false)
    _ = f.error("set cache = on")
    #expect(f.engine.workspace.settings.cache)
  }
}
