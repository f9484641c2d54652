import Foundation
import Testing

@Suite("The arql binary")
struct CommandLineTests {
  static var miniLedger: String { ArqlBinary.root + "/Tests/ArqlLedgerTests/Fixtures/mini-ledger" }

  /// The words of the first output line that starts with `first`.
  static func words(_ output: String, _ first: String) -> [String]? {
    output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.first { $0.first == first }
  }

  @Test("the binary exists (built by swift build --build-tests)")
  func binaryExists() {
    #expect(FileManager.default.isExecutableFile(atPath: ArqlBinary.path), "no arql at \(ArqlBinary.path)")
  }

  @Test("arql info LEDGER prints tables, dates and the position at the latest posting date")
  func summary() throws {
    let run = try ArqlBinary.run(["info", Self.miniLedger])
    #expect(run.status == 0, "\(run.stderr)")
    let out = run.stdout
    #expect(Self.words(out, "invoices") == ["invoices", "11", Self.miniLedger + "/invoices.csv"])
    #expect(Self.words(out, "payments") == ["payments", "6", Self.miniLedger + "/payments.csv"])
    #expect(out.contains("dates 2024-11-15 .. 2025-03-30"))
    #expect(out.contains("as of 2025-03-30 (latest posting date)"))
    #expect(out.contains("balance (net AR)            25,000.00"))
    #expect(out.contains("open items (gross)          26,500.00  7 items"))
    #expect(out.contains("unapplied credits and cash  -1,500.00"))
    #expect(out.contains("overdue                      8,500.00  32.1 % of gross"))
    #expect(out.contains("not yet due                 18,000.00"))
    #expect(run.stderr.isEmpty)
  }

  @Test("arql snapshot FOLDER writes ledger.arqlsnap; arql FOLDER opens it with the same answers until a file changes; a foreign snapshot exits 2")
  func snapshotCommand() throws {
    let dir = ArqlBinary.folder()
    for file in try FileManager.default.contentsOfDirectory(atPath: Self.miniLedger) where file.hasSuffix(".csv") {
      try FileManager.default.copyItem(atPath: Self.miniLedger + "/" + file, toPath: dir + "/" + file)
    }
    let query = "balance, overdue, dso by customer"
    let before = try ArqlBinary.run([dir, "-c", query])
    let written = try ArqlBinary.run(["snapshot", dir])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.hasPrefix("wrote \(dir)/ledger.arqlsnap: customers 3, invoices 11, payments 6"))
    let info = try ArqlBinary.run(["info", dir])
    #expect(info.stdout.contains("opened from ledger.arqlsnap, written "))
    // No progress line into a pipe.
    #expect(!written.stderr.contains("loading") && !info.stderr.contains("\r"))
    #expect(try ArqlBinary.run([dir, "-c", query]).stdout == before.stdout)
    #expect(try ArqlBinary.run([dir + "/ledger.arqlsnap", "-c", query]).stdout == before.stdout)
    // `.load` and `load csv` take a snapshot by name too.
    let script = dir + "/open.arql"
    try ArqlBinary.write(".load \(dir)/ledger.arqlsnap\n\(query)\nload csv '\(dir)/ledger.arqlsnap'\n\(query)\n", to: script)
    let scripted = try ArqlBinary.run(["run", script, Self.miniLedger])
    #expect(scripted.status == 0, "\(scripted.stderr)")
    #expect(scripted.stdout.components(separatedBy: "balance").count == 3)
    // A changed file: read again, the snapshot written again, said on the summary.
    let invoices = dir + "/invoices.csv"
    try ArqlBinary.write(try String(contentsOfFile: invoices, encoding: .utf8) + "I99,C1,INV,2025-03-01,2025-03-31,100.00,EUR,,\n", to: invoices)
    let after = try ArqlBinary.run(["info", dir])
    #expect(after.stdout.contains("ledger.arqlsnap was out of date (invoices.csv changed size)"), "\(after.stdout)")
    #expect(after.stdout.contains("  invoices     12  "))
    let foreign = dir + "/other.arqlsnap"
    try ArqlBinary.write("not a snapshot\n", to: foreign)
    let refused = try ArqlBinary.run([foreign, "-c", "balance"])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("error[L002]: \(foreign) is not an arql snapshot"))
  }

  @Test("a bad row exits 2 with file:line:column, the column, the value and a caret on stderr")
  func loadErrorExit() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write("invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,10\nI2,C1,2025-01-02,1O.00\n", to: dir + "/invoices.csv")
    let run = try ArqlBinary.run(["info", dir])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("\(dir)/invoices.csv:3:18: error[L032]: '1O.00' is not an amount in column 'amount'"))
    #expect(run.stderr.contains(" 3 | I2,C1,2025-01-02,1O.00\n   |                  ^^^^^"))
  }

  @Test("--lenient loads the good rows, prints read = loaded + rejected and writes the reject file")
  func lenient() throws {
    let dir = ArqlBinary.folder()
    let rejects = ArqlBinary.folder()
    try ArqlBinary.write("invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,10\nI2,C1,2025-02-30,5\nI3,C1,2025-01-03,7\n", to: dir + "/invoices.csv")
    let run = try ArqlBinary.run(["info", dir, "--lenient", "--rejects", rejects])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("invoices: read 3 = loaded 2 + rejected 1 (rejected rows in \(rejects)/invoices.rejects.csv)"))
    let file = try String(contentsOfFile: rejects + "/invoices.rejects.csv", encoding: .utf8)
    #expect(file == "invoice_id,customer_id,doc_date,amount,arql_line,arql_error\nI2,C1,2025-02-30,5,3,\"L031 '2025-02-30' is not a date in yyyy-MM-dd format in column 'doc_date'\"\n")
  }

  @Test("a mapping file loads a foreign export from the command line")
  func mapping() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write("Nr;Kunde;Datum;Betrag\nA1;K1;1/15/2025;1.234,50\nA2;K2;2/3/2025;10,00\n", to: dir + "/export.csv")
    try ArqlBinary.write("""
      [invoices]
      file = export.csv
      date_format = M/d/yyyy
      thousands = .
      column invoice_id = Nr
      column customer_id = Kunde
      column doc_date = Datum
      column amount = Betrag
      """, to: dir + "/erp.map")
    let run = try ArqlBinary.run(["info", "--mapping", dir + "/erp.map"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(Self.words(run.stdout, "invoices") == ["invoices", "2", dir + "/export.csv"])
    #expect(run.stdout.contains("open items (gross)          1,244.50  2 items"))
    #expect(run.stdout.contains("2 documents without due date"))
  }

  @Test("--table reads one table from a file named on the command line; bad usage exits 64")
  func tableOption() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write("invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,10\n", to: dir + "/sales.csv")
    let ok = try ArqlBinary.run(["info", "--table", "invoices=sales.csv"], in: dir)
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout.contains("balance (net AR)            10.00"))
    let bad = try ArqlBinary.run(["info", "--table", "invoice=sales.csv", "--date-format", "yy"], in: dir)
    #expect(bad.status == 64)
    let missing = try ArqlBinary.run(["info", dir + "/nope"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("error[L001]: no such ledger folder"))
  }

  @Test("arql gen writes a ledger that arql loads, deterministically")
  func generate() throws {
    let a = ArqlBinary.folder()
    let b = ArqlBinary.folder()
    let gen = try ArqlBinary.run(["gen", "--invoices", "1500", "--seed", "9", "--out", a])
    #expect(gen.status == 0, "\(gen.stderr)")
    #expect(gen.stdout.contains("invoices.csv"))
    _ = try ArqlBinary.run(["gen", "--invoices", "1500", "--seed", "9", "--threads", "1", "--out", b])
    for name in ["customers.csv", "invoices.csv", "payments.csv", "actions.csv"] {
      #expect(FileManager.default.contents(atPath: a + "/" + name) == FileManager.default.contents(atPath: b + "/" + name))
    }
    let open = try ArqlBinary.run(["info", a])
    #expect(open.status == 0, "\(open.stderr)")
    #expect(Self.words(open.stdout, "customers")?.prefix(2) == ["customers", "150"])
  }

  @Test("the bundled demo ledger loads cleanly")
  func demo() throws {
    let run = try ArqlBinary.run(["info", ArqlBinary.root + "/examples/demo"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(Self.words(run.stdout, "customers")?.prefix(2) == ["customers", "200"])
    #expect(!run.stdout.contains("rejected"))
  }
}

@Suite("Queries from the command line")
struct QueryCommandTests {
  static var miniLedger: String { ArqlBinary.root + "/Tests/ArqlLedgerTests/Fixtures/mini-ledger" }

  @Test("-c with --format csv: dimensions then metrics, money with two decimals")
  func csv() throws {
    let run = try ArqlBinary.run([Self.miniLedger, "-c", "balance, overdue by division as of 2025-03-31", "--format", "csv"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "division,balance,overdue\nNorth,12000.00,2000.00\nSouth,13000.00,6500.00\n")
  }

  @Test("-c with --format json, ratios unrounded, several -c in order")
  func json() throws {
    let run = try ArqlBinary.run([Self.miniLedger, "-c", "define metric share = overdue / gross_open",
                                  "-c", "share as of 2025-03-31", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == """
      {
        "as_of": "2025-03-31",
        "as_of_source": "as of clause",
        "window": null,
        "flags": {},
        "cell_flags": [],
        "notes": [],
        "columns": [{"name": "share", "role": "metric", "unit": "ratio", "scale": "fraction"}],
        "rows": [
          {"share": 0.32075471698113206}
        ]
      }

      """)
  }

  @Test("a bad query exits 1 with the diagnostic on stderr")
  func badQuery() throws {
    let run = try ArqlBinary.run([Self.miniLedger, "-c", "balanse by division"])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("error[E010]: unknown metric 'balanse'"))
    #expect(run.stderr.contains("^^^^^^^ did you mean 'balance'?"))
    let unknownDimension = try ArqlBinary.run([Self.miniLedger, "-c", "balance by divison"])
    #expect(unknownDimension.status == 1)
    #expect(unknownDimension.stderr.contains("error[E011]: unknown dimension 'divison'"))
  }

  @Test("'to FILE' writes the result")
  func toFile() throws {
    let dir = ArqlBinary.folder()
    let run = try ArqlBinary.run([Self.miniLedger, "-c", "aged balance as of 2025-03-31 as csv to '\(dir)/aging.csv'"])
    #expect(run.status == 0, "\(run.stderr)")
    let text = try String(contentsOfFile: dir + "/aging.csv", encoding: .utf8)
    #expect(text.hasSuffix("18000.00,2000.00,4000.00,2500.00,0.00,0.00,-1500.00,25000.00\n"))
  }

  @Test("golden: examples/position.arql on the demo ledger (RECORD=1 re-records)")
  func golden() throws {
    let script = try String(contentsOfFile: ArqlBinary.root + "/examples/position.arql", encoding: .utf8)
    let run = try ArqlBinary.run([ArqlBinary.root + "/examples/demo", "-c", script])
    #expect(run.status == 0, "\(run.stderr)")
    let expectedPath = ArqlBinary.root + "/Tests/Fixtures/expected/position.out"
    if ProcessInfo.processInfo.environment["RECORD"] == "1" { try run.stdout.write(toFile: expectedPath, atomically: true, encoding: .utf8) }
    let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
    #expect(run.stdout == expected)
  }
}
