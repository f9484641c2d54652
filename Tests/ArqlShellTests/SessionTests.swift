import ArqlLedger
import ArqlReport
import Foundation
import Testing
@testable import ArqlShell

/// A session on the mini-ledger with its output captured.
final class Capture {
  let session: Session

  static var miniLedger: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("ArqlLedgerTests/Fixtures/mini-ledger").path
  }

  init(interactive: Bool = true, load: Bool = true) {
    let box = Box()
    session = Session(output: ShellOutput(out: { box.out.append($0) }, err: { box.err.append($0) }), today: Day.parseISO("2026-11-29") ?? 0)
    session.echo = interactive
    if load { session.load(Capture.miniLedger) }
    self.box = box
  }

  final class Box {
    var out: [String] = []
    var err: [String] = []
  }
  let box: Box

  var output: String { box.out.joined(separator: "\n") }
  var errors: String { box.err.joined(separator: "\n") }
}

@Suite("Shell sessions through a scripted line reader")
struct SessionTests {
  @Test("a multi-line statement continues on a ...> prompt and is one history entry")
  func continuation() {
    let c = Capture()
    let reader = ScriptedLineReader(["balance, overdue", "  by division", "  as of 2025-03-31", ".quit"], interactive: true)
    let status = Repl.run(c.session, reader: reader)
    #expect(status == .ok)
    #expect(reader.prompts == [Repl.prompt, Repl.prompt, Repl.prompt, Repl.prompt])
    #expect(reader.history.count == 3)
    let multi = ScriptedLineReader(["balance by", "division as of 2025-03-31", ".quit"], interactive: true)
    _ = Repl.run(c.session, reader: multi)
    #expect(multi.prompts == [Repl.prompt, Repl.continuation, Repl.prompt])
    #expect(multi.history == ["balance by\ndivision as of 2025-03-31"])
    #expect(c.output.contains("│ North    │ 12,000.00 │"))
  }

  @Test("Ctrl-C at the prompt drops the statement being typed; Ctrl-D leaves")
  func interrupt() {
    let c = Capture()
    let reader = ScriptedLineReader(["balance by", "\u{3}", "overdue as of 2025-03-31"], interactive: true)
    #expect(Repl.run(c.session, reader: reader) == .ok)
    #expect(reader.history == ["overdue as of 2025-03-31"])
    #expect(c.output.contains("8,500.00"))
    #expect(!c.output.contains("division"))
  }

  @Test(".help is generated from the command table")
  func help() {
    let c = Capture()
    _ = c.session.handle(line: ".help")
    for command in DotCommand.all { #expect(c.output.contains("." + command.name), "\(command.name)") }
    c.box.out = []
    _ = c.session.handle(line: ".help mode")
    #expect(c.output.hasPrefix(".mode [table|ascii|vertical|csv|csv_fr|tsv|json|jsonl|markdown|html]"))
    _ = c.session.handle(line: ".hlp")
    #expect(c.errors.contains("unknown command '.hlp'; did you mean '.help'?"))
  }

  @Test(".schema lists a table's extra columns with the type read from their values and the name queries use (issue #16)")
  func schemaExtras() throws {
    let folder = NSTemporaryDirectory() + "arql-schema-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "invoice_id,customer_id,doc_date,amount,DaysLate,Cleared,Code région\nI1,C1,2025-01-01,10.00,3,2025-02-01,N01\nI2,C2,2025-01-02,20.00,0,2025-02-03,S02\n"
      .write(toFile: folder + "/invoices.csv", atomically: true, encoding: .utf8)
    try "payment_id,customer_id,payment_date,amount,Bank\nP1,C1,2025-02-01,10.00,BNP\n".write(toFile: folder + "/payments.csv", atomically: true, encoding: .utf8)
    let c = Capture(load: false)
    c.session.load(folder)
    c.box.out = []
    _ = c.session.handle(line: ".schema invoices")
    #expect(c.output.contains("\n  extra columns: DaysLate number as dayslate, Cleared date as cleared, Code région text as `code région`"))
    c.box.out = []
    _ = c.session.handle(line: ".schema payments")
    #expect(c.output.contains("\n  extra columns: Bank text (kept, not queryable)"))
  }

  @Test(".mode, .timer, .maxrows and .last")
  func outputSettings() {
    let c = Capture()
    _ = c.session.handle(line: ".mode csv")
    _ = c.session.handle(line: "balance by customer as of 2025-03-31")
    #expect(c.output.contains("customer,balance\nC1,3000.00\nC2,13000.00\nC3,9000.00"))
    _ = c.session.handle(line: ".mode table")
    _ = c.session.handle(line: ".maxrows 2")
    c.box.out = []
    _ = c.session.handle(line: "balance by customer as of 2025-03-31")
    #expect(c.output.contains("… 1 more row (.last shows all)"))
    #expect(!c.output.contains("C3"))
    c.box.out = []
    _ = c.session.handle(line: ".last")
    #expect(c.output.contains("C3"))
    _ = c.session.handle(line: ".timer on")
    _ = c.session.handle(line: "balance")
    #expect(c.errors.contains("time: "))
    // Tables fit the terminal's width, asked at each result.
    c.box.out = []
    c.session.terminalWidth = { 40 }
    _ = c.session.handle(line: "balance, overdue, not_due, gross_open by customer as of 2025-03-31")
    #expect(c.output.contains("more columns: "))
    #expect(c.output.components(separatedBy: "\n").prefix(3).allSatisfy { $0.count <= 40 })
  }

  @Test(".describe, .metrics, .dims, .tables, .schema, .show, .asof, .set, .examples")
  func introspection() {
    let c = Capture()
    _ = c.session.handle(line: ".describe aged balance")
    #expect(c.output.contains("aged_balance: The aged balance"))
    #expect(c.output.contains("argument buckets:"))
    _ = c.session.handle(line: ".metrics")
    #expect(c.output.contains("credit_sales (sales, billed, credit sales, net sales, ventes, chiffre d'affaires) — window, money"))
    _ = c.session.handle(line: ".dims")
    #expect(c.output.contains("division, sales_rep, collector"))
    _ = c.session.handle(line: ".tables")
    #expect(c.output.contains("invoices   11 rows"))
    _ = c.session.handle(line: ".schema payments")
    #expect(c.output.contains("payments: payment_id key, customer_id key, payment_date day, amount money"))
    _ = c.session.handle(line: ".asof 2025-02-28")
    #expect(c.output.contains("as of 2025-02-28 (session setting)"))
    c.box.out = []
    _ = c.session.handle(line: "balance")
    #expect(c.output.contains("16,500.00"))
    _ = c.session.handle(line: ".set fiscal_year_start 4")
    _ = c.session.handle(line: ".show")
    #expect(c.output.contains("fiscal_year_start: 4"))
    _ = c.session.handle(line: ".examples")
    #expect(c.output.contains("aged balance by customer top 20"))
    _ = c.session.handle(line: ".describe balanse")
    #expect(c.errors.contains("did you mean 'balance'?"))
  }

  @Test(".once and .output write files; .read runs a script")
  func files() throws {
    let c = Capture()
    let dir = NSTemporaryDirectory() + "arql-shell-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    _ = c.session.handle(line: ".mode csv")
    _ = c.session.handle(line: ".once \(dir)/one.csv")
    _ = c.session.handle(line: "balance as of 2025-03-31")
    #expect(try String(contentsOfFile: dir + "/one.csv", encoding: .utf8) == "balance\n25000.00\n")
    _ = c.session.handle(line: ".output \(dir)/all.csv")
    _ = c.session.handle(line: "overdue as of 2025-03-31")
    _ = c.session.handle(line: "not_due as of 2025-03-31")
    _ = c.session.handle(line: ".output")
    #expect(try String(contentsOfFile: dir + "/all.csv", encoding: .utf8) == "overdue\n8500.00\nnot_due\n18000.00\n")
    try "define metric late = overdue / gross_open\nlate as of 2025-03-31\n".write(toFile: dir + "/s.arql", atomically: true, encoding: .utf8)
    c.box.out = []
    _ = c.session.handle(line: ".read \(dir)/s.arql")
    #expect(c.output.contains("0.32075471698113206"))
  }

  @Test("errors set the status; a script stops at the first error unless keep-going")
  func errors() {
    let c = Capture(interactive: false)
    // A script that does not parse runs nothing; a statement that fails stops the ones after it.
    #expect(c.session.run("balance\nbalanse\noverdue", name: "s.arql") == .queryFailed)
    #expect(c.errors.contains("--> s.arql:2:1"))
    #expect(c.box.out.isEmpty)
    #expect(c.session.run("balance\nbalance by divison\noverdue", name: "t.arql") == .queryFailed)
    #expect(c.errors.contains("--> t.arql:2:12"))
    #expect(c.box.out.count == 1)
    let k = Capture(interactive: false)
    k.session.keepGoing = true
    #expect(k.session.run("balance by divison\noverdue as of 2025-03-31", name: "s.arql") == .queryFailed)
    #expect(k.output.contains("8,500.00"))
  }
}

@Suite("Tab completion")
struct CompletionTests {
  static func words(_ before: String) -> [String] {
    if case .words(let w) = Completer(session: Capture().session).complete(before: before) { return w }
    return ["<file>"]
  }

  @Test("metric names, dimensions, keywords, dimension values, dot-commands and files", arguments: [
    ("bal", ["balance", "balance agee"]),
    ("aged", ["aged balance", "aged_balance"]),
    ("balance by divi", ["division"]),
    ("balance where division = 'N", ["'North'"]),
    ("balance where division in ('North', 'S", ["'South'"]),
    ("balance where category = ", ["'Retail'", "'Wholesale'"]),
    (".he", [".help"]),
    (".re", [".read", ".reload"]),
    ("balance by division ord", ["order by"]),
    ("balance as of 2025-03-31 to", ["to", "top"]),
    (".mode j", ["json", "jsonl"]),
    ("balance by division as m", ["markdown"]),
    ("balance by month chart s", ["spark", "stacked"]),
    // Inside a metric's parentheses: its argument names, then the words the argument takes.
    ("dso(", ["method:", "zero_month:"]),
    ("dso(method: c", ["countback"]),
    ("aged balance(basis: ", ["due_date", "doc_date"]),
    ("dbt(method: payments, w", ["weight:"]),
    ("credit_overrun(exposure: r", ["risk", "real"]),
    ("balance where division in ('N", ["'North'"]),
  ])
  func complete(before: String, expected: [String]) {
    #expect(Self.words(before) == expected)
  }

  @Test("file names after .read, .load, .append (each of its files), to and load csv")
  func fileNames() {
    for text in [".read ex", ".load ", ".append ", ".append invoices_1203.csv pay", "balance as csv to 'a", "load csv 'x"] {
      #expect(Completer(session: Capture().session).complete(before: text) == .fileName, "\(text)")
    }
  }
}
