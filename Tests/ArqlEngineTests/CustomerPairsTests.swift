@testable import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// Per-customer metrics roll (group, customer) pairs up. When every customer's rows fall in one
/// group the pairs are the customers themselves (no per-row lookup); both ways must give the
/// same pairs, and the same answers.
@Suite("Customer pairs")
struct CustomerPairsTests {
  static let ledger: Ledger? = {
    let folder = EngineFixture.folder("customer-pairs", [:])
    guard (try? LedgerGenerator.generate(GeneratorConfig(seed: 21, invoices: 2_500), to: folder, threads: 2)) != nil else { return nil }
    return try? LedgerLoader.load(directory: folder).0
  }()

  /// Per group, its customers in order; per row of each universe, the (group, customer) of its
  /// pair (nil: the spare slot) — what a rollup sees, whatever the pair numbers.
  static func seen(_ pairs: CustomerPairs, _ universes: Set<Universe>) -> (members: [[Int32]], rows: [[[Int32]?]]) {
    var groupOfPair = [Int32](repeating: -1, count: pairs.slots)
    for (g, members) in pairs.pairsOfGroup.enumerated() { for p in members { groupOfPair[Int(p)] = Int32(g) } }
    let members = pairs.pairsOfGroup.map { $0.map { pairs.customerOfPair[Int($0)] } }
    let rows = Universe.allCases.map { u -> [[Int32]?] in
      guard universes.contains(u) else { return [] }
      return pairs.rowPairs[u.rawValue].map { p in
        Int(p) < pairs.customerOfPair.count && groupOfPair[Int(p)] >= 0 ? [groupOfPair[Int(p)], pairs.customerOfPair[Int(p)]] : nil
      }
    }
    return (members, rows)
  }

  @Test("customer-level groups: the pairs are the customers, seen as the general pairs are; mixed groups fall back", arguments: [false, true])
  func byCustomerEqualsGeneral(mixed: Bool) throws {
    let ledger = try #require(Self.ledger)
    let attributes = LedgerAttributes(ledger: ledger)
    let customersOfRows = Universe.allCases.map(attributes.customerRows)
    let universes: Set<Universe> = [.documents, .cash, .exposures, .customers]
    var state: UInt64 = 7
    func next(_ bound: Int) -> Int32 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int32((state >> 33) % UInt64(bound))
    }
    for groupCount in [1, 3, 7] {
      let groupOfCustomer = (0..<ledger.customers.count).map { _ in next(groupCount) }
      var rowGroups = customersOfRows.map { rows in ColumnArray(rows.map { $0 >= 0 ? groupOfCustomer[Int($0)] : 0 }) }
      // One document of a customer in another group: customers no longer decide the groups.
      if mixed, let row = rowGroups[0].indices.last { rowGroups[0][row] = (rowGroups[0][row] + 1) % Int32(groupCount) }
      let masks = [[Bool]?](repeating: nil, count: Universe.allCases.count)
      let direct = CustomerPairs(byCustomer: ledger.customers.count, customersOfRows: customersOfRows, rowGroups: rowGroups,
                                 whereMasks: masks, groupCount: groupCount, universes: universes)
      #expect((direct == nil) == (mixed && groupCount > 1), "groups \(groupCount)")
      let fast = CustomerPairs.make(ledger: ledger, customersOfRows: customersOfRows, rowGroups: rowGroups, whereMasks: masks,
                                    groupCount: groupCount, universes: universes)
      let general = CustomerPairs(ledger: ledger, customersOfRows: customersOfRows, rowGroups: rowGroups, whereMasks: masks,
                                  groupCount: groupCount, universes: universes)
      let (a, b) = (Self.seen(fast, universes), Self.seen(general, universes))
      #expect(a.members == b.members, "groups \(groupCount)")
      #expect(a.rows == b.rows, "groups \(groupCount)")
    }
  }

  /// A where clause that keeps every row makes masks, so the same query takes the general pairs:
  /// the answers must not move.
  @Test("per-customer metrics are the same through the customers as through the general pairs", arguments: ["division", "category", "customer"])
  func answersEqual(dimension: String) throws {
    let fixture = EngineFixture(try #require(Self.ledger), today: "2026-01-31")
    let metrics = "credit_overrun, customers_over_limit, customers_over_90pct, credit_utilisation, customers_without_limit, "
      + "payment_delay, payment_class, green_payers, red_payers, concentration"
    let plain = try fixture.run("\(metrics) by \(dimension)")
    let masked = try fixture.run("\(metrics) by \(dimension) where customer != 'no such customer'")
    #expect(plain.rowCount > 1)
    #expect(plain.columns.map { $0.values.map(\.description) } == masked.columns.map { $0.values.map(\.description) })
  }
}
