import Foundation
import Testing

/// Issue #15 through the real binary: a corpus of malformed ledgers (strict mode stops at a
/// located error; lenient mode accounts for every row), and faults around the files and
/// streams arql writes.
@Suite("Malformed input and faults")
struct HardeningTests {
  static let header = "invoice_id,customer_id,doc_type,doc_date,amount,applies_to\n"
  static let good = "I1,C1,INV,2025-01-01,10,\n"

  /// A ledger folder with these invoices.csv bytes.
  static func ledger(_ bytes: [UInt8]) throws -> String {
    let dir = ArqlBinary.folder()
    try Data(bytes).write(to: URL(fileURLWithPath: dir + "/invoices.csv"))
    return dir
  }

  static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

  /// Malformed files: the error strict mode must give (code and line), and how many rows of the
  /// file lenient mode must reject (nil: the file is refused whole in both modes).
  static let corpus: [(name: String, bytes: [UInt8], code: String, line: Int, rejected: Int?)] = [
    ("truncated mid-row", text(header + good + "I2,C1,IN"), "L012", 3, 1),
    ("truncated mid-quote", text(header + good + "I2,\"C1,INV"), "L010", 3, nil),
    ("byte-order mark mid-file", text(header + good) + [0xEF, 0xBB, 0xBF] + text("I2,C1,INV,2025-01-01,10,\n"), "L004", 3, nil),
    ("NUL byte", text(header + good + "I2,C") + [0] + text("1,INV,2025-01-01,10,\n"), "L004", 3, nil),
    ("impossible date 2025-02-30", text(header + good + "I2,C1,INV,2025-02-30,10,\n"), "L031", 3, 1),
    ("date 0000-00-00", text(header + good + "I2,C1,INV,0000-00-00,10,\n"), "L031", 3, 1),
    ("amount 1e309", text(header + good + "I2,C1,INV,2025-01-01,1e309,\n"), "L032", 3, 1),
    ("amount 9223372036854775807", text(header + good + "I2,C1,INV,2025-01-01,9223372036854775807,\n"), "L032", 3, 1),
    ("amounts whose sum overflows", text(header + good + "I2,C1,INV,2025-01-01,92233720368547758.07,\nI3,C1,INV,2025-01-01,92233720368547758.07,\n"),
     "L032", 3, 2),
    ("duplicate ids", text(header + good + "I1,C1,INV,2025-01-02,5,\n"), "L040", 3, 1),
    ("a credit note applying to itself", text(header + good + "CN1,C1,CN,2025-01-02,-5,CN1\n"), "L050", 3, 1),
    ("circular applies_to", text(header + good + "CN1,C1,CN,2025-01-02,-5,CN2\nCN2,C1,CN,2025-01-02,-5,CN1\n"), "L050", 3, 2),
    ("wrong column count", text(header + good + "I2,C1,INV,2025-01-01,10,,extra\n"), "L012", 3, 1),
    ("empty file", [], "L003", 0, nil),
  ]

  @Test("strict mode exits 2 at file:line:column; lenient mode reads = loads + rejects and writes every rejected row with its reason")
  func corpusRuns() throws {
    for c in Self.corpus {
      let dir = try Self.ledger(c.bytes)
      let strict = try ArqlBinary.run(["info", dir])
      #expect(strict.status == 2, "\(c.name): \(strict.stdout)")
      #expect(strict.stderr.contains("error[\(c.code)]"), "\(c.name): \(strict.stderr)")
      if c.line > 0 { #expect(strict.stderr.contains("invoices.csv:\(c.line):"), "\(c.name): \(strict.stderr)") }
      #expect(!strict.stderr.contains("Fatal error") && !strict.stderr.contains("Program crashed"), "\(c.name)")
      let rejects = dir + "/rejects"
      try FileManager.default.createDirectory(atPath: rejects, withIntermediateDirectories: true)
      let lenient = try ArqlBinary.run(["info", dir, "--lenient", "--rejects", rejects])
      guard let rejected = c.rejected else {
        #expect(lenient.status == 2, "\(c.name) is refused whole: \(lenient.stdout)")
        continue
      }
      #expect(lenient.status == 0, "\(c.name): \(lenient.stderr)")
      let read = Self.fileLines(c.bytes) - 1
      #expect(lenient.stdout.contains("invoices: read \(read) = loaded \(read - rejected) + rejected \(rejected)"), "\(c.name): \(lenient.stdout)")
      let file = try String(contentsOfFile: rejects + "/invoices.rejects.csv", encoding: .utf8)
      let rows = file.split(separator: "\n").dropFirst()
      #expect(rows.count == rejected, "\(c.name): \(file)")
      #expect(rows.allSatisfy { $0.contains("\"L0") }, "every rejected row says why: \(file)")
    }
  }

  static func fileLines(_ bytes: [UInt8]) -> Int {
    bytes.split(separator: 10, omittingEmptySubsequences: true).count
  }

  @Test("files that are not UTF-8 CSV as usual: CR-only line ends, UTF-16 with its mark, a 100,000-character field")
  func unusualFiles() throws {
    let cr = try Self.ledger(Self.text((Self.header + Self.good + "I2,C1,INV,2025-01-02,5,\n").replacingOccurrences(of: "\n", with: "\r")))
    let run = try ArqlBinary.run([cr, "-c", "balance, item_count as csv"])
    #expect(run.stdout == "balance,item_count\n15.00,2\n", "\(run.stderr)")
    #expect(try ArqlBinary.run(["info", cr]).stdout.contains("lines end with CR alone (old Mac): read as line breaks"))
    let utf16 = try Self.ledger([0xFF, 0xFE] + Array((Self.header + "I1,Cé,INV,2025-01-01,10,\r\n").utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    #expect(try ArqlBinary.run([utf16, "-c", "balance by customer as csv"]).stdout == "customer,balance\nCé,10.00\n")
    let long = String(repeating: "C", count: 100_000)
    let big = try Self.ledger(Self.text(Self.header + Self.good + "I2,\(long),INV,2025-01-01,5,\n"))
    let wide = try ArqlBinary.run([big, "-c", "balance by customer as csv"])
    #expect(wide.status == 0 && wide.stdout.contains("\n\(long),5.00\n"))
  }

  @Test("a full disk, a read-only path and a device are reported or written in place, never replaced; SIGPIPE into head is quiet")
  func outputFaults() throws {
    let mini = CommandLineTests.miniLedger
    let full = try ArqlBinary.run([mini, "-c", "balance as csv to '/dev/full'"])
    #expect(full.status == 1 && full.stderr.contains("cannot write /dev/full: No space left on device"), "\(full.stderr)")
    var info = stat()
    #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/full is still the device")
    // /sys refuses new files even to root.
    let readOnly = try ArqlBinary.run([mini, "-c", "balance as csv to '/sys/arql-test.csv'"])
    #expect(readOnly.status == 1 && readOnly.stderr.contains("cannot write /sys/arql-test.csv"), "\(readOnly.stderr)")
    let screen = try ArqlBinary.run([mini, "-c", "balance as csv to '/dev/stdout'"])
    #expect(screen.stdout == "balance\n25000.00\n")
    // A link stays a link: the file it points to gets the result.
    let dir = ArqlBinary.folder()
    try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: dir + "/target.csv")
    _ = try ArqlBinary.run([mini, "-c", "balance as csv to '\(dir)/link.csv'"])
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.csv") == dir + "/target.csv")
    #expect(try String(contentsOfFile: dir + "/target.csv", encoding: .utf8) == "balance\n25000.00\n")
    // The reader of a pipe stops early: arql stops without a word on stderr.
    let pipe = try ArqlBinary.execute("/bin/sh", ["-c", "'\(ArqlBinary.path)' '\(ArqlBinary.root)/examples/demo' -c 'balance by invoice as csv' | head -1"])
    #expect(pipe.stdout == "invoice,balance\n" && pipe.stderr.isEmpty, "\(pipe.stderr)")
  }

  @Test("two processes writing the same report: the file is one of them whole, never a mix")
  func twoWriters() throws {
    let dir = ArqlBinary.folder()
    let out = dir + "/report.csv"
    let demo = ArqlBinary.root + "/examples/demo"
    // The writers hold no pipe of the test's (a process the test waits for must not leave
    // children holding its pipes): the script is a file run with every stream on /dev/null.
    let script = dir + "/writers.sh"
    try ArqlBinary.write("for i in 1 2 3 4 5; do '\(ArqlBinary.path)' '\(demo)' -c \"balance by invoice as csv to '\(out)'\" &\n"
      + "'\(ArqlBinary.path)' '\(demo)' -c \"overdue by customer as csv to '\(out)'\" &\ndone\nwait\n", to: script)
    _ = try ArqlBinary.execute("/bin/sh", ["-c", "sh '\(script)' >/dev/null 2>&1 </dev/null"])
    let written = try String(contentsOfFile: out, encoding: .utf8)
    let one = try ArqlBinary.run([demo, "-c", "balance by invoice as csv"]).stdout
    let other = try ArqlBinary.run([demo, "-c", "overdue by customer as csv"]).stdout
    #expect(written == one || written == other)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }.isEmpty, "no temporary file left")
  }

  @Test("a ledger file truncated or removed before .reload: the error is shown and the session keeps its ledger")
  func reloadAfterDamage() throws {
    let dir = ArqlBinary.folder()
    for name in ["customers.csv", "invoices.csv", "payments.csv"] {
      try FileManager.default.copyItem(atPath: CommandLineTests.miniLedger + "/" + name, toPath: dir + "/" + name)
    }
    let truncate = "head -c 150 '\(dir)/invoices.csv' > '\(dir)/cut' && mv '\(dir)/cut' '\(dir)/invoices.csv'"
    // The damage happens between two statements of one session reading stdin, once the load is
    // over however long it took: arql reads stdin only after its load, and the write of more
    // blank lines than a pipe holds returns only once it reads.
    let input = dir + "/in"
    let session = try ArqlBinary.execute("/bin/sh", ["-c", "mkfifo '\(input)' && { '\(ArqlBinary.path)' '\(dir)' --keep-going < '\(input)' & } && "
      + "exec 3> '\(input)' && echo 'balance as csv' >&3 && head -c 100000 /dev/zero | tr '\\0' ' ' >&3 && echo >&3 && \(truncate) && "
      + "echo '.reload' >&3 && echo 'balance as csv' >&3 && exec 3>&- && wait"])
    #expect(session.stdout.components(separatedBy: "balance\n25000.00\n").count == 3, "the old ledger answers after the failed reload: \(session.stdout)")
    #expect(session.stderr.contains("invoices.csv:"), "\(session.stderr)")
    try FileManager.default.removeItem(atPath: dir + "/payments.csv")
  }

  @Test("a result larger than the row limit is refused with E049 and what to do, not built until memory runs out")
  func rowLimit() throws {
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["ARQL_ROW_LIMIT"] = "600"
    let demo = ArqlBinary.root + "/examples/demo"
    let wide = try ArqlBinary.execute(ArqlBinary.path, [demo, "-c", "balance by invoice as csv"], environment: environment)
    #expect(wide.status == 1 && wide.stderr.contains("error[E049]: the result would have 2144 groups: more than the 600 rows arql returns"),
            "\(wide.stderr)")
    #expect(wide.stdout.isEmpty)
    let series = try ArqlBinary.execute(ArqlBinary.path, [demo, "-c", "collected by customer, day last 30 days as csv"], environment: environment)
    #expect(series.status == 1 && series.stderr.contains("200 groups × 30 buckets"), "\(series.stderr)")
    // Ranked, the same grouping answers: its groups are held as numbers, and 5 rows are shown.
    let top = try ArqlBinary.execute(ArqlBinary.path, [demo, "-c", "balance by invoice top 5 as csv"], environment: environment)
    #expect(top.status == 0 && top.stdout.split(separator: "\n").count == 6, "\(top.stderr)")
  }
}
