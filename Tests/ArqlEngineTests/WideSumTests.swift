@testable import ArqlEngine
import ArqlLanguage
import ArqlLedger
import Testing

/// Amounts times days, or times basis points, on ledgers a load accepts whose products go
/// beyond 64 bits: exact on 128 bits where the figure is computed once, refused where a
/// kernel's 64-bit sums could wrap, and never a crash.
@Suite("Sums of amounts times days beyond 64 bits")
struct WideSumTests {
  /// C1 paid I1, 40 quadrillion (4 × 10^18 cents), 3 days late; I2, 100.00 due 2025-04-01, is
  /// open. The amounts add up to 8 × 10^18 cents, within what a load sums exactly; amount ×
  /// days late is 1.2 × 10^19, beyond Int64.max (9.22 × 10^18).
  static let hugeLatePayment: Ledger? = try? LedgerLoader.load(directory: EngineFixture.folder("huge-late-payment", [
    "invoices.csv": """
      invoice_id,customer_id,doc_date,due_date,amount
      I1,C1,2025-01-01,2025-02-01,40000000000000000.00
      I2,C1,2025-03-01,2025-04-01,100.00

      """,
    "payments.csv": "payment_id,customer_id,invoice_id,payment_date,amount\nP1,C1,I1,2025-02-04,40000000000000000.00\n",
  ])).0

  @Test("the forecast dates I2 at due + 3 days from C1's one payment (64-bit sums gave −2 days)")
  func forecastDelay() throws {
    let f = EngineFixture(try #require(Self.hugeLatePayment))
    let parsed = Parser.parse("explain forecast next 30 days as of 2025-03-31", context: f.engine.parserContext).script
    guard let statement = parsed.statements.first, case .message(let text) = try f.engine.execute(statement) else {
      Issue.record("no explanation")
      return
    }
    #expect(text.contains("I2 C1 100.00 due 2025-04-01 → 2025-04-04"), "\(text)")
    #expect(try f.value("forecast next 30 days as of 2025-03-31") == "100.00")
  }

  @Test("DBT and the payment delay are refused with the figures that decide it, not wrapped", arguments: [
    "dbt last 90 days as of 2025-03-31", "payment_delay by customer last 90 days as of 2025-03-31",
    "dbt(open: include) last 90 days as of 2025-03-31", "avg_days_to_pay last 90 days as of 2025-03-31",
  ])
  func refused(query: String) throws {
    let f = EngineFixture(try #require(Self.hugeLatePayment))
    let message = f.error(query)
    #expect(message.contains("could go beyond what arql sums exactly"), "\(message)")
    #expect(message.contains("× up to"), "\(message)")
  }

  @Test("the same metrics on the mini-ledger, whose amounts are ordinary, are computed")
  func ordinaryLedgersPass() throws {
    let f = EngineFixture()
    #expect(f.error("dbt by customer last 90 days as of 2025-03-31") == "no error")
    #expect(f.error("dbt(open: include) as of 2025-03-31") == "no error")
  }

  /// One invoice of 1 quadrillion (10^17 cents) without a net amount, 200 days overdue: its HT
  /// is 83,333,333,333,333,333 cents; at 100 % that times 10,000 basis points is 8.3 × 10^20.
  @Test("a provision beyond 64 bits of basis-point cents is exact: 833,333,333,333,333.33 at 100 %")
  func provision() throws {
    let ledger = try LedgerLoader.load(directory: EngineFixture.folder("huge-provision", [
      "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,2024-08-01,2024-09-12,1000000000000000.00\n",
    ])).0
    let f = EngineFixture(ledger)
    #expect(try f.value("provision(rates: [0, 0, 0, 0, 0, 100]) as of 2025-03-31") == "833333333333333.33")
    #expect(try f.value("provision(rates: [0, 0, 0, 0, 0, 50]) as of 2025-03-31") == "416666666666666.67")
  }

  @Test("rates outside 0–100 % are an error, not an overflow")
  func ratesOutOfRange() {
    let f = EngineFixture()
    #expect(f.error("provision(rates: [0, 0, 0, 0, 0, 92233720368547758]) as of 2025-03-31").contains("percentages from 0 to 100"))
    #expect(f.error("provision(rates: [0, 0, 0, 0, -1, 100]) as of 2025-03-31").contains("percentages from 0 to 100"))
  }

  /// I1 of 0.01 has a net amount of 90 quadrillion (9 × 10^18 cents) and an adjustment of the
  /// same applies to it: its open amount at D is 9 × 10^18 + 1 cents, its HT that times
  /// 9 × 10^18, which a Double-to-Int64 conversion trapped on.
  @Test("an HT beyond 64 bits is refused, naming the document, not crashed on or clamped")
  func htBeyondRange() throws {
    let ledger = try LedgerLoader.load(directory: EngineFixture.folder("huge-net", [
      "invoices.csv": """
        invoice_id,customer_id,doc_type,doc_date,due_date,amount,net_amount,applies_to
        I1,C1,INV,2025-01-01,2025-02-01,0.01,90000000000000000.00,
        D1,C1,ADJ,2025-01-05,2025-02-01,90000000000000000.00,,I1

        """,
    ])).0
    let f = EngineFixture(ledger)
    #expect(try f.value("balance as of 2025-03-31") == "90000000000000000.01")
    for query in ["ht_open as of 2025-03-31", "provision as of 2025-03-31"] {
      #expect(f.error(query).contains("the amount excluding VAT of I1 is beyond what arql sums exactly"), "\(f.error(query))")
    }
  }

  @Test("excludingVat rounds half away from zero on exact integers")
  func excludingVatRounding() {
    #expect(Executor.excludingVat(120, net: 100, gross: 120) == 100)
    #expect(Executor.excludingVat(1, net: 1, gross: 2) == 1)  // 0.5 → 1
    #expect(Executor.excludingVat(-1, net: 1, gross: 2) == -1)  // −0.5 → −1
    #expect(Executor.excludingVat(1_000, net: nil, gross: 1_000) == 833)  // 833.33
    #expect(Executor.excludingVat(5, net: -1, gross: -2) == 3)  // 2.5 → 3, signs cancel
    #expect(Executor.excludingVat(.min, net: .min, gross: 1) == nil)
    #expect(Executor.excludingVat(.max, net: 1, gross: 1) == .max)
  }

  @Test("Money.rounding: half away from zero, clamped where a Double rounds past 64 bits, 0 for NaN")
  func roundingEstimates() {
    #expect(Money.rounding(2.5) == 3)
    #expect(Money.rounding(-2.5) == -3)
    #expect(Money.rounding(13_325.54 * 100) == 1_332_554)
    #expect(Money.rounding(Double(Int64.max)) == .max)  // 2^63: Int64(_:) traps on it
    #expect(Money.rounding(-Double(Int64.max) * 2) == .min)
    #expect(Money.rounding(.nan) == 0)
    #expect(Money.rounding(.infinity) == 0)
  }

  @Test("roundedQuotient: half away from zero for every sign, exact past 64 bits")
  func roundedQuotient() {
    let cases: [(Int128, Int128, Int128)] = [
      (5, 2, 3), (-5, 2, -3), (5, -2, -3), (-5, -2, 3), (4, 3, 1), (-4, 3, -1), (7, 7, 1), (0, -3, 0),
      (14_999, 10_000, 1), (15_000, 10_000, 2), (-15_000, 10_000, -2),
      (Int128(Int64.max) * 1_000 + 500, 1_000, Int128(Int64.max) + 1),
    ]
    for (n, d, expected) in cases { #expect(n.roundedQuotient(dividingBy: d) == expected, "\(n) / \(d)") }
    #expect(Int128.min.roundedQuotient(dividingBy: 1) == -Int128.max)  // 2^127 has no Int128: clamped one short, not a trap
  }
}
