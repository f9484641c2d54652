import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// FEC import (kpi-spec §10, spec/fec.md): the format's variants, its errors, the ledger it
/// builds, and every KPI equal whether a ledger is read from native CSVs or from its FEC.
@Suite("FEC import")
struct FecTests {
  /// kpi-spec §10.2's example lines, with an opening entry (one item with its PieceRef, one
  /// aggregated balance) and a closing balance line for the bank.
  static let example = """
    JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise
    AN|A nouveaux|AN000001|20250101|411000|Clients|C2|BETA|I2|20241210|Report I2|4000,00|0,00|||20250101||
    AN|A nouveaux|AN000001|20250101|411000|Clients|C3|GAMMA||20250101|Report|2500,00|0,00|||20250101||
    AN|A nouveaux|AN000001|20250101|890000|Bilan d'ouverture|||x|20250101|Report|0,00|6500,00|||20250101||
    VT|Ventes|VT000412|20250110|411000|Clients|C1|ACME|I4|20250110|Facture I4|8000,00|0,00|AB|20250209|20250110||
    VT|Ventes|VT000412|20250110|706000|Prestations|||I4|20250110|Facture I4|0,00|6666,67|||20250110||
    VT|Ventes|VT000412|20250110|445710|TVA collectée|||I4|20250110|Facture I4|0,00|1333,33|||20250110||
    BQ|Banque|BQ000201|20250205|411000|Clients|C2|BETA|VIR77310|20250205|Acompte I2|0,00|1500,00|||20250205||
    BQ|Banque|BQ000201|20250205|512000|Banque|||VIR77310|20250205|Acompte I2|1500,00|0,00|||20250205||
    BQ|Banque|BQ000233|20250209|411000|Clients|C1|ACME|VIR88812|20250209|Vir ACME I4|0,00|8000,00|AB|20250209|20250209||
    BQ|Banque|BQ000233|20250209|512000|Banque|||VIR88812|20250209|Vir ACME I4|8000,00|0,00|||20250209||

    """

  static func write(_ text: String, name: String = "FEC.txt") -> String {
    let dir = EngineFixture.folder("fec", [:])
    let path = dir + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
  }

  static func load(_ path: String, options: LoadOptions = LoadOptions()) throws -> (EngineFixture, LoadReport) {
    let (ledger, report) = try LedgerLoader.load(directory: path, options: options)
    return (EngineFixture(ledger), report)
  }

  @Test("§10.2 example: the invoice settled by its lettrage group, the partial payment applied by the invoice number in its label")
  func example() throws {
    let (f, report) = try Self.load(Self.write(Self.example))
    // 8 000 (I4, not yet paid) + I2 4 000 − 1 500 + C3's opening 2 500.
    #expect(try f.value("balance as of 2025-02-08") == "13000.00")
    // I4 settled on 9 February by the lettrage group AB.
    #expect(try f.value("balance as of 2025-03-31") == "5000.00")
    #expect(try f.column("balance by customer as of 2025-03-31", "balance") == ["0.00", "2500.00", "2500.00"])
    #expect(try f.value("unapplied as of 2025-03-31") == "0.00")
    // The opening item keeps its invoice date: 2024-12-10 + 30 days' default terms = 2025-01-09;
    // C3's aggregated balance is dated at the opening (due 31 January), I4 is due 9 February.
    #expect(try f.value("overdue as of 2025-01-10") == "4000.00")
    // Sales of January: I4's 8 000 TTC; its HT share is the 706 line.
    #expect(try f.value("credit_sales in 2025-01") == "8000.00")
    #expect(try f.value("collected in 2025-02") == "9500.00")
    let notes = report.tables.flatMap(\.notes).joined(separator: "\n")
    #expect(notes.contains("10 lines in 4 entries"))
    #expect(notes.contains("1 opening balance is one line per customer"))
  }

  @Test("an aggregated opening balance flags every measure that ages it (OB_AGGREGATED)")
  func aggregatedOpening() throws {
    let (f, _) = try Self.load(Self.write(Self.example))
    #expect(try f.run("aged balance as of 2025-03-31").flags["OB_AGGREGATED"] != nil)
    #expect(try f.run("overdue as of 2025-03-31").flags["OB_AGGREGATED"] != nil)
    #expect(try f.run("credit_sales in 2025-01").flags["OB_AGGREGATED"] == nil)
    // A FEC has no auto/manual matching flag: the rate says it is not measured.
    #expect(try f.run("auto_match_rate in 2025-Q1").notes.contains { $0.hasPrefix("unavailable: the cash lines have no match_method") })
    #expect(try f.run("lettering_rate in 2025-Q1").notes.allSatisfy { !$0.contains("match_method") })
  }

  @Test("tabs, Montant + Sens, header case and accents, a BOM, CRLF and ISO-8859-15 read the same ledger")
  func variants() throws {
    var lines = Self.example.split(separator: "\n").map(String.init)
    // Montant + Sens instead of Debit + Credit, tabs, lower-case names, CRLF.
    lines = lines.enumerated().map { k, line in
      var fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      if k == 0 {
        fields[11] = "montant"
        fields[12] = "SENS"
        return fields.map { $0.lowercased() }.joined(separator: "\t")
      }
      let debit = fields[11], credit = fields[12]
      (fields[11], fields[12]) = debit != "0,00" ? (debit, "D") : (credit, "C")
      return fields.joined(separator: "\t")
    }
    let text = lines.joined(separator: "\r\n") + "\r\n"
    // ISO-8859-15 with a name that needs it; é is 0xE9.
    var latin = [UInt8]()
    for scalar in text.replacingOccurrences(of: "GAMMA", with: "Société Gamma").unicodeScalars {
      latin.append(scalar.value < 256 ? UInt8(scalar.value) : 63)
    }
    let dir = EngineFixture.folder("fec-variant", [:])
    FileManager.default.createFile(atPath: dir + "/latin.txt", contents: Data(latin))
    FileManager.default.createFile(atPath: dir + "/bom.txt", contents: Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)))
    for name in ["latin.txt", "bom.txt"] {
      let (f, _) = try Self.load(dir + "/" + name)
      #expect(try f.value("balance as of 2025-02-08") == "13000.00", "\(name)")
      #expect(try f.value("balance as of 2025-03-31") == "5000.00", "\(name)")
    }
    let (f, _) = try Self.load(dir + "/latin.txt")
    #expect(try f.column("balance by customer_name as of 2025-03-31", "customer_name").contains("Société Gamma"))
  }

  @Test("a folder with a FEC and side files: customers.csv gives terms and divisions")
  func sideFiles() throws {
    let dir = EngineFixture.folder("fec-side", ["customers.csv": "customer_id,name,division,payment_terms_days\nC1,ACME,North,60\nC2,BETA,South,30\nC3,GAMMA,South,45\n"])
    FileManager.default.createFile(atPath: dir + "/552100554FEC20251231.txt", contents: Data(Self.example.utf8))
    let (f, _) = try Self.load(dir)
    #expect(try f.column("balance by division as of 2025-02-08", "balance") == ["8000.00", "5000.00"])
    // I4: 10 January + 60 days' terms = 11 March; C3's opening: 1 January + 45 days = 15 February;
    // only the rest of I2 (due 9 January) is overdue on 8 February.
    #expect(try f.value("overdue as of 2025-02-08") == "2500.00")
  }

  @Test("bad values stop the load at file:line:column with the column's name")
  func errors() throws {
    let badDate = Self.example.replacingOccurrences(of: "VT|Ventes|VT000412|20250110|411000", with: "VT|Ventes|VT000412|2025011|411000")
    let path = Self.write(badDate)
    #expect(throws: LoadError.self) { try Self.load(path) }
    do {
      _ = try Self.load(path)
    } catch let error as LoadError {
      #expect(error.code == .badDate)
      #expect(error.line == 5)
      #expect(error.column == 20)
      #expect(error.columnName == "EcritureDate")
      #expect(error.value == "2025011")
    }
    let badAmount = Self.example.replacingOccurrences(of: "|8000,00|0,00|AB|", with: "|8 000,0O|0,00|AB|")
    do {
      _ = try Self.load(Self.write(badAmount))
      Issue.record("a bad amount loaded")
    } catch let error as LoadError {
      #expect(error.code == .badAmount)
      #expect(error.columnName == "Debit")
      #expect(error.line == 5)
    }
    // A header without EcritureLet names what is missing.
    let noLettrage = Self.example.replacingOccurrences(of: "|EcritureLet|", with: "|Lettre|")
    do {
      _ = try Self.load(Self.write(noLettrage))
      Issue.record("an incomplete header loaded")
    } catch let error as LoadError {
      #expect(error.code == .missingColumn)
      #expect(error.message.contains("EcritureLet"))
    }
  }

  @Test("an unbalanced entry is a warning naming it, or an error with strict balance")
  func balance() throws {
    let unbalanced = Self.example.replacingOccurrences(of: "|Vir ACME I4|8000,00|0,00|", with: "|Vir ACME I4|8000,10|0,00|")
    let path = Self.write(unbalanced)
    let (_, report) = try Self.load(path)
    let notes = report.tables.flatMap(\.notes).joined(separator: "\n")
    #expect(notes.contains("warning: the FEC does not balance"))
    #expect(notes.contains("BQ000233 (line 10, debit − credit 0.10)"))
    var strict = LoadOptions()
    strict.fec.strictBalance = true
    #expect(throws: LoadError.self) { try Self.load(path, options: strict) }
  }

  @Test("every KPI is equal whether the ledger is read from its native CSVs or from its FEC")
  func roundTrip() throws {
    let native = EngineFixture.folder("fec-native", [:])
    _ = try LedgerGenerator.generate(GeneratorConfig(seed: 11, invoices: 3_000), to: native, threads: 2)
    let (ledger, _) = try LedgerLoader.load(directory: native)
    let fecFolder = EngineFixture.folder("fec-roundtrip", [:])
    for file in ["customers.csv", "disputes.csv", "promises.csv", "actions.csv", "exposures.csv", "surveys.csv"] {
      try FileManager.default.copyItem(atPath: native + "/" + file, toPath: fecFolder + "/" + file)
    }
    try FecWriter.text(ledger).write(toFile: fecFolder + "/552100554FEC20251231.txt", atomically: true, encoding: .utf8)
    let a = EngineFixture(ledger)
    let (b, _) = try Self.load(fecFolder)
    let queries = [
      "balance, gross_open, overdue, not_due, unapplied, open_count by division",
      "aged balance by division",
      "dso, countback_dso, bpdso, delinquent_dso, cei by quarter last 4 quarters",
      "dbt, avg_days_to_pay, collected by month last 6 months",
      "payment_delay, payment_class by category",
      "credit_overrun, customers_over_limit by division",
      "forecast by month next 6 months by division",
      "forecast(method: cohort) by month next 3 months",
      "promise_kept_rate by quarter last 4 quarters",
      "disputed_amount, dispute_dso by division",
      "overdue by month last 12 months",
      "balance by customer top 10 as of 2025-06-30",
    ]
    for q in queries {
      let left = try a.run(q)
      let right = try b.run(q)
      #expect(left.columns.map { $0.values.map(\.description) } == right.columns.map { $0.values.map(\.description) }, "\(q)")
    }
  }

  @Test("a fiscal year's FEC with its opening entry: every KPI of the year equal to the native ledger's; AR = Σ 411/416 lines")
  func fiscalYear() throws {
    let native = EngineFixture.folder("fec-fy-native", [:])
    _ = try LedgerGenerator.generate(GeneratorConfig(seed: 12, invoices: 2_000), to: native, threads: 2)
    let (ledger, _) = try LedgerLoader.load(directory: native)
    let folder = EngineFixture.folder("fec-fy", [:])
    try FileManager.default.copyItem(atPath: native + "/customers.csv", toPath: folder + "/customers.csv")
    let start = Day.number(year: 2025, month: 1, day: 1)
    let path = folder + "/552100554FEC20251231.txt"
    try FecWriter.text(ledger, openingOn: start).write(toFile: path, atomically: true, encoding: .utf8)
    let a = EngineFixture(ledger)
    let (b, report) = try Self.load(folder)
    #expect(report.tables.flatMap(\.notes).joined().contains("FEC"))
    for q in [
      "balance, gross_open, overdue, not_due, unapplied, open_count by division as of 2025-03-31",
      "aged balance by division", "credit_sales, collected by quarter in 2025", "avg_days_to_pay, dbt by month last 6 months",
      // The forecast's due-date method: this folder has no promises or disputes beside the FEC.
      "forecast(method: due) by month next 3 months by division", "balance by customer top 10 as of 2025-09-30",
    ] {
      #expect(try a.run(q).columns.map { $0.values.map(\.description) } == b.run(q).columns.map { $0.values.map(\.description) }, "\(q)")
    }
    // AR at any date of the year is the sum of the customer-account lines dated by then (kpi-spec §10.4).
    let fec = try FecReader.read(path: path)
    for month in [1, 3, 6, 9, 12] {
      let day = Day.number(year: 2025, month: month, day: Day.daysInMonth(year: 2025, month: month))
      let ar = fec.lines.filter { ($0.account == .customer || $0.account == .doubtful) && $0.date <= day }.reduce(Int64(0)) { $0 + $1.amount }
      #expect(try b.value("balance as of \(Day.iso(day))") == Money.format(ar))
      #expect(try a.value("balance as of \(Day.iso(day))") == Money.format(ar))
    }
  }

  @Test("terms codes in customers.csv give due dates; both readings of 45 jours fin de mois")
  func termsCodes() throws {
    let terms = PaymentTerms(code: "45JFDM")
    #expect(terms == PaymentTerms(days: 45, endOfMonth: true))
    // 10 January 2025: + 45 days = 24 February → 28 February; or 31 January + 45 days = 17 March.
    let doc = Day.number(year: 2025, month: 1, day: 10)
    #expect(terms.map { Day.iso($0.due(doc, rule: .daysThenEndOfMonth)) } == "2025-02-28")
    #expect(terms.map { Day.iso($0.due(doc, rule: .endOfMonthThenDays)) } == "2025-03-17")
    #expect(PaymentTerms(code: "30JFDM10").map { Day.iso($0.due(doc, rule: .daysThenEndOfMonth)) } == "2025-03-10")
    #expect(PaymentTerms(code: "60J").map { Day.iso($0.due(doc, rule: .daysThenEndOfMonth)) } == "2025-03-11")
    #expect(PaymentTerms(code: "NET30") == PaymentTerms(days: 30))
    #expect(PaymentTerms(code: "comptant") == PaymentTerms(days: 0))
    #expect(PaymentTerms(code: "30X") == nil)
    let dir = EngineFixture.folder("fec-terms", ["customers.csv": "customer_id,name,payment_terms\nC1,ACME,45JFDM\nC2,BETA,30J\nC3,GAMMA,\n"])
    FileManager.default.createFile(atPath: dir + "/FEC.txt", contents: Data(Self.example.utf8))
    let (f, _) = try Self.load(dir)
    // I4 (10 January, 45JFDM) is due 28 February; I2 (30J) was due 9 January, C3's opening balance
    // (no code: 30 days' default) 31 January.
    #expect(try f.value("overdue as of 2025-02-08") == "5000.00")
    #expect(try f.value("overdue as of 2025-02-28") == "5000.00")
    #expect(try f.column("balance by invoice, due_date as of 2025-02-08 where invoice = 'I4'", "due_date") == ["2025-02-28"])
    var other = LoadOptions()
    other.endOfMonthRule = .endOfMonthThenDays
    let (g, _) = try Self.load(dir, options: other)
    #expect(try g.column("balance by customer as of 2025-02-08", "balance") == ["8000.00", "2500.00", "2500.00"])
    #expect(try g.column("balance by invoice, due_date as of 2025-02-08 where invoice = 'I4'", "due_date") == ["2025-03-17"])
    let bad = EngineFixture.folder("fec-terms-bad", ["customers.csv": "customer_id,name,payment_terms\nC1,ACME,45 jours net\n"])
    FileManager.default.createFile(atPath: bad + "/FEC.txt", contents: Data(Self.example.utf8))
    #expect(throws: LoadError.self) { try Self.load(bad) }
  }

  @Test("customers a FEC names that customers.csv lacks are added with their names; FIFO settles unmatched cash on request")
  func customersAndFifo() throws {
    let dir = EngineFixture.folder("fec-merge", ["customers.csv": "customer_id,name,division\nC1,ACME,North\n"])
    let text = Self.example.replacingOccurrences(of: "|Acompte I2|", with: "|Virement BETA|")
    FileManager.default.createFile(atPath: dir + "/FEC.txt", contents: Data(text.utf8))
    let (f, report) = try Self.load(dir)
    #expect(report.tables.flatMap(\.notes).contains { $0.contains("2 customers of the FEC not in customers.csv") })
    #expect(try f.column("balance by customer_name as of 2025-03-31", "customer_name") == ["ACME", "BETA", "GAMMA"])
    // Without an invoice number in its label, BETA's 1 500 stays unapplied; with fifo it settles I2.
    #expect(try f.value("unapplied as of 2025-03-31") == "-1500.00")
    var fifo = LoadOptions()
    fifo.fec.fifoUnmatched = true
    let (g, _) = try Self.load(dir, options: fifo)
    #expect(try g.value("unapplied as of 2025-03-31") == "0.00")
    #expect(try g.value("balance as of 2025-03-31") == f.value("balance as of 2025-03-31"))
  }

  @Test("breaks in the EcritureNum sequence are reported per journal")
  func sequence() throws {
    let text = Self.example.replacingOccurrences(of: "BQ000233", with: "BQ000240")
    let (_, report) = try Self.load(Self.write(text))
    let notes = report.tables.flatMap(\.notes).joined(separator: "\n")
    #expect(notes.contains("EcritureNum is not continuous in BQ: 1 break (first: BQ000240 after BQ000201)"))
  }

  @Test("a FEC read in parts by several threads gives the ledger, notes and errors of one read by one thread, LF or CRLF")
  func parts() throws {
    let native = EngineFixture.folder("fec-parts-native", [:])
    _ = try LedgerGenerator.generate(GeneratorConfig(seed: 13, invoices: 1_500), to: native, threads: 2)
    let (ledger, _) = try LedgerLoader.load(directory: native)
    let text = FecWriter.text(ledger)
    var serial = LoadOptions()
    serial.threads = 1
    var parallel = LoadOptions()
    parallel.threads = 3
    // Parts of a few bytes: every boundary falls where it falls, mid-entry included.
    parallel.fec.partBytes = 1
    let queries = ["balance, gross_open, unapplied, open_count by division", "aged balance by division", "dbt, collected by quarter last 4 quarters",
                   "balance by customer top 10 as of 2025-06-30"]
    for lineEnd in ["\n", "\r\n"] {
      let path = Self.write(text.replacingOccurrences(of: "\n", with: lineEnd), name: "parts\(lineEnd.count).txt")
      let (one, oneReport) = try Self.load(path, options: serial)
      let (three, threeReport) = try Self.load(path, options: parallel)
      #expect(oneReport.tables.flatMap(\.notes) == threeReport.tables.flatMap(\.notes))
      for q in queries {
        #expect(try one.run(q).columns.map { $0.values.map(\.description) } == three.run(q).columns.map { $0.values.map(\.description) }, "\(q)")
      }
      let fec = try FecReader.read(path: path, threads: 3, partBytes: 1)
      #expect(fec.lines.map(\.fileLine) == Array(2...Int32(fec.lines.count + 1)))
    }
    // A bad amount near the end of the file: the same line and column either way.
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let bad = lines.count - 3
    lines[bad] = lines[bad].replacingOccurrences(of: ",", with: "x")
    let path = Self.write(lines.joined(separator: "\n"), name: "parts-bad.txt")
    var found: [LoadError] = []
    for options in [serial, parallel] {
      do {
        _ = try Self.load(path, options: options)
        Issue.record("a bad amount loaded")
      } catch let error as LoadError {
        found.append(error)
      }
    }
    #expect(found.count == 2)
    #expect(found.first?.line == bad + 1)
    #expect(found.first?.line == found.last?.line && found.first?.column == found.last?.column)
  }
}
