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

  @Test("the N largest without a full sort equal the sorted prefix, on random and ordered values")
  func largestEqualsSortedPrefix() {
    var generator = SystemRandomNumberGenerator()
    for trial in 0..<200 {
      let count = Int.random(in: 0...300, using: &generator)
      var values = (0..<count).map { _ in Int64.random(in: -50...50, using: &generator) }
      if trial % 3 == 1 { values.sort() }  // ascending: every value enters the buffer
      if trial % 3 == 2 { values.sort(by: >) }
      for n in [1, 3, 10, count] {
        #expect(CustomerRollup.largest(n, of: values) == Array(values.sorted(by: >).prefix(n)))
      }
    }
  }

  @Test("one pass over members gives each credit rollup: limits 1,500, used 830, overrun 100, 1 over, 1 above 90 %, 1 without")
  func creditRollups() {
    // Exposures 1,000 / −100 / −70 / 5 against limits 900 / 500 / 100 / none.
    let cents: [[Int64]] = [[100_000, -10_000, -7_000, 500], [90_000, 50_000, 10_000, 0]]
    let members: [Int32] = [0, 1, 2, 3]
    #expect(CustomerRollup.limitSum.reduce(cents: cents, members: members) == .money(150_000))
    #expect(CustomerRollup.overrun.reduce(cents: cents, members: members) == .money(10_000))
    #expect(CustomerRollup.countAbove(percent: 90).reduce(cents: cents, members: members) == .integer(1))
    #expect(CustomerRollup.countWithLimit(true).reduce(cents: cents, members: members) == .integer(3))
    #expect(CustomerRollup.countWithLimit(false).reduce(cents: cents, members: members) == .integer(1))
    #expect(CustomerRollup.utilisation.reduce(cents: cents, members: members) == .number(83_000.0 / 150_000.0))
    #expect(CustomerRollup.topShare(2).reduce(cents: cents, members: members) == .number(100_500.0 / 83_500.0))
  }
}
