import Foundation
import Testing

/// Real-shaped exports loaded by the binary through mapping files (issue #16), every figure
/// computed by hand from the rows: an SAP FBL5N line-item list (semicolons, `1.200,00`, trailing
/// minus, dd.MM.yyyy, document types recoded, cleared items read as their payments) and a Sage /
/// Cegid ledger extract (ISO-8859-15, accents in the header, debit and credit columns).
@Suite("Real-shaped exports through mappings")
struct ExportShapeTests {
  static let fbl5n = """
    Account;Document Number;Document Type;Document Date;Posting Date;Net Due Date;Amount in LC;Local Currency;Clearing date;Text
    100001;9000001;RV;05.01.2025;05.01.2025;04.02.2025;1.200,00;EUR;03.02.2025;Facture janvier
    100001;9000002;RV;20.01.2025;20.01.2025;19.02.2025;800,00;EUR;;Facture janvier 2
    100002;9000003;RV;10.02.2025;10.02.2025;12.03.2025;2.500,00;EUR;;Facture fevrier
    100002;9000004;DG;15.02.2025;15.02.2025;15.02.2025;300,00-;EUR;;Avoir
    100003;9000005;RV;01.03.2025;01.03.2025;31.03.2025;450,50;EUR;21.03.2025;Facture mars

    """

  static let sapMapping = """
    [defaults]
    delimiter = ;
    decimal = ,
    thousands = .
    date_format = dd.MM.yyyy

    [invoices]
    file = fbl5n.csv
    column invoice_id = Document Number
    column customer_id = Account
    column doc_type = Document Type
    column doc_date = Document Date
    column posting_date = Posting Date
    column due_date = Net Due Date
    column amount = Amount in LC
    column currency = Local Currency
    recode doc_type = RV:INV, DG:CN
    ignore = Clearing date, Text

    [payments]
    file = fbl5n.csv
    where Clearing date is not empty
    where Document Type = RV
    column payment_id = Document Number
    column invoice_id = Document Number
    column customer_id = Account
    column payment_date = Clearing date
    column amount = Amount in LC
    ignore = *
    """

  @Test("SAP FBL5N: open items, unapplied credit memo and days to pay from the clearing dates")
  func fbl5nExport() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write(Self.fbl5n, to: dir + "/fbl5n.csv")
    try ArqlBinary.write(Self.sapMapping, to: dir + "/sap.map")
    // Open at 2025-03-31: 9000002 (800.00) and 9000003 (2,500.00), both past due; the credit memo
    // 9000004 (-300.00) is unapplied; 9000001 and 9000005 were cleared.
    let position = try ArqlBinary.run(["--mapping", dir + "/sap.map", "--format", "csv", "-c",
                                       "gross_open, unapplied, balance, overdue, open_count as of 2025-03-31"])
    #expect(position.status == 0, "\(position.stderr)")
    #expect(position.stdout == "gross_open,unapplied,balance,overdue,open_count\n3300.00,-300.00,3000.00,3300.00,2\n")
    // Days to pay: 9000001 29 days (1,200.00), 9000005 20 days (450.50): (29 × 1200 + 20 × 450.5) / 1650.5 = 26.54; by count 24.5.
    let days = try ArqlBinary.run(["--mapping", dir + "/sap.map", "--format", "csv", "-c",
                                   "avg_days_to_pay, avg_days_to_pay(weight: count) from 2025-01-01 to 2025-03-31"])
    #expect(days.stdout.hasPrefix("avg_days_to_pay,avg_days_to_pay(weight: count)\n26.5434"))
    #expect(days.stdout.hasSuffix(",24.5\n"))
    let info = try ArqlBinary.run(["info", "--mapping", dir + "/sap.map"])
    #expect(info.stdout.contains("payments: 3 rows left out by the mapping (where Clearing date is not empty and Document Type = 'RV')"), "\(info.stdout)")
  }

  @Test("Sage / Cegid: ISO-8859-15, accented header, amount = Débit - Crédit, a renamed company name column")
  func sageExport() throws {
    let dir = ArqlBinary.folder()
    let text = """
      N° pièce;Compte tiers;Raison sociale;Date pièce;Date échéance;Débit;Crédit
      FA001;CLI001;Société Générale Équipement;02/01/2025;01/02/2025;1 500,00;
      FA002;CLI002;Café de l'Étoile;15/01/2025;14/02/2025;980,40;
      AV001;CLI001;Société Générale Équipement;20/01/2025;20/01/2025;;250,00

      """
    FileManager.default.createFile(atPath: dir + "/ecritures.csv", contents: text.data(using: .isoLatin1))
    try ArqlBinary.write("""
      [invoices]
      file = ecritures.csv
      column invoice_id = N° pièce
      column customer_id = Compte tiers
      column doc_date = Date pièce
      column due_date = Date échéance
      column amount = Débit - Crédit
      thousands = space
      rename raison = Raison sociale
      """, to: dir + "/sage.map")
    let run = try ArqlBinary.run(["--mapping", dir + "/sage.map", "--format", "csv", "-c", "balance by raison as of 2025-01-31"])
    #expect(run.status == 0, "\(run.stderr)")
    // Société Générale: 1,500.00 − 250.00; Café de l'Étoile: 980.40.
    #expect(run.stdout == "raison,balance\nCafé de l'Étoile,980.40\nSociété Générale Équipement,1250.00\n")
    let info = try ArqlBinary.run(["info", "--mapping", dir + "/sage.map"])
    #expect(info.stdout.contains("encoding ISO-8859-15 (detected)"))
  }

  @Test("a cash-allocation export: one receipt split over invoices with an unallocated remainder, pipe-separated, read as payments")
  func allocationExport() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write("""
      invoice_id,customer_id,doc_date,due_date,amount
      I1,C1,2025-01-05,2025-02-04,1000.00
      I2,C1,2025-01-20,2025-02-19,600.00
      I3,C2,2025-02-01,2025-03-03,900.00

      """, to: dir + "/invoices.csv")
    try ArqlBinary.write("""
      Receipt No|Receipt Date|Customer|Applied To|Allocated
      R-100|2025-02-10|C1|I1|1000.00
      R-100|2025-02-10|C1|I2|400.00
      R-100|2025-02-10|C1||150.00
      R-200|2025-03-15|C2|I3|900.00

      """, to: dir + "/allocations.csv")
    try ArqlBinary.write("""
      [invoices]
      file = invoices.csv

      [payments]
      file = allocations.csv
      column payment_id = Receipt No
      column payment_date = Receipt Date
      column customer_id = Customer
      column invoice_id = Applied To
      column amount = Allocated
      """, to: dir + "/alloc.map")
    // I2 keeps 600.00 − 400.00; the 150.00 left of R-100 is unapplied cash.
    let position = try ArqlBinary.run(["--mapping", dir + "/alloc.map", "--format", "csv", "-c", "gross_open, unapplied, balance, open_count as of 2025-03-31"])
    #expect(position.status == 0, "\(position.stderr)")
    #expect(position.stdout == "gross_open,unapplied,balance,open_count\n200.00,-150.00,50.00,1\n")
    // Collected: every line of both receipts. Days to pay, applied cash only: (36 × 1000 + 21 × 400 + 42 × 900) / 2300 = 35.74.
    let cash = try ArqlBinary.run(["--mapping", dir + "/alloc.map", "--format", "csv", "-c", "collected from 2025-02-01 to 2025-03-31",
                                   "-c", "avg_days_to_pay from 2025-01-01 to 2025-03-31"])
    #expect(cash.stdout.hasPrefix("collected\n2450.00\navg_days_to_pay\n35.739"))
  }
}

