import Foundation
import Testing
@testable import ArqlLedger

@Suite("Column mapping of foreign exports")
struct MappingTests {
  /// An ERP export with its own column names, M/d/yyyy dates, a semicolon, decimal comma,
  /// thousands dots, parentheses for credits, and columns to drop.
  static let export = """
    Doc No;Account;Type;Doc Date;Due;Amount LC;Assignment;Text
    90001;ACME;RV;1/15/2025;2/14/2025;1.234,50;A-1;first
    90002;ACME;DG;1/20/2025;1/20/2025;(200,00);A-2;credit
    90003;BETA;RV;12/3/2024;1/2/2025;10.000,00;A-3;big

    """

  static let mappingText = """
    # an SAP-like export
    [defaults]
    default_terms_days = 45
    [invoices]
    file = 'export.csv'
    delimiter = ;
    decimal = ,
    thousands = .
    date_format = M/d/yyyy
    negative_parens = yes
    column invoice_id = Doc No
    column customer_id = Account
    column doc_type = Type
    column doc_date = "Doc Date"
    column due_date = Due
    column amount = Amount LC
    default currency = EUR
    recode doc_type = RV:INV, DG:CN
    ignore = Assignment, Text
    """

  @Test("a mapping file loads a foreign export without editing it")
  func mappingFile() throws {
    let dir = TestLedger.with(["export.csv": Self.export, "erp.map": Self.mappingText])
    var options = LoadOptions()
    try MappingFile.load(path: dir + "/erp.map", into: &options)
    #expect(options.defaultTermsDays == 45)
    let (ledger, report) = try LedgerLoader.load(directory: nil, options: options, baseDirectory: dir)
    #expect(ledger.invoices.id.dictionary == ["90001", "90002", "90003"])
    #expect(ledger.invoices.docType == [.invoice, .creditNote, .invoice])
    #expect(ledger.invoices.amount == [123_450, -20_000, 1_000_000])
    #expect(ledger.invoices.docDate[2] == TestLedger.day("2024-12-03"))
    #expect(ledger.invoices.dueDate[0] == TestLedger.day("2025-02-14"))
    #expect(ledger.invoices.currency.dictionary == ["EUR"])
    #expect(ledger.invoices.extras.isEmpty)
    #expect(ledger.customers.id.dictionary == ["ACME", "BETA"])
    #expect(report.tables.map(\.table) == [.invoices])
  }

  @Test("ignore = * drops every unmapped column; the same mapping from the API")
  func ignoreAll() throws {
    let dir = TestLedger.with(["export.csv": Self.export])
    var mapping = TableMapping(
      file: "export.csv",
      columns: ["invoice_id": "Doc No", "customer_id": "Account", "doc_date": "Doc Date", "amount": "Amount LC"],
      ignoreUnmapped: true, csv: CSVOptions(parenthesesAreNegative: true, dateFormat: .monthDayYearSlash))
    mapping.recode = [:]
    let (ledger, report) = try LedgerLoader.load(directory: nil, options: LoadOptions(tables: [.invoices: mapping]), baseDirectory: dir)
    #expect(ledger.invoices.amount == [123_450, -20_000, 1_000_000])
    #expect(ledger.invoices.dueDateDefaulted.trueCount == 3)
    #expect(ledger.invoices.dueDate[0] == TestLedger.day("2025-02-14"))  // 30 days default terms
    #expect(report.tables[0].notes.contains("decimal comma (detected)"))
    #expect(report.tables[0].notes.contains("delimiter ';' (detected)"))
  }

  @Test("recode pairs quoted on one side or both are read the same (issue #16 item 3)", arguments: [
    #"recode doc_type = "a,b":"CN", x:INV"#, #"recode doc_type = "a,b":CN, 'x':'INV'"#, #"recode doc_type = 'a,b':"CN", "x":INV"#,
  ])
  func quotedRecodePairs(line: String) throws {
    var options = LoadOptions()
    try MappingFile.parse("[invoices]\n" + line + "\n", path: "m.map", into: &options)
    #expect(options.tables[.invoices]?.recode["doc_type"] == ["a,b": "CN", "x": "INV"])
  }

  @Test("a missing required column suggests the file's likely column, not another native name", arguments: [
    ([String: String](), "column invoice_id = Doc"),
    (["invoice_id": "Doc", "customer_id": "Cust"], "column doc_date = InvoiceDate"),
    (["invoice_id": "Doc", "customer_id": "Cust", "doc_date": "InvoiceDate"], "column amount = Total"),
  ])
  func likelyColumn(columns: [String: String], suggestion: String) throws {
    let dir = TestLedger.with(["export.csv": "Doc,Cust,InvoiceDate,Total\nI1,C1,2025-01-10,100.00\n"])
    let mapping = TableMapping(file: "export.csv", columns: columns)
    do {
      _ = try LedgerLoader.load(directory: nil, options: LoadOptions(tables: [.invoices: mapping]), baseDirectory: dir)
      Issue.record("loaded without \(suggestion)")
    } catch let error as LoadError {
      #expect(error.code == .missingColumn)
      #expect(error.notes.first == "did you mean `\(suggestion)`?", "\(error.notes)")
    }
  }

  @Test("one file column feeds several native columns, of the same type or not (issue #16 item 1)")
  func oneColumnSeveralNatives() throws {
    let dir = TestLedger.with([
      "inv.csv": "Doc,Cust,InvoiceDate,Amt\nI1,EUR,2025-01-10,100.00\nI2,EUR,2025-01-20,50.00\n",
      "pay.csv": "Doc,Cust,Date,Amt\nI1,EUR,2025-02-10,100.00\n",
    ])
    let invoices = TableMapping(file: "inv.csv", columns: ["invoice_id": "Doc", "customer_id": "Cust", "currency": "Cust", "doc_date": "InvoiceDate",
                                                           "posting_date": "InvoiceDate", "amount": "Amt"])
    let payments = TableMapping(file: "pay.csv", columns: ["payment_id": "Doc", "invoice_id": "Doc", "customer_id": "Cust", "payment_date": "Date",
                                                           "amount": "Amt"])
    let (ledger, _) = try LedgerLoader.load(directory: nil, options: LoadOptions(tables: [.invoices: invoices, .payments: payments]),
                                            baseDirectory: dir)
    #expect(ledger.invoices.docDate == [TestLedger.day("2025-01-10"), TestLedger.day("2025-01-20")])
    #expect(ledger.invoices.postingDate == ledger.invoices.docDate)
    #expect(ledger.invoices.currency.dictionary == ["EUR"])
    #expect(ledger.customers.id.dictionary == ["EUR"])
    #expect(ledger.payments.paymentId.dictionary == ["I1"])
    #expect(ledger.payments.invoice == [0])
  }

  @Test("a recode that cannot apply, or that would empty a required column, is refused (issue #16 items 2 and 5)")
  func refusedRecodes() throws {
    let dir = TestLedger.with([
      "invoices.csv": "invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-10,100.00\n",
      "disputes.csv": "dispute_id,invoice_id,reason,opened\nD1,I1,No,2025-01-20\n",
    ])
    for (kind, recode, message) in [
      (TableKind.invoices, ["customer_id": ["C1": "C9"]], "recode applies to text columns; customer_id is an id"),
      (TableKind.disputes, ["reason": ["No": ""]], "would leave the required column reason empty"),
    ] {
      var mapping = TableMapping()
      mapping.recode = recode
      do {
        _ = try LedgerLoader.load(directory: dir, options: LoadOptions(tables: [kind: mapping]))
        Issue.record("\(recode) loaded")
      } catch let error as LoadError {
        #expect(error.code == .badMapping)
        #expect(error.message.contains(message), "\(error.message)")
      }
    }
  }

  @Test("a mapped column the file does not have is reported with a did-you-mean")
  func unknownSourceColumn() throws {
    let dir = TestLedger.with(["export.csv": Self.export])
    let mapping = TableMapping(file: "export.csv", columns: ["invoice_id": "Doc Nr", "customer_id": "Account",
                                                            "doc_date": "Doc Date", "amount": "Amount LC"])
    let error = try #require(TestLedger.loadError(dir, LoadOptions(tables: [.invoices: mapping])))
    #expect(error.code == .unknownMappedColumn)
    #expect(error.notes.contains("did you mean 'Doc No'?"))
  }

  @Test("mapping file mistakes name their line", arguments: [
    ("[invoice]\nfile = x.csv\n[paiements]\n", 3, "unknown table 'paiements'"),
    ("[invoices]\ncolumn amout = Betrag\n", 2, "'amout' is not a column of invoices"),
    ("[invoices]\ndelimeter = ;\n", 2, "unknown key 'delimeter'"),
    ("file = x.csv\n", 1, "start with a section"),
    ("[invoices]\ndate_format = yy.MM.dd\n", 2, "unknown date format"),
    ("[invoices]\nrecode doc_type = RV\n", 2, "recode pairs"),
    ("[invoices]\nfile = a.csv\n[payments]\nfile = p.csv\n[Invoices]\nfile = b.csv\n", 5, "a second [Invoices] section (the first is at line 1)"),
  ])
  func mappingErrors(text: String, line: Int, message: String) {
    var options = LoadOptions()
    do {
      try MappingFile.parse(text, path: "m.map", into: &options)
      Issue.record("expected an error")
    } catch let error as LoadError {
      #expect(error.code == .badMapping)
      #expect(error.line == line)
      #expect(error.message.contains(message), "\(error.message)")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }
}
