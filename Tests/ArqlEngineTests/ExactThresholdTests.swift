import ArqlLedger
import Testing
@testable import ArqlEngine

/// Weighted averages are ratios of integer sums; classes and thresholds are decided on those
/// integers (issue: a customer exactly 10 days late showed 10.000000000000002 and amber).
@Suite("Thresholds on weighted averages are exact")
struct ExactThresholdTests {
  /// C1 pays 333.33 exactly 10 days late, C2 1,234.56 exactly 30 days late: in Double,
  /// 3,333.30 / 333.33 = 10.000000000000002 and 37,036.80 / 1,234.56 = 30.000000000000004.
  static let ledger: Ledger? = try? LedgerLoader.load(directory: EngineFixture.folder("exact", [
    "customers.csv": "customer_id,name,category\nC1,ACME,Retail\nC2,BETA,Retail\n",
    "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,2025-01-01,2025-01-31,333.33\nI2,C2,2025-01-01,2025-01-31,1234.56\n",
    "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-02-10,333.33,I1\nP2,C2,2025-03-02,1234.56,I2\n",
  ])).0

  func fixture() throws -> EngineFixture { EngineFixture(try #require(Self.ledger)) }

  func numbers(_ f: EngineFixture, _ query: String, _ column: String) throws -> [ResultValue] {
    try #require(try f.run(query).column(column)).values
  }

  @Test("payment_delay and dbt of exactly 10 and 30 days are 10.0 and 30.0, not 10.000000000000002")
  func exactValues() throws {
    let f = try fixture()
    #expect(try numbers(f, "payment_delay by customer as of 2025-03-31", "payment_delay") == [.number(10), .number(30)])
    #expect(try numbers(f, "dbt by customer in 2025-Q1", "dbt") == [.number(10), .number(30)])
    #expect(try numbers(f, "dbt where customer = 'C1' in 2025-Q1", "dbt") == [.number(10)])
  }

  @Test("10 days late is green (≤ 10), 30 days amber (≤ 30); the counts agree; a threshold just under flips it")
  func exactClasses() throws {
    let f = try fixture()
    #expect(try f.column("payment_class by customer as of 2025-03-31", "payment_class") == ["green", "amber"])
    #expect(try f.value("green_payers as of 2025-03-31") == "1")
    #expect(try f.value("amber_payers as of 2025-03-31") == "1")
    #expect(try f.value("red_payers as of 2025-03-31") == "0")
    #expect(try f.column("payment_class(green: 9.99, amber: 29.999) as c by customer as of 2025-03-31", "c") == ["amber", "red"])
    #expect(try f.column("payment_class(green: 10, amber: 30) as c by customer as of 2025-03-31", "c") == ["green", "amber"])
  }

  @Test("with the fallback, a thin customer takes everyone's delay: (3,333.30 + 37,036.80) / 1,567.89 = 25.75, amber")
  func fallback() throws {
    let f = try fixture()
    let delays = try numbers(f, "payment_delay(fallback: category) as d by customer as of 2025-03-31", "d")
    #expect(delays.count == 2)
    for value in delays { #expect(abs((value.doubleValue ?? 0) - 4_037_010.0 / 156_789.0) < 1e-9) }
    #expect(try f.column("payment_class(fallback: category) as c by customer as of 2025-03-31", "c") == ["amber", "amber"])
  }

  @Test("ExactRatio compares on 128-bit products: huge sums, negative weights, thresholds with decimals")
  func exactRatio() throws {
    let ten = try #require(ExactRatio(3_333_300, 333_330))
    #expect(ten.isAtMost(10))
    #expect(!ten.isAtMost(9.999999))
    let big = try #require(ExactRatio(Int64.max / 2, Int64.max / 20))  // ≈ 10, products far past Int64
    #expect(big.isAtMost(10.000001))
    #expect(!big.isAtMost(9.9))
    let flipped = try #require(ExactRatio(-100, -10))
    #expect(flipped.value == 10)
    #expect(ExactRatio(5, 0) == nil)
    #expect(try #require(ExactRatio(21, 2)).isAtMost(10.5))
  }
}

/// A customer of customers.csv with a credit limit and no document is in every per-customer
/// rollup of customer attributes, with exposure 0.
@Suite("Customers without documents in per-customer rollups")
struct CustomersWithoutDocumentsTests {
  /// The mini-ledger's customers plus C4 (North, limit 2,000.00) and C5 (South, no limit),
  /// neither with a document or cash line.
  static let ledger: Ledger? = {
    let mini = EngineFixture.miniLedgerPath
    func read(_ file: String) -> String { (try? String(contentsOfFile: mini + "/" + file, encoding: .utf8)) ?? "" }
    var files: [String: String] = [:]
    for file in ["invoices.csv", "payments.csv", "disputes.csv", "actions.csv", "promises.csv"] { files[file] = read(file) }
    files["customers.csv"] = read("customers.csv") + "C4,DELTA,North,A,Retail,FR,2000,30\nC5,EPSILON,South,B,Wholesale,FR,,30\n"
    return try? LedgerLoader.load(directory: EngineFixture.folder("lone", files)).0
  }()

  @Test("customers_with_limit counts C4 (3 + 1), customers_without_limit C5; limits add C4's 2,000.00")
  func counts() throws {
    let f = EngineFixture(try #require(Self.ledger))
    #expect(try f.value("customers_with_limit as of 2025-03-31") == "4")
    #expect(try f.value("customers_without_limit as of 2025-03-31") == "1")
    #expect(try f.value("credit_limits as of 2025-03-31") == "27000.00")
    #expect(try f.column("customers_with_limit by division as of 2025-03-31", "customers_with_limit") == ["3", "1"])
  }

  @Test("by customer, C4 is listed with its limit, exposure 0, utilisation 0 %, no overrun; C5 has no limit (n/a)")
  func byCustomer() throws {
    let f = EngineFixture(try #require(Self.ledger))
    let table = try f.run("credit_limits, credit_utilisation, credit_overrun by customer as of 2025-03-31")
    let customers = try #require(table.column("customer")).values.map(\.description)
    #expect(customers == ["C1", "C2", "C3", "C4", "C5"])
    let c4 = try #require(customers.firstIndex(of: "C4"))
    #expect(try #require(table.column("credit_limits")).values[c4] == .money(200_000))
    #expect(try #require(table.column("credit_utilisation")).values[c4] == .number(0))
    #expect(try #require(table.column("credit_overrun")).values[c4] == .money(0))
    let c5 = try #require(customers.firstIndex(of: "C5"))
    #expect(try #require(table.column("credit_utilisation")).values[c5] == .null)
  }

  @Test("a filter on a document column leaves the customers without documents out; one on a customer column keeps them")
  func filters() throws {
    let f = EngineFixture(try #require(Self.ledger))
    #expect(try f.value("customers_with_limit where doc_type = 'INV' as of 2025-03-31") == "3")
    #expect(try f.value("customers_with_limit where category = 'Retail' as of 2025-03-31") == "3")
  }
}
