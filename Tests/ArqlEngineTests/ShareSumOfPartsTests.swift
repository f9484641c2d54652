import ArqlLedger
import Foundation
import Testing
@testable import ArqlEngine

/// A share grouped by a dimension of a linked universe divides each part by the whole, so the
/// parts add up to the ungrouped value (issue: disputed_share by reason gave 1 per reason).
@Suite("Shares by a linked dimension add up")
struct ShareSumOfPartsTests {
  static let demoPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/demo").path
  static let demo: Ledger? = try? LedgerLoader.load(directory: demoPath).0

  static let shares = [
    "disputed_share", "overdue_share", "overdue_60_share", "overdue_90_share", "dispute_rate", "dispute_dso",
    "dispute_dso(method: countback)", "partial_match_share",
  ]
  /// Dimensions that split the documents (through their open dispute).
  static let disputeDimensions = ["reason", "owner", "outcome"]
  /// Dimensions of actions and promises: documents do not carry them.
  static let otherLinkedDimensions = ["agent", "action_type", "promise_status"]

  @Test("Σ parts = the ungrouped value, for every share and every dispute dimension", arguments: shares, disputeDimensions)
  func sumOfParts(share: String, dimension: String) throws {
    let f = EngineFixture(try #require(Self.demo))
    let whole = try #require(try f.run("\(share) as s last 90 days").column("s")?.values.first?.doubleValue)
    let parts = try #require(try f.run("\(share) as s by \(dimension) last 90 days").column("s")).values.compactMap(\.doubleValue)
    #expect(parts.count >= 2, "\(share) by \(dimension): \(parts)")
    #expect(abs(parts.reduce(0, +) - whole) <= 1e-9 * max(1, abs(whole)), "\(share) by \(dimension): Σ \(parts) ≠ \(whole)")
  }

  @Test("by an action's or a promise's dimension, a share of documents is one '(unallocated)' row: the whole", arguments: shares,
        otherLinkedDimensions)
  func documentsUnsplit(share: String, dimension: String) throws {
    let f = EngineFixture(try #require(Self.demo))
    let whole = try #require(try f.run("\(share) as s last 90 days").column("s")?.values.first)
    let table = try f.run("\(share) as s by \(dimension) last 90 days")
    #expect(table.column(dimension)?.values.map(\.description) == ["(unallocated)"], "\(share) by \(dimension)")
    #expect(table.column("s")?.values == [whole])
  }

  @Test("with another dimension, the whole is that group's: by division, reason adds up to by division")
  func wholeOfEachGroup() throws {
    let f = EngineFixture(try #require(Self.demo))
    let byDivision = try f.run("disputed_share as s by division")
    let byBoth = try f.run("disputed_share as s by division, reason")
    let divisions = try #require(byDivision.column("division")).values.map(\.description)
    for (i, division) in divisions.enumerated() {
      let whole = try #require(byDivision.column("s")?.values[i].doubleValue)
      let rows = try #require(byBoth.column("division")).values.indices.filter { byBoth.column("division")?.values[$0].description == division }
      let parts = rows.compactMap { byBoth.column("s")?.values[$0].doubleValue }
      #expect(abs(parts.reduce(0, +) - whole) <= 1e-9, "\(division): Σ \(parts) ≠ \(whole)")
    }
  }

  /// Hand-computed on a small ledger: I1 1,000.00 disputed for price, I2 3,000.00 for quality
  /// (1,000.00 disputed), I3 6,000.00 undisputed; gross open 10,000.00.
  static let small: Ledger? = try? LedgerLoader.load(directory: EngineFixture.folder("shares", [
    "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,2025-01-10,2025-02-10,1000.00\n"
      + "I2,C1,2025-01-20,2025-02-20,3000.00\nI3,C2,2025-02-01,2025-03-01,6000.00\n",
    "disputes.csv": "dispute_id,invoice_id,reason,opened,amount\nD1,I1,price,2025-02-15,\nD2,I2,quality,2025-02-25,1000.00\n",
  ])).0

  @Test("disputed_share by reason: price 1,000 / 10,000 = 10 %, quality 1,000 / 10,000 = 10 %, whole 20 %; dispute_rate 1/3 each")
  func handComputed() throws {
    let f = EngineFixture(try #require(Self.small))
    #expect(try f.value("disputed_share as of 2025-03-31") == "0.2000")
    #expect(try f.column("disputed_share by reason as of 2025-03-31", "disputed_share") == ["0.0000", "0.1000", "0.1000"])
    #expect(try f.column("dispute_rate by reason in 2025-Q1 as of 2025-03-31", "dispute_rate") == ["0.0000", "0.3333", "0.3333"])
    // A group's own rate is not a share: the overdue share of the disputed items alone.
    #expect(try f.column("gross_open by reason where disputed as of 2025-03-31", "gross_open") == ["1000.00", "3000.00"])
  }

  @Test("the rule is stated where users read formulas: .describe (the formula) and docs/metrics.md")
  func ruleStated() throws {
    let catalog = MetricCatalog()
    for name in ["disputed_share", "overdue_share", "dispute_rate", "dispute_dso", "overdue_60_share", "overdue_90_share"] {
      #expect(try #require(catalog.metric(name)).formula.contains("the parts add up to the ungrouped value"), "\(name)")
    }
    #expect(catalog.markdown.contains("keep the group's own denominator"))
  }
}
