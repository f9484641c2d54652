import Foundation
import Testing

/// `arql append` and `.append` (issue #13), on real files through the binary.
@Suite("Appends: a day's export added to a ledger")
struct AppendTests {
  static var miniLedger: String { CommandLineTests.miniLedger }

  /// The mini-ledger cut on 2025-03-01: a folder of the rows before, and the later invoices and
  /// payments as day files (the same rows, so the answers must be the mini-ledger's).
  static func cut() throws -> (folder: String, invoices: String, payments: String) {
    let dir = ArqlBinary.folder()
    let days = ArqlBinary.folder()
    for file in try FileManager.default.contentsOfDirectory(atPath: miniLedger) where file.hasSuffix(".csv") {
      try FileManager.default.copyItem(atPath: miniLedger + "/" + file, toPath: dir + "/" + file)
    }
    func split(_ name: String, field: Int, into day: String) throws {
      let lines = try String(contentsOfFile: dir + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init)
      let rows = lines.dropFirst()
      let late = rows.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[field] >= "2025-03-01" }
      try ArqlBinary.write(([lines[0]] + rows.filter { !late.contains($0) }).joined(separator: "\n") + "\n", to: dir + "/" + name)
      try ArqlBinary.write(([lines[0]] + late).joined(separator: "\n") + "\n", to: day)
    }
    try split("invoices.csv", field: 3, into: days + "/invoices_0331.csv")
    try split("payments.csv", field: 2, into: days + "/bank_0331.csv")  // payments by its header
    return (dir, days + "/invoices_0331.csv", days + "/bank_0331.csv")
  }

  static let queries = ["aged balance by customer", "dso by customer", "balance, overdue, unapplied by customer", "cei by month",
                        "list items", "collection rate by customer"]

  static func answers(_ ledger: String) throws -> [String] {
    try queries.map { try ArqlBinary.run([ledger, "-c", "\($0) as of 2025-03-31"]).stdout }
  }

  @Test("arql append keeps the day's rows in the folder: every later load, and the snapshot written again, give the full ledger's answers")
  func appendToFolder() throws {
    let (dir, invoices, payments) = try Self.cut()
    let expected = try Self.answers(Self.miniLedger)
    #expect(try Self.answers(dir) != expected)  // the cut ledger lacks March
    #expect(try ArqlBinary.run(["snapshot", dir]).status == 0)
    let run = try ArqlBinary.run(["append", dir, invoices, payments])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("appended to \(dir): invoices +3, payments +2 in "), "\(run.stdout)")
    #expect(run.stdout.contains("\(invoices) → \(dir)/appended/0001.invoices.invoices_0331.csv"))
    #expect(run.stdout.contains("\(payments) → \(dir)/appended/0002.payments.bank_0331.csv"))
    #expect(run.stdout.contains("wrote \(dir)/ledger.arqlsnap again"))
    let info = try ArqlBinary.run(["info", dir])
    #expect(info.stdout.contains("opened from ledger.arqlsnap"), "\(info.stdout)")
    #expect(info.stdout.contains("balance (net AR)            25,000.00"))
    #expect(try Self.answers(dir) == expected)
    // Without the snapshot, the folder's files and the appended ones give the same.
    try FileManager.default.removeItem(atPath: dir + "/ledger.arqlsnap")
    #expect(try Self.answers(dir) == expected)
  }

  @Test("a bad row fails arql append with exit 2 at file:line:column and keeps nothing; --lenient keeps the good rows only")
  func failedAppendKeepsNothing() throws {
    let (dir, invoices, _) = try Self.cut()
    #expect(try ArqlBinary.run(["snapshot", dir]).status == 0)
    let snapshot = try Data(contentsOf: URL(fileURLWithPath: dir + "/ledger.arqlsnap"))
    let bad = ArqlBinary.folder() + "/invoices_bad.csv"
    try ArqlBinary.write(try String(contentsOfFile: invoices, encoding: .utf8) + "I1,C1,INV,2025-03-30,2025-04-29,10.00,EUR,,\n", to: bad)
    let refused = try ArqlBinary.run(["append", dir, bad])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("\(bad):5:1: error[L040]: duplicate invoice_id 'I1': the ledger already has it"), "\(refused.stderr)")
    #expect(refused.stderr.contains("nothing was appended"))
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/appended")) ?? []).filter { !$0.hasPrefix(".") }.isEmpty)
    #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/ledger.arqlsnap")) == snapshot)
    // Lenient: the three good rows are kept, the bad one goes to the reject file.
    let rejects = ArqlBinary.folder()
    let lenient = try ArqlBinary.run(["append", dir, bad, "--lenient", "--rejects", rejects])
    #expect(lenient.status == 0, "\(lenient.stderr)")
    #expect(lenient.stdout.contains("invoices: read 4 = added 3 + rejected 1 (\(rejects)/invoices_bad.rejects.csv)"), "\(lenient.stdout)")
    let kept = try String(contentsOfFile: dir + "/appended/0001.invoices.invoices_bad.csv", encoding: .utf8)
    #expect(kept.split(separator: "\n").count == 4 && !kept.contains("2025-03-30"))
    // The folder loads strictly afterwards: the rejected row was not kept.
    #expect(try ArqlBinary.run(["info", dir]).status == 0)
  }

  @Test("two arql append of the same export at once: one adds it, the other finds its ids already there; neither file is lost")
  func concurrentAppends() throws {
    let (dir, invoices, payments) = try Self.cut()
    final class Runs: @unchecked Sendable {  // each slot written by one thread, read after all end
      var all = [ArqlBinary.Run?](repeating: nil, count: 3)
      let lock = NSLock()
    }
    let box = Runs()
    let arguments = [["append", dir, invoices], ["append", dir, invoices], ["append", dir, payments]]
    DispatchQueue.concurrentPerform(iterations: 3) { k in
      let run = try? ArqlBinary.run(arguments[k])
      box.lock.withLock { box.all[k] = run }
    }
    let runs = box.all
    let statuses = (0..<3).map { runs[$0]?.status ?? -1 }
    #expect(statuses[2] == 0 || statuses[2] == 2)  // the cash needs the invoices: fine after them, refused before
    #expect(statuses.prefix(2).sorted() == [0, 2], "\(statuses)")
    let refused = (0..<2).compactMap { runs[$0] }.first { $0.status == 2 }
    #expect(refused?.stderr.contains("the ledger already has it") == true)
    let kept = try FileManager.default.contentsOfDirectory(atPath: dir + "/appended").filter { !$0.hasPrefix(".") }.sorted()
    #expect(kept.filter { $0.contains(".invoices.") }.count == 1, "\(kept)")
    #expect(Set(kept.map { $0.prefix(4) }).count == kept.count)  // each file its own number
    #expect(try ArqlBinary.run(["info", dir]).status == 0)
  }

  @Test(".append adds a day's export to the session's ledger and .reload keeps it; a failed append changes nothing")
  func appendInSession() throws {
    let (dir, invoices, payments) = try Self.cut()
    let script = ArqlBinary.folder() + "/day.arql"
    try ArqlBinary.write("""
      define metric late_share = overdue / gross_open
      .append \(invoices)
      .append payments \(payments)
      aged balance by customer as of 2025-03-31
      .append \(payments)
      .reload
      aged balance by customer as of 2025-03-31
      late_share as of 2025-03-31

      """, to: script)
    let run = try ArqlBinary.run(["run", script, dir, "--keep-going"])
    let full = try ArqlBinary.run([Self.miniLedger, "-c", "aged balance by customer as of 2025-03-31"]).stdout
    #expect(run.stdout.components(separatedBy: full).count == 3, "\(run.stdout)")
    #expect(run.stderr.contains("payment line repeated: payment_id 'R5'"), "\(run.stderr)")
    #expect(run.stderr.contains("nothing was appended"))
    #expect(run.status == 2)
    // The definition made before the appends still runs after them, on the whole ledger: 8,500 / 26,500.
    let share = try ArqlBinary.run([Self.miniLedger, "-c", "define metric late_share = overdue / gross_open; late_share as of 2025-03-31"])
    #expect(share.status == 0 && run.stdout.hasSuffix(share.stdout), "\(run.stdout)")
    #expect(share.stdout.contains("32.1 %"))
    // Nothing was written to the folder.
    #expect(!FileManager.default.fileExists(atPath: dir + "/appended"))
  }

  /// C1 (North, limit 900) owes 1,000 on I1; every payment pays its own customer's invoices, so
  /// the session's per-customer short cuts hold (a balance is amounts less cash, groups come from
  /// the customers) and North's overrun is 100.00. The appended P5 is C2's payment of 500 on C1's
  /// I1: C1 now owes 500 and nobody is over. A session that kept its short cuts after the append
  /// would still say 100.00.
  @Test(".append of a payment across customers: the per-customer short cuts are worked out again (overrun 100.00 → 0.00)")
  func appendBreaksCustomerShortCuts() throws {
    let dir = ArqlBinary.folder()
    try ArqlBinary.write("customer_id,name,division,credit_limit\nC1,Alpha,North,900.00\nC2,Beta,South,500.00\n", to: dir + "/customers.csv")
    try ArqlBinary.write("""
      invoice_id,customer_id,doc_type,doc_date,due_date,amount,applies_to
      I1,C1,INV,2025-01-10,2025-02-10,1500.00,
      CN1,C1,CN,2025-01-20,2025-01-20,-200.00,I1
      I2,C2,INV,2025-02-01,2025-03-01,800.00,

      """, to: dir + "/invoices.csv")
    try ArqlBinary.write("""
      payment_id,customer_id,invoice_id,payment_date,amount
      P1,C1,I1,2025-02-10,300.00
      P2,C2,I2,2025-02-15,900.00

      """, to: dir + "/payments.csv")
    let day = ArqlBinary.folder() + "/payments-day.csv"
    try ArqlBinary.write("payment_id,customer_id,invoice_id,payment_date,amount\nP5,C2,I1,2025-03-01,500.00\n", to: day)
    let script = ArqlBinary.folder() + "/cross.arql"
    try ArqlBinary.write("""
      credit_overrun, customers_over_limit by division as of 2025-03-31
      .append payments \(day)
      credit_overrun, customers_over_limit by division as of 2025-03-31

      """, to: script)
    let run = try ArqlBinary.run(["run", script, dir, "--format", "csv"])
    #expect(run.status == 0, "\(run.stderr)")
    let rows = run.stdout.split(separator: "\n").filter { $0.hasPrefix("North,") || $0.hasPrefix("South,") }
    #expect(rows == ["North,100.00,1", "South,0.00,0", "North,0.00,0", "South,0.00,0"], "\(run.stdout)")
    #expect(run.stdout.contains("appended payments-day.csv: payments +1"))
  }
}
