import Foundation
import Testing

/// Issue #18 items 6, 7, 10 and 12 through the real binary: French words, short aged-balance
/// headings that keep the total at 80 columns, `list` (the open items behind a total), the
/// vertical and French-Excel formats, `--init` and `~/.arqlrc`.
@Suite("What a credit manager hits in the first hour")
struct FirstHourTests {
  static var mini: String { CommandLineTests.miniLedger }
  static var demo: String { ArqlBinary.root + "/examples/demo" }

  func run(_ ledger: String, _ statements: String, _ extra: [String] = []) throws -> ArqlBinary.Run {
    try ArqlBinary.run([ledger] + extra + ["-c", statements])
  }

  // MARK: - list (item 10)

  @Test("list items: every open item of the mini-ledger at its as-of date, hand-checked, adding up to the balance")
  func listItems() throws {
    let r = try run(Self.mini, "list items as csv")
    #expect(r.status == 0, "\(r.stderr)")
    // kpi-spec §9: balance 25,000.00 = 7 open debit items (26,500.00) − CN1 1,000.00 − PU 500.00.
    // Fully paid I1, I3, I4 are not listed. Days past due at 2025-03-30: I2 80, I5 34, I7 13.
    // Promises: P1 (I2) kept on R2's day; P2 (I5) broken; P4 is I7's last, pending. D2 is open on I2.
    #expect(r.stdout == """
      item,customer,name,type,doc_date,due_date,days_past_due,balance,dispute,promise
      CN1,C1,ACME,CN,2025-02-20,2025-02-20,,-1000.00,,
      I7,C1,ACME,INV,2025-02-15,2025-03-17,13,2000.00,,pending: 2000.00 by 2025-04-04
      I10,C1,ACME,INV,2025-03-28,2025-04-27,0,2000.00,,
      I2,C2,BETA,INV,2024-12-10,2025-01-09,80,2500.00,D2 price since 2025-02-10,kept 2025-02-05
      I5,C2,BETA,INV,2025-01-25,2025-02-24,34,4000.00,,broken: 4000.00 by 2025-03-15
      I8,C2,BETA,INV,2025-03-05,2025-04-04,0,7000.00,,
      PU,C2,BETA,PAY,2025-03-30,,,-500.00,,
      I6,C3,GAMMA,INV,2025-02-05,2025-04-06,0,6000.00,,
      I9,C3,GAMMA,INV,2025-03-20,2025-04-19,0,3000.00,,

      """)
    let table = try run(Self.mini, "list items")
    #expect(table.stdout.contains("note: 9 open items; together: balance 25000.00"))
  }

  @Test("list overdue: only the late items, ordered and ranked like any result; a window metric or a by is refused")
  func listOverdue() throws {
    let r = try run(Self.mini, "list overdue order by days_past_due desc as csv")
    #expect(r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[0] } == ["I2", "I5", "I7"])
    let top = try run(Self.mini, "list overdue top 1 as csv")
    #expect(top.stdout.split(separator: "\n").count == 2 && top.stdout.contains("\nI5,C2,BETA,INV,2025-01-25,2025-02-24,34,4000.00,"))
    let earlier = try run(Self.mini, "list overdue as of 2025-02-28 as csv")
    // At 2025-02-28: I2 (1,500.00 paid of 4,000.00) 50 days late, I5 4 days, I7 not yet due.
    #expect(earlier.stdout.contains("\nI2,C2,BETA,INV,2024-12-10,2025-01-09,50,2500.00,"))
    #expect(earlier.stdout.contains("\nI5,C2,BETA,INV,2025-01-25,2025-02-24,4,4000.00,"))
    #expect(!earlier.stdout.contains("\nI7,"))
    let window = try run(Self.mini, "list dso")
    #expect(window.status == 1 && window.stderr.contains("error[E045]") && window.stderr.contains("'dso' is measured over a window"))
    let grouped = try run(Self.mini, "list balance by customer")
    #expect(grouped.status == 1 && grouped.stderr.contains("it takes no by"))
    let badOrder = try run(Self.mini, "list items order by days_past_du")
    #expect(badOrder.status == 1 && badOrder.stderr.contains("no such column in the list") && badOrder.stderr.contains("did you mean 'days_past_due'?"))
    // `arql check` refuses what `run` refuses (issue #18 item 4).
    let dir = ArqlBinary.folder()
    for (text, message) in [("list dso\n", "measured over a window"), ("list items order by days_past_du\n", "no such column in the list")] {
      try ArqlBinary.write(text, to: dir + "/list.arql")
      let checked = try ArqlBinary.run(["check", dir + "/list.arql", Self.mini])
      #expect(checked.status == 1 && checked.stderr.contains(message), "\(text): \(checked.stderr)")
    }
    try ArqlBinary.write("list overdue where division = 'North' order by days_past_due desc top 5\n", to: dir + "/list.arql")
    #expect(try ArqlBinary.run(["check", dir + "/list.arql"]).status == 0)
  }

  @Test("list aged balance puts each item in its bucket; the rows of any filter add up to the ungrouped total (demo ledger)")
  func listAddsUp() throws {
    let aged = try run(Self.mini, "list aged balance as csv")
    #expect(aged.stdout.hasPrefix("item,customer,name,type,doc_date,due_date,days_past_due,bucket,aged_balance_total,dispute,promise\n"))
    #expect(aged.stdout.contains("\nI2,C2,BETA,INV,2024-12-10,2025-01-09,80,61–90,2500.00,"))
    #expect(aged.stdout.contains("\nI6,C3,GAMMA,INV,2025-02-05,2025-04-06,0,current,6000.00,"))
    #expect(aged.stdout.contains("\nPU,C2,BETA,PAY,2025-03-30,,,unapplied,-500.00,"))
    for (metric, filter) in [("balance", "division = 'North'"), ("overdue", "days_past_due > 30"), ("not_due", "category = 'Retail'"),
                             ("unapplied", "division = 'South'"), ("disputed_amount", "amount > 0")] {
      let total = try run(Self.demo, "\(metric) where \(filter) as csv").stdout.split(separator: "\n")[1]
      let items = try run(Self.demo, "list \(metric) where \(filter) as csv")
      #expect(items.status == 0, "\(items.stderr)")
      let lines = items.stdout.split(separator: "\n")
      let column = try #require(lines.first?.split(separator: ",").firstIndex(of: Substring(metric)))
      var cents: Int64 = 0
      for line in lines.dropFirst() {
        // Names hold no commas in the demo ledger but may be quoted: take fields from the right.
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        let value = fields[fields.count - (lines[0].split(separator: ",").count - column)]
        let parts = value.split(separator: ".")
        let cent = Int64(parts[0].replacingOccurrences(of: "-", with: ""))! * 100 + Int64(parts[1])!
        cents += value.hasPrefix("-") ? -cent : cent
        #expect(cent != 0, "a zero row: \(line)")
      }
      let expected = total.split(separator: ".")
      let expectedCents = Int64(expected[0].replacingOccurrences(of: "-", with: ""))! * 100 + Int64(expected[1])!
      #expect(cents == (total.hasPrefix("-") ? -expectedCents : expectedCents), "list \(metric) where \(filter)")
    }
  }

  // MARK: - French (item 6)

  @Test("French words: par, accents, elisions, client, mois; the same figures as the English query")
  func french() throws {
    let pairs = [
      ("balance âgée par client top 3 as csv", "aged balance by customer top 3 as csv"),
      ("encours échu par division as csv", "overdue by division as csv"),
      ("taux d'échu par commercial as csv", "overdue_share by sales_rep as csv"),
      ("taux d’échu as csv", "overdue_share as csv"),
      ("percent over 90 dpd by division as csv", "overdue_90_share by division as csv"),
      ("encaissements par mois last 3 months as csv", "collected by month last 3 months as csv"),
      ("balance par pays where client = 'C000042' as csv", "balance by country where customer = 'C000042' as csv"),
      ("dso par epuisement as csv", "countback_dso as csv"),
    ]
    for (french, english) in pairs {
      let f = try run(Self.demo, french)
      let e = try run(Self.demo, english)
      #expect(f.status == 0, "\(french): \(f.stderr)")
      // The French grouping names become the native ones: the results are the same bytes.
      #expect(f.stdout == e.stdout, "\(french)")
    }
    // A string still starts at an apostrophe that follows no elided word.
    #expect(try run(Self.mini, "balance where customer='C1' as csv").stdout == "balance\n3000.00\n")
  }

  @Test("set locale = fr: French headings, footer and notes; csv_fr for French Excel; machine formats unchanged")
  func frenchOutput() throws {
    let table = try run(Self.mini, "set locale = fr; balance, overdue by customer")
    #expect(table.stdout.contains("│ client │     encours │       échu │"), "\(table.stdout)")
    #expect(table.stdout.contains("│ C2     │ 13\u{202F}000,00 € │ 6\u{202F}500,00 € │"), "\(table.stdout)")
    #expect(table.stdout.contains("3 lignes · au 30/03/2025 (dernière date comptable)"))
    let excel = try run(Self.mini, "balance, overdue_share by customer as csv_fr")
    #expect(excel.stdout == "customer;balance;overdue_share\nC1;3000,00;0,5\nC2;13000,00;0,48148148148148145\nC3;9000,00;0\n")
    let file = ArqlBinary.folder() + "/fr.csv"
    _ = try run(Self.mini, "balance by customer as csv_fr to '\(file)'")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark for Excel")
    #expect(try run(Self.mini, "set locale = fr; balance by customer as csv").stdout == "customer,balance\nC1,3000.00\nC2,13000.00\nC3,9000.00\n")
  }

  // MARK: - Readable aged balance (item 7)

  @Test("the aged balance has short headings, and at 80 columns keeps its total (unapplied left out first, and said)")
  func agedBalanceFits() throws {
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["COLUMNS"] = "80"
    let r = try ArqlBinary.execute(ArqlBinary.path, [Self.demo, "-c", "aged balance by customer top 5"], environment: environment)
    let lines = r.stdout.split(separator: "\n")
    #expect(lines[1].contains("│ customer │   Current │") && lines[1].hasSuffix("│     Total │"), "\(r.stdout)")
    #expect(lines.filter { "┌│├└".contains($0.first ?? " ") }.allSatisfy { $0.count <= 80 }, "\(r.stdout)")
    #expect(r.stdout.contains("more column") && r.stdout.contains("Unapplied"))
    let french = try ArqlBinary.execute(ArqlBinary.path, [Self.mini, "-c", "set locale = fr; aged balance"], environment: environment)
    #expect(french.stdout.contains("│    Non échu │") && french.stdout.contains("│       Total │"), "\(french.stdout)")
    #expect(french.stdout.contains("… 2 colonnes de plus : > 120, Non affecté"), "\(french.stdout)")
    // Machine formats keep the column names.
    #expect(try run(Self.mini, "aged balance as csv").stdout.hasPrefix("aged_balance_current,aged_balance_1_30,"))
  }

  @Test(".mode vertical: one block per row, numbers aligned")
  func vertical() throws {
    let r = try run(Self.mini, "aged balance by customer top 1 as vertical")
    #expect(r.stdout == """
      ── row 1 ──────────────
      customer  │ C2
      Current   │  7,000.00
      1–30      │      0.00
      31–60     │  4,000.00
      61–90     │  2,500.00
      91–120    │      0.00
      > 120     │      0.00
      Unapplied │   -500.00
      Total     │ 13,000.00
      1 row · as of 2025-03-30 (latest posting date)

      """)
  }

  // MARK: - Conventions (item 12)

  @Test("--init FILE runs first in every mode; a failure there stops -c with its code; an unreadable one is a usage error")
  func initFile() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write("set locale = fr\ndefine metric severe = overdue where days_past_due > 30\n", to: dir + "/init.arql")
    let r = try ArqlBinary.run([Self.mini, "--init", dir + "/init.arql", "-c", "severe by customer"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("│ C2     │ 6\u{202F}500,00 € │"), "\(r.stdout)")  // I2 2,500 (80 days) + I5 4,000 (34 days)
    try ArqlBinary.write("balance oops\n", to: dir + "/bad.arql")
    let bad = try ArqlBinary.run([Self.mini, "--init", dir + "/bad.arql", "-c", "balance"])
    #expect(bad.status == 1 && bad.stderr.contains("bad.arql:1:9") && bad.stdout.isEmpty)
    let missing = try ArqlBinary.run([Self.mini, "--init", dir + "/none.arql", "-c", "balance"])
    #expect(missing.status == 64 && missing.stderr.contains("cannot read the init file"))
  }
}
