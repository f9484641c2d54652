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

  /// The class counts take each customer's delay from two columns (numerator, denominator)
  /// rather than evaluating its tree: they must count what `payment_class by customer`, decided
  /// by the general evaluator, says of each customer of the group.
  @Test("green, amber and red payers count the customers whose own payment class says so", arguments: ["", "open: exclude", "days: 60, green: 5, amber: 20"])
  func classCountsMatchEachCustomersClass(arguments: String) throws {
    let ledger = try #require(Self.ledger)
    let fixture = EngineFixture(ledger, today: "2026-01-31")
    let call = arguments.isEmpty ? "" : "(\(arguments))"
    let counts = try fixture.run("green_payers\(call), amber_payers\(call), red_payers\(call) by division")
    let classes = try fixture.run("payment_class\(call) by customer")
    var divisionOf: [String: String] = [:]
    for row in 0..<ledger.customers.count { divisionOf[ledger.customers.id[row] ?? ""] = ledger.customers.division[row] ?? "" }
    var expected: [String: [String: Int]] = [:]
    for row in 0..<classes.rowCount {
      let customer = classes.columns[0].values[row].description
      let colour = classes.columns[1].values[row].description
      guard ["green", "amber", "red"].contains(colour), let division = divisionOf[customer] else { continue }
      expected[division, default: [:]][colour, default: 0] += 1
    }
    #expect(counts.rowCount > 1)
    var total = 0
    for row in 0..<counts.rowCount {
      let division = counts.columns[0].values[row].description
      for (k, colour) in ["green", "amber", "red"].enumerated() {
        let got = Int(counts.columns[k + 1].values[row].description) ?? -1
        #expect(got == expected[division]?[colour] ?? 0, "\(division) \(colour) with (\(arguments))")
        total += got
      }
    }
    #expect(total > 100, "too few classed customers to tell: \(total)")
  }

  /// The risk score reads each customer's parts straight from columns of sums when its trees are
  /// sums of kernels. An exposure written as a product (`× 1`, the same amounts) takes the
  /// general evaluator, one tree per customer: both must give the same numbers, to the bit.
  @Test("the risk score from columns of sums equals the general evaluator's", arguments: ["division", "category", "customer"])
  func riskScoreColumnsMatchGeneral(dimension: String) throws {
    let ledger = try #require(Self.ledger)
    let query = "risk_score, risk_score(delay: 40, overdue: 15, credit: 30, disputes: 15) as heavy by \(dimension)"
    let fast = try EngineFixture(ledger, today: "2026-01-31").run(query)
    let general = try EngineFixture(ledger, today: "2026-01-31")
      .run("define metric risk_exposure = (real_exposure + open_orders + delivered_not_invoiced) * 1\n" + query)
    #expect(fast.rowCount > 1)
    #expect(fast.columns.map(\.name) == general.columns.map(\.name))
    for (a, b) in zip(fast.columns, general.columns) {
      #expect(a.values == b.values, "\(a.name) by \(dimension)")
    }
    // Every part takes points somewhere, and the weights are the item's own.
    for part in ["delay", "overdue", "credit", "disputes"] {
      let points = try #require(fast.column("risk_score_\(part)")).values.compactMap(\.doubleValue)
      #expect(points.contains { $0 > 0 }, "no customer takes \(part) points by \(dimension)")
    }
    let heavy = try #require(fast.column("heavy")).values
    #expect(heavy != (try #require(fast.column("risk_score")).values))
  }
}
