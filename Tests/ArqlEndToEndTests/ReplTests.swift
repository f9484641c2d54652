import Foundation
import Testing

/// The REPL in a real terminal (tmux): history across runs, completion, continuation,
/// Ctrl-C during a query, Ctrl-D.
@Suite("REPL in a pseudo-terminal", .serialized)
struct ReplTests {
  static let history = NSTemporaryDirectory() + "arql-history-" + UUID().uuidString
  static var demo: String { ArqlBinary.root + "/examples/demo" }

  static func start(_ ledger: String = demo, environment: String = "") throws -> Tmux {
    let tmux = try Tmux("env ARQL_HISTORY=\(history) TERM=xterm NO_COLOR=1 \(environment) \(ArqlBinary.path) \(ledger)")
    // A loaded machine (the other suites run beside this one on 2 cores) can take a while to
    // show the first prompt; a hang still fails, after a minute.
    try tmux.wait(timeout: 60) { Tmux.promptLine($0) == "arql>" }
    return tmux
  }

  @Test("a query runs; Ctrl-D exits with 0; arrow-up recalls it in the next run")
  func historyAcrossRuns() throws {
    let first = try Self.start()
    try first.type("balance by division")
    try first.send("Enter")
    try first.wait { $0.contains("3 rows") }
    try first.send("C-d")
    #expect(try first.exitStatus() == 0)
    let second = try Self.start()
    try second.send("Up")
    let screen = try second.wait { Tmux.promptLine($0) == "arql> balance by division" }
    #expect(Tmux.promptLine(screen) == "arql> balance by division")
    try second.send("C-d")
  }

  @Test("TAB completes a partial metric name and a division value")
  func completion() throws {
    let t = try Self.start()
    try t.type("open_c")
    try t.send("Tab")
    try t.wait { Tmux.promptLine($0)?.hasPrefix("arql> open_count") ?? false }
    try t.type("where division = 'Nor")
    try t.send("Tab")
    let screen = try t.wait { Tmux.promptLine($0)?.contains("'North'") ?? false }
    #expect(Tmux.promptLine(screen) == "arql> open_count where division = 'North'")
    try t.send("Enter")
    try t.wait { $0.contains("1 row") }
    try t.send("C-d")
  }

  @Test("quit leaves; Ctrl-D on a continuation line says what the statement lacks, with no ';' it never had (issue #18 item 12)")
  func quitAndCtrlD() throws {
    let t = try Self.start()
    try t.type("balance by")
    try t.send("Enter")
    try t.wait { $0.contains("   ...>") }
    try t.send("C-d")
    let screen = try t.wait { $0.contains("arql-exit=") }
    #expect(screen.contains("the statement is not finished; expected a dimension"))
    #expect(!screen.contains("';'"))
    let second = try Self.start()
    try second.type("quit")
    try second.send("Enter")
    #expect(try second.exitStatus() == 0)
  }

  @Test("a multi-line query continues on the ...> prompt and runs")
  func multiLine() throws {
    let t = try Self.start()
    try t.type("balance, overdue by")
    try t.send("Enter")
    try t.wait { $0.contains("   ...>") }
    try t.type("division")
    try t.send("Enter")
    let screen = try t.wait { $0.contains("3 rows") }
    #expect(screen.contains("North"))
    try t.send("C-d")
  }

  @Test("Ctrl-C cancels a long query and the next query works; Ctrl-C at the prompt clears the line")
  func interrupt() throws {
    let dir = NSTemporaryDirectory() + "arql-large-" + UUID().uuidString
    let gen = try ArqlBinary.run(["gen", "--invoices", "200000", "--out", dir])
    #expect(gen.status == 0)
    // 14 million rows: slow on purpose, past the default row limit (E049), lifted here.
    let t = try Self.start(dir, environment: "ARQL_ROW_LIMIT=100000000")
    // A slow query: an aged balance by customer for every day of two years.
    try t.type("aged balance by customer, day last 700 days")
    try t.send("Enter")
    Thread.sleep(forTimeInterval: 1.5)
    try t.send("C-c")
    let screen = try t.wait(timeout: 30) { $0.contains("query cancelled") }
    #expect(screen.contains("error[E047]"))
    try t.wait { Tmux.promptLine($0) == "arql>" }
    try t.type("item_count last 30 days")
    try t.send("Enter")
    try t.wait { $0.contains("1 row · window") }
    try t.type("some half typed")
    try t.send("C-c")
    try t.type("open_count")
    try t.send("Enter")
    let after = try t.wait { $0.contains("open_count") && $0.components(separatedBy: "1 row").count >= 3 }
    #expect(!after.contains("some half typedopen_count"))
    try t.send("C-d")
    #expect(try t.exitStatus() == 0)
  }

  @Test("the REPL reads ~/.arqlrc, and pages a result longer than the terminal through $PAGER (issue #18 item 12)")
  func arqlrcAndPager() throws {
    let home = ArqlBinary.folder()
    try ArqlBinary.write("set locale = fr\n", to: home + "/.arqlrc")
    let paged = home + "/paged.txt"
    // A pager that keeps what it is given.
    try ArqlBinary.write("#!/bin/sh\ncat > \(paged)\n", to: home + "/pager.sh")
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: home + "/pager.sh")
    let t = try Tmux("env HOME=\(home) ARQL_HISTORY=\(Self.history) TERM=xterm NO_COLOR=1 PAGER=\(home)/pager.sh "
      + "\(ArqlBinary.path) \(Self.demo)", height: 20)
    try t.wait(timeout: 60) { Tmux.promptLine($0) == "arql>" }
    #expect(try t.screen().contains("read ~/.arqlrc"))
    // 30 rows do not fit 20 lines: the pager gets the whole table, the screen does not.
    try t.type(".maxrows 0")
    try t.send("Enter")
    try t.type("balance by customer top 30")
    try t.send("Enter")
    try t.wait { Tmux.promptLine($0) == "arql>" && FileManager.default.fileExists(atPath: paged) }
    let text = try String(contentsOfFile: paged, encoding: .utf8)
    #expect(text.contains("30 lignes · au 31/12/2025"), "\(text)")
    // A short result is printed, not paged.
    try t.type("balance")
    try t.send("Enter")
    try t.wait { $0.contains("1 ligne ·") }
    #expect(!((try? String(contentsOfFile: paged, encoding: .utf8)) ?? "").contains("1 ligne ·"))
    try t.send("C-d")
  }

  @Test("an unwritable history file (HOME): the REPL runs on and says so once (issue #15)")
  func unwritableHistory() throws {
    // /sys takes no new file, even from root.
    let t = try Tmux("env ARQL_HISTORY=/sys/arql_history TERM=xterm NO_COLOR=1 \(ArqlBinary.path) \(Self.demo)")
    try t.wait(timeout: 60) { Tmux.promptLine($0) == "arql>" }
    for query in ["balance", "overdue"] {
      try t.type(query)
      try t.send("Enter")
    }
    let screen = try t.wait { $0.contains("overdue") && $0.components(separatedBy: "1 row").count == 3 }
    #expect(screen.components(separatedBy: "cannot save the history in /sys/arql_history").count == 2, "said once: \(screen)")
    try t.send("C-d")
    #expect(try t.exitStatus() == 0)
  }
}
