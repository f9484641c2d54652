import ArqlLedger
import Foundation
import Testing
@testable import ArqlEngine

/// Which window a promise belongs to: kept → the day its cash reached the amount (early or
/// not), broken or partial → its deadline (promised date + grace), pending → a stock at D.
@Suite("Promises belong to the window of the day they were decided")
struct PromiseWindowTests {
  /// PK: promised for 2025-04-15, paid in full on 2025-03-10 (kept early). PB: 500 promised
  /// for 2025-01-20, nothing paid (broken on its deadline 2025-01-23). PL: promised for
  /// 2025-02-10, paid 2025-02-12 (kept within the grace, in February).
  static let ledger: Ledger? = try? LedgerLoader.load(directory: EngineFixture.folder("promises", [
    "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,2025-01-01,2025-03-31,1000.00\n"
      + "I2,C1,2025-01-02,2025-01-15,500.00\nI3,C2,2025-01-05,2025-02-05,800.00\n",
    "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-03-10,1000.00,I1\nP2,C2,2025-02-12,800.00,I3\n",
    "promises.csv": "promise_id,customer_id,invoice_id,amount,promised_date,created\nPK,C1,I1,1000.00,2025-04-15,2025-03-01\n"
      + "PB,C1,I2,500.00,2025-01-20,2025-01-05\nPL,C2,I3,800.00,2025-02-10,2025-02-06\n",
  ])).0

  @Test("a promise kept before its date counts as kept in the window of its payment, not left out")
  func keptEarly() throws {
    let f = EngineFixture(try #require(Self.ledger))
    let q = "promises_kept, promises_broken, promises_pending, promise_kept_rate"
    #expect(try f.value(q + " in 2025-03 as of 2025-03-31", "promises_kept") == "1")  // PK, kept on 03-10
    #expect(try f.value(q + " in 2025-03 as of 2025-03-31", "promises_pending") == "0")
    #expect(try f.value(q + " in 2025-01 as of 2025-03-31", "promises_broken") == "1")  // PB, deadline 01-23
    #expect(try f.value(q + " in 2025-02 as of 2025-03-31", "promises_kept") == "1")  // PL, paid 02-12
    #expect(try f.value(q + " in 2025-Q1 as of 2025-03-31", "promises_kept") == "2")
    #expect(try f.value(q + " in 2025-Q1 as of 2025-03-31", "promise_kept_rate") == "0.6667")
    // Before the payment, PK is pending: nothing is decided yet.
    #expect(try f.value(q + " in 2025-03 as of 2025-03-05", "promises_kept") == "0")
    #expect(try f.value(q + " in 2025-03 as of 2025-03-05", "promises_pending") == "1")
    #expect(try f.value("promise_kept_rate(weight: amount) in 2025-Q1 as of 2025-03-31") == String(format: "%.4f", 1800.0 / 2300.0))
  }

  @Test("over all history, kept + broken + partial + pending = every promise made and not cancelled (demo ledger)")
  func everyPromiseOnce() throws {
    let demo = ShareSumOfPartsTests.demoPath
    let f = EngineFixture(try #require(ShareSumOfPartsTests.demo))
    let table = try f.run("promises_kept, promises_broken, promises_partial, promises_pending from 2000-01-01 to 2025-12-31")
    let counts = ["promises_kept", "promises_broken", "promises_partial", "promises_pending"].map {
      Int(table.column($0)?.values.first?.description ?? "") ?? -1
    }
    let text = try String(contentsOfFile: demo + "/promises.csv", encoding: .utf8)
    let made = text.split(separator: "\n").dropFirst().filter { !$0.hasSuffix(",cancelled") }.count
    #expect(counts.reduce(0, +) == made, "\(counts) vs \(made)")
  }
}
