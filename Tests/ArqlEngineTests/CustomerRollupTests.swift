@testable import ArqlEngine
import Testing

/// Counts of customers above a share of their limit are decided on exact cents, never on a
/// Double (a threshold on a ratio: the rule the independent check taught).
@Suite struct CustomerRollupTests {
  func count(_ rollup: CustomerRollup, exposure: Int64, limit: Int64) -> ResultValue {
    rollup.reduce(cents: [[exposure], [limit]], members: [0])
  }

  @Test func exactlyAtTheShareIsNotAbove() {
    #expect(count(.countAbove(percent: 90), exposure: 900_000, limit: 1_000_000) == .integer(0))
    #expect(count(.countAbove(percent: 90), exposure: 900_001, limit: 1_000_000) == .integer(1))
    #expect(count(.countAbove(percent: 100), exposure: 1_000_000, limit: 1_000_000) == .integer(0))
    #expect(count(.countAbove(percent: 100), exposure: 1_000_001, limit: 1_000_000) == .integer(1))
    // No limit: never counted.
    #expect(count(.countAbove(percent: 90), exposure: 5, limit: 0) == .integer(0))
  }

  @Test func oneCentAboveAHugeLimitCounts() {
    // 2^53 cents and one more: equal as Doubles, one cent apart in cents.
    let limit: Int64 = 1 << 53
    #expect(count(.countAbove(percent: 100), exposure: limit + 1, limit: limit) == .integer(1))
    #expect(count(.countAbove(percent: 90), exposure: Int64.max, limit: Int64.max) == .integer(1))
    #expect(count(.countAbove(percent: 100), exposure: Int64.max, limit: Int64.max) == .integer(0))
  }
}
