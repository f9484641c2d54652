import ArqlEngine
import ArqlLedger
import Testing

/// Per-customer queries grouped by a customer dimension take two short cuts: the groups come
/// from the customers (no group per row), and each customer's balance is its amounts less its
/// cash (no open amount per item). Each holds only on some ledgers; these check the values
/// against hand-computed ones on a ledger where they hold and on ledgers where they do not.
@Suite("Per-customer short cuts")
struct CustomerFastPathTests {
  /// As of 2025-03-31:
  /// - C1 (North, limit 900): I1 1,500 less CN1 200 less P1 300 → 1,000, 100 over its limit;
  /// - C2 (South, limit 500): I2 800 paid 900 by P2 → −100 (100 applied beyond I2);
  /// - C3 (North, limit 100): I3 posted 2025-04-05, after D, so P3 (50, paying I3) is unapplied
  ///   at D, as is P4 (20, no invoice) → −70.
  static func files(p1Customer: String = "C1", i2Division: String = "", extraInvoice: String = "") -> [String: String] {
    [
      "customers.csv": """
        customer_id,name,division,credit_limit
        C1,Alpha,North,900.00
        C2,Beta,South,500.00
        C3,Gamma,North,100.00

        """,
      "invoices.csv": """
        invoice_id,customer_id,doc_type,doc_date,posting_date,due_date,amount,applies_to,division
        I1,C1,INV,2025-01-10,,2025-02-10,1500.00,,
        CN1,C1,CN,2025-01-20,,2025-01-20,-200.00,I1,
        I2,C2,INV,2025-02-01,,2025-03-01,800.00,,\(i2Division)
        I3,C3,INV,2025-03-15,2025-04-05,2025-04-15,50.00,,

        """ + extraInvoice,
      "payments.csv": """
        payment_id,customer_id,invoice_id,payment_date,amount
        P1,\(p1Customer),I1,2025-02-10,300.00
        P2,C2,I2,2025-02-15,900.00
        P3,C3,I3,2025-03-20,50.00
        P4,C3,,2025-03-25,20.00

        """,
    ]
  }

  static func engine(_ files: [String: String]) throws -> EngineFixture {
    EngineFixture(try LedgerLoader.load(directory: EngineFixture.folder("customer-fast-path", files)).0)
  }

  /// The default exposure (risk) is the balance here: the ledger has no exposures.
  static let query = "credit_overrun, customers_over_limit, credit_utilisation by division as of 2025-03-31"

  /// North: C1 + C3 = 1,000 − 70 = 930 of 1,000 granted; South: C2 −100 of 500.
  @Test("every application within a customer: overrun North 100.00, one customer over; utilisation 93 % and −20 %")
  func withinCustomers() throws {
    let f = try Self.engine(Self.files())
    #expect(try f.column(Self.query, "credit_overrun") == ["100.00", "0.00"])
    #expect(try f.column(Self.query, "customers_over_limit") == ["1", "0"])
    #expect(try f.column(Self.query, "credit_utilisation") == ["0.9300", "-0.2000"])
    #expect(try f.value("credit_overrun as of 2025-03-31") == "100.00")
    #expect(try f.value("credit_utilisation as of 2025-03-31") == "0.5533")
  }

  /// C2 pays 300 of C1's I1: the application still lowers C1's open amount, so the customers'
  /// balances are those above, not amounts less each customer's own cash (C1 1,300 and C2
  /// −400, which would make the overrun 400.00). P1 takes I1's division, so C2 has rows in
  /// both divisions and North's pairs are C1, C2 (balance 0, limit 500) and C3: 930 of 1,500.
  @Test("a payment of another customer's invoice: the balances stay the open amounts; overrun 100.00, not 400.00")
  func paymentAcrossCustomers() throws {
    let f = try Self.engine(Self.files(p1Customer: "C2"))
    #expect(try f.column(Self.query, "credit_overrun") == ["100.00", "0.00"])
    #expect(try f.column(Self.query, "customers_over_limit") == ["1", "0"])
    #expect(try f.column(Self.query, "credit_utilisation") == ["0.6200", "-0.2000"])
    #expect(try f.value("credit_overrun as of 2025-03-31") == "100.00")
    #expect(try f.value("credit_utilisation as of 2025-03-31") == "0.5533")
  }

  /// I2 is booked to North while C2 is South, and C2's I4 (40.00) takes South: C2's rows fall in
  /// two divisions, so the pairs are (division, customer). North: C1 1,000, C2 −100 (I2 less
  /// P2, which pays I2 and so takes its division), C3 −70 → 830 of 1,500; South: C2 40 of 500.
  @Test("a customer whose rows fall in two divisions: per (division, customer) pair, utilisation 55.3 % and 8 %")
  func customerInTwoGroups() throws {
    let f = try Self.engine(Self.files(i2Division: "North", extraInvoice: "I4,C2,INV,2025-03-01,,2025-04-01,40.00,,\n"))
    #expect(try f.column(Self.query, "credit_overrun") == ["100.00", "0.00"])
    #expect(try f.column(Self.query, "customers_over_limit") == ["1", "0"])
    #expect(try f.column(Self.query, "credit_utilisation") == ["0.5533", "0.0800"])
  }

  /// The same ledger queried with a where clause (which the short cuts do not take) gives the
  /// same figures as without.
  @Test("with and without a where clause that keeps every row, the same figures")
  func sameWithWhere() throws {
    let f = try Self.engine(Self.files())
    let filtered = "credit_overrun, customers_over_limit, credit_utilisation by division "
      + "where amount > -1000000 as of 2025-03-31"
    for column in ["credit_overrun", "customers_over_limit", "credit_utilisation"] {
      #expect(try f.column(filtered, column) == f.column(Self.query, column))
    }
  }
}
