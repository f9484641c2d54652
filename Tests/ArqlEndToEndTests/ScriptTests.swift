import Foundation
import Testing

@Suite("Scripts, stdin and exit codes")
struct ScriptTests {
  static var mini: String { ArqlBinary.root + "/Tests/ArqlLedgerTests/Fixtures/mini-ledger" }

  static func script(_ text: String) throws -> String {
    let path = ArqlBinary.folder() + "/s.arql"
    try ArqlBinary.write(text, to: path)
    return path
  }

  @Test("arql run with typed parameters; a missing or unknown parameter exits 64")
  func parameters() throws {
    let s = try Self.script("#!/usr/bin/env arql run\nparam div: text\nparam cutoff: date = 2025-03-31\nbalance where division = $div as of $cutoff\n")
    let ok = try ArqlBinary.run(["run", s, Self.mini, "--format", "csv", "--", "div=South"])
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout == "balance\n13000.00\n")
    let dated = try ArqlBinary.run(["run", s, Self.mini, "--format", "csv", "--", "div=North", "cutoff=2025-02-28"])
    #expect(dated.stdout == "balance\n10000.00\n")  // North at 2025-02-28: I6 6 000 + I7 5 000 − CN1 1 000
    let missing = try ArqlBinary.run(["run", s, Self.mini])
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("needs div (text)"))
    let unknown = try ArqlBinary.run(["run", s, Self.mini, "--", "dvi=South", "div=North"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("has no parameter 'dvi'"))
    let typed = try ArqlBinary.run(["run", s, Self.mini, "--", "div=North", "cutoff=31/03/2025"])
    #expect(typed.status == 64)
    #expect(typed.stderr.contains("cutoff is a date yyyy-MM-dd"))
  }

  @Test("a failing statement stops the script with exit 1 and file:line:col; --keep-going runs on")
  func failFast() throws {
    let s = try Self.script("balance as of 2025-03-31\nbalance by divison\noverdue as of 2025-03-31\n")
    let stop = try ArqlBinary.run(["run", s, Self.mini, "--format", "csv"])
    #expect(stop.status == 1)
    #expect(stop.stdout == "balance\n25000.00\n")
    #expect(stop.stderr.contains("--> \(s):2:12"))
    let go = try ArqlBinary.run(["run", s, Self.mini, "--format", "csv", "--keep-going"])
    #expect(go.status == 1)
    #expect(go.stdout == "balance\n25000.00\noverdue\n8500.00\n")
  }

  @Test("statements piped on stdin run as a script; a load error exits 2")
  func stdin() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write("balance as of 2025-03-31\noverdue as of 2025-03-31\n", to: dir + "/in.arql")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ArqlBinary.path)
    process.arguments = [Self.mini, "--format", "csv"]
    process.standardInput = FileHandle(forReadingAtPath: dir + "/in.arql")
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(String(decoding: data, as: UTF8.self) == "balance\n25000.00\noverdue\n8500.00\n")
    let bad = try ArqlBinary.run([dir + "/nowhere", "-c", "balance"])
    #expect(bad.status == 2)
  }

  @Test("arql check binds scripts without data and reports every error")
  func check() throws {
    let good = try ArqlBinary.run(["check", ArqlBinary.root + "/examples/tour.arql", ArqlBinary.root + "/examples/weekly.arql"])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stdout.contains("tour.arql: ok"))
    let s = try Self.script("balance by divison\noverdue wher x\nrun nothing\n")
    let bad = try ArqlBinary.run(["check", s])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("error[E001]"))
  }

  @Test("check and run accept the same language: every shipped script checks, dot-commands included")
  func checkAcceptsWhatRunRuns() throws {
    let folder = ArqlBinary.root + "/examples"
    let scripts = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".arql") }.map { folder + "/" + $0 }
      + (try FileManager.default.contentsOfDirectory(atPath: folder + "/reports")).filter { $0.hasSuffix(".arql") }.map { folder + "/reports/" + $0 }
    #expect(scripts.count >= 12)
    let run = try ArqlBinary.run(["check"] + scripts)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.split(separator: "\n").count == scripts.count)
  }

  @Test("check rejects a misspelt column in where and an unknown dot-command, each with a did-you-mean")
  func checkBindsWhereColumns() throws {
    let s = try Self.script("balance where divisoin = 'North'\n.ouptut x.csv\noverdue where days_past_due > 90 and categry = 'Retail'\n")
    let run = try ArqlBinary.run(["check", s])
    #expect(run.status == 1)
    #expect(run.stderr.contains("error[E011]: unknown column 'divisoin'"))
    #expect(run.stderr.contains("did you mean 'division'?"))
    #expect(run.stderr.contains("error[E013]: unknown command '.ouptut'"))
    #expect(run.stderr.contains("did you mean '.output'?"))
    #expect(run.stderr.contains("unknown column 'categry'"))
    // run meets the same unknown command and stops there (exit 64), before the query after it.
    let stopped = try ArqlBinary.run(["run", try Self.script(".ouptut x.csv\nbalance\n"), Self.mini])
    #expect(stopped.status == 64)
    #expect(stopped.stdout.isEmpty)
  }

  @Test("results written with 'to' and files read with .read")
  func files() throws {
    let dir = ArqlBinary.folder()
    let s = try Self.script("aged balance by division as of 2025-03-31 as csv to '\(dir)/aging.csv'\n")
    let run = try ArqlBinary.run(["run", s, Self.mini])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("wrote 2 rows to \(dir)/aging.csv"))
    let text = try String(contentsOfFile: dir + "/aging.csv", encoding: .utf8)
    #expect(text.hasPrefix("division,aged_balance_current,"))
  }
}

@Suite("The load statement")
struct LoadStatementTests {
  @Test("load csv maps a foreign export into a table of the ledger; load of a folder opens it")
  func load() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write("Nr;Kunde;Datum;Betrag;Text\nA1;K1;1/15/2025;1.234,50;x\nA2;K2;2/3/2025;10,00;y\n", to: dir + "/export.csv")
    let script = dir + "/load.arql"
    try ArqlBinary.write("""
      load csv '\(dir)/export.csv' as invoices with delimiter = ';', decimal = ',', thousands = '.', date_format = 'M/d/yyyy', columns(invoice_id = 'Nr', customer_id = 'Kunde', doc_date = 'Datum', amount = 'Betrag'), ignore('Text')
      gross_open by customer as of 2025-03-31
      load csv '\(ScriptTests.mini)'
      balance as of 2025-03-31
      """, to: script)
    let run = try ArqlBinary.run(["run", script, "--format", "csv"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "customer,gross_open\nK1,1234.50\nK2,10.00\nbalance\n25000.00\n")
    // Into a ledger with customers.csv, unknown customers are refused and the ledger stays.
    let refused = try ArqlBinary.run(["run", script, ScriptTests.mini, "--format", "csv"])
    #expect(refused.status == 2)  // a load error
    #expect(refused.stderr.contains("unknown customer 'K1'"))
    // A FEC that is not there is a load failure (exit 2); a FEC file, or a folder holding one
    // beside its side files, loads as a ledger.
    try ArqlBinary.write("load fec 'x.txt'\n", to: script)
    let missing = try ArqlBinary.run(["run", script, ScriptTests.mini])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("x.txt"))
    // A file that is not a FEC is a load failure too, with what a FEC looks like.
    let notFec = ArqlBinary.folder() + "/notfec.txt"
    try ArqlBinary.write("a,b\n1,2\n", to: notFec)
    try ArqlBinary.write("load fec '\(notFec)'\n", to: script)
    let wrong = try ArqlBinary.run(["run", script, ScriptTests.mini])
    #expect(wrong.status == 2)
    #expect(wrong.stderr.contains("is not a FEC") && wrong.stderr.contains("names its 18 columns"))
    let fecFile = ArqlBinary.root + "/examples/fec/552100554FEC20251231.txt"
    try ArqlBinary.write("load fec '\(fecFile)' with strict_balance = true\nbalance, unapplied\n", to: script)
    let fec = try ArqlBinary.run(["run", script, ScriptTests.mini, "--format", "csv"])
    #expect(fec.status == 0, "\(fec.stderr)")
    let folder = try ArqlBinary.run([ArqlBinary.root + "/examples/fec", "-c", "balance, unapplied", "--format", "csv"])
    #expect(folder.status == 0, "\(folder.stderr)")
    #expect(fec.stdout.hasPrefix("balance,unapplied\n"))
    #expect(fec.stdout == folder.stdout)  // no due date in these: the side files change nothing
  }
}

@Suite("Dot-commands in scripts, colour, interruption")
struct ScriptShellTests {
  @Test("dot-commands run in their place between statements")
  func dotCommandsInScripts() throws {
    let dir = ArqlBinary.folder()
    let script = dir + "/dots.arql"
    try ArqlBinary.write("balance as of 2025-03-31\n.mode csv\nbalance as of 2025-03-31\n.once \(dir)/o.csv\noverdue as of 2025-03-31\n", to: script)
    let run = try ArqlBinary.run(["run", script, ScriptTests.mini])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("25,000.00"))
    #expect(run.stdout.hasSuffix("balance\n25000.00\n"))
    #expect(try String(contentsOfFile: dir + "/o.csv", encoding: .utf8) == "overdue\n8500.00\n")
  }

  @Test("--color always paints the diagnostic; never and NO_COLOR do not")
  func color() throws {
    let painted = try ArqlBinary.run([ScriptTests.mini, "-c", "balanse", "--color", "always"])
    #expect(painted.stderr.contains("\u{1B}[1;31merror[E010]\u{1B}[0m"))
    let plain = try ArqlBinary.run([ScriptTests.mini, "-c", "balanse", "--color", "never"])
    #expect(!plain.stderr.contains("\u{1B}["))
    let auto = try ArqlBinary.run([ScriptTests.mini, "-c", "balanse"])  // stderr is a pipe
    #expect(!auto.stderr.contains("\u{1B}["))
  }

  @Test("SIGINT during a query exits 130")
  func interrupted() throws {
    let dir = ArqlBinary.folder()
    let gen = try ArqlBinary.run(["gen", "--invoices", "100000", "--out", dir])
    #expect(gen.status == 0)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ArqlBinary.path)
    process.arguments = [dir, "-c", "aged balance by customer, day last 1000 days"]
    // 10 million rows: slow on purpose, past the default row limit (E049), which is lifted here.
    process.environment = ProcessInfo.processInfo.environment.merging(["ARQL_ROW_LIMIT": "100000000"]) { $1 }
    // Not a pipe nobody reads: a full pipe would block the query's output and the test with it.
    process.standardOutput = FileHandle.nullDevice
    let err = Pipe()
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    Thread.sleep(forTimeInterval: 4)
    // Interrupt until it stops (the first one may land while the ledger loads: that exits 130 too).
    for _ in 0..<60 where process.isRunning {
      process.interrupt()
      Thread.sleep(forTimeInterval: 0.5)
    }
    if process.isRunning { process.terminate() }
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130, "\(text)")
  }
}

@Suite("--strict and filter typos")
struct StrictTests {
  @Test("a where value no row has fails the statement with --strict (exit 1) and only warns without it (issue #18 item 3)")
  func strict() throws {
    let demo = ArqlBinary.root + "/examples/demo"
    let loose = try ArqlBinary.run([demo, "-c", "balance where division = 'Nort'"])
    #expect(loose.status == 0)
    #expect(loose.stdout.contains("warning: no division is 'Nort'; did you mean 'North'?"))
    let strict = try ArqlBinary.run([demo, "-c", "balance where division = 'Nort'", "--strict"])
    #expect(strict.status == 1)
    #expect(strict.stderr.contains("no division is 'Nort'"))
    #expect(try ArqlBinary.run([demo, "-c", "balance where division = 'North'", "--strict"]).status == 0)
  }
}

@Suite("--as-of and --locale")
struct SettingFlagsTests {
  @Test("--as-of and --locale set what set as_of and set locale do; bad values are usage errors (issue #18 item 12)")
  func flags() throws {
    let demo = ArqlBinary.root + "/examples/demo"
    let flagged = try ArqlBinary.run([demo, "--as-of", "2025-06-30", "--format", "csv", "-c", "balance"])
    let clause = try ArqlBinary.run([demo, "--format", "csv", "-c", "balance as of 2025-06-30"])
    #expect(flagged.status == 0 && flagged.stdout == clause.stdout)
    let french = try ArqlBinary.run([demo, "--as-of", "2025-06-30", "--locale", "fr", "-c", "balance"])
    #expect(french.stdout.contains("276\u{202F}594,73 €") && french.stdout.contains("30/06/2025"))  // a narrow no-break space between thousands
    #expect(try ArqlBinary.run([demo, "--as-of", "2025-13-01", "-c", "balance"]).status == 64)
    #expect(try ArqlBinary.run([demo, "--locale", "de", "-c", "balance"]).status == 64)
  }
}
