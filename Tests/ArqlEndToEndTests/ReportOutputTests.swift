import Foundation
import Testing

/// Outputs read back by real parsers and a real browser: CSV and JSON through Python's csv
/// and json modules, the HTML reports through headless Chromium; `--watch` rewrites the page.
@Suite("Report outputs: Python parsers, headless Chromium, --watch")
struct ReportOutputTests {
  static var mini: String { ArqlBinary.root + "/Tests/ArqlLedgerTests/Fixtures/mini-ledger" }

  /// Runs a program found on the PATH.
  static func run(_ arguments: [String], timeout: Double = 120) throws -> ArqlBinary.Run {
    try ArqlBinary.execute("/usr/bin/env", arguments, timeout: timeout)
  }

  @Test("CSV, TSV, JSON and JSONL parse back with Python and hold the same values")
  func parseBack() throws {
    let dir = ArqlBinary.folder()
    let q = "balance, dso, overdue_share, open_count by division in 2025-Q1 as of 2025-03-31"
    for format in ["csv", "tsv", "json", "jsonl"] {
      let r = try ArqlBinary.run([Self.mini, "--format", format, "-c", q])
      #expect(r.status == 0, "\(r.stderr)")
      try ArqlBinary.write(r.stdout, to: dir + "/out.\(format)")
    }
    let check = """
      import csv, json, sys
      d = sys.argv[1]
      rows = list(csv.DictReader(open(d + '/out.csv', newline='')))
      tabs = list(csv.DictReader(open(d + '/out.tsv', newline=''), delimiter='\\t'))
      doc = json.load(open(d + '/out.json'))
      lines = [json.loads(l) for l in open(d + '/out.jsonl')]
      assert rows == tabs, (rows, tabs)
      assert doc['rows'] == lines, (doc['rows'], lines)
      assert [r['division'] for r in rows] == [r['division'] for r in lines] == ['North', 'South']
      for r, j in zip(rows, lines):
          for k in ('balance', 'dso', 'overdue_share', 'open_count'):
              assert abs(float(r[k]) - float(j[k])) < 1e-9, (k, r[k], j[k])
      assert rows[0]['balance'] == '12000.00' and lines[1]['balance'] == 13000.0
      assert doc['as_of'] == '2025-03-31' and doc['window'] == {'first': '2025-01-01', 'last': '2025-03-31', 'days': 90}
      assert [c['unit'] for c in doc['columns']] == [None, 'money', 'days', 'ratio', 'count']
      assert doc['cell_flags'] == [], doc['cell_flags']
      print('ok', rows[0]['dso'], lines[0]['dso'])
      """
    try ArqlBinary.write(check, to: dir + "/check.py")
    let python = try Self.run(["python3", dir + "/check.py", dir])
    #expect(python.status == 0, "\(python.stderr)")
    #expect(python.stdout.hasPrefix("ok "))
  }

  /// Whether Chromium is installed (`make test` and `.ci/run` install it).
  static var chromium: String? {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  @Test("each report script renders a page that headless Chromium loads without console errors, with every table and chart",
        arguments: ReportScriptTests.reports)
  func chromium(report: String) throws {
    let browser = try #require(Self.chromium, "chromium is not installed: apt-get install -y chromium")
    let dir = ArqlBinary.folder()
    let page = dir + "/\(report).html"
    let run = try ArqlBinary.run(["run", ArqlBinary.root + "/examples/reports/\(report).arql", ArqlBinary.root + "/examples/demo", "--html", page])
    #expect(run.status == 0, "\(run.stderr)")
    let html = try String(contentsOfFile: page, encoding: .utf8)
    let results = html.components(separatedBy: "<section class=\"result\">").count - 1
    let charts = html.components(separatedBy: "<svg").count - 1
    #expect(results > 0)
    #expect(charts > 0)
    let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(dir)/profile", "--enable-logging=stderr", "--v=0"]
    let dom = try Self.run([browser] + flags + ["--dump-dom", "file://" + page])
    #expect(dom.status == 0, "\(dom.stderr)")
    #expect(dom.stdout.components(separatedBy: "<table").count - 1 == results)
    #expect(dom.stdout.components(separatedBy: "<svg").count - 1 == charts)
    let consoleErrors = dom.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Failed to load resource") }
    #expect(consoleErrors.isEmpty, "\(consoleErrors)")
    let shot = try Self.run([browser] + flags + ["--screenshot=\(dir)/\(report).png", "--window-size=1200,1600", "file://" + page])
    #expect(shot.status == 0, "\(shot.stderr)")
    let png = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(report).png"))
    #expect(png.count > 10_000)
    #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
  }

  @Test("the page has the title, the as-of date, the parameters and every result")
  func page() throws {
    let dir = ArqlBinary.folder()
    let page = dir + "/weekly.html"
    let run = try ArqlBinary.run(["run", ArqlBinary.root + "/examples/weekly.arql", ArqlBinary.root + "/examples/demo", "--html", page, "--", "div=South"])
    #expect(run.status == 0, "\(run.stderr)")
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<title>Monday report for one division</title>"))
    // Three results at the end of the previous week, one at the session's date: the header says both (issue #18 item 8).
    #expect(html.contains("As of 2025-12-28 to 2025-12-31 (each section gives its own) · amounts in EUR"))
    #expect(html.contains("as of 2025-12-28 (as of clause)"))
    // Nothing a finance director cannot resolve: no paths, no `$parameters`, no spec references.
    #expect(!html.contains("examples/") && !html.contains("$div") && !html.contains("$cutoff") && !html.contains("spec"))
    #expect(html.contains("overdue by customer as of end of previous week where division = 'South' top 20"))
    #expect(html.contains("<code>div = South</code>"))
    #expect(html.components(separatedBy: "<section class=\"result\">").count - 1 == 4)
    #expect(!html.contains("<script"))
    #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
  }

  @Test("--watch rewrites the page when a ledger file changes; Ctrl-C stops it with 130")
  func watch() throws {
    let dir = ArqlBinary.folder()
    let ledger = dir + "/ledger"
    try FileManager.default.copyItem(atPath: Self.mini, toPath: ledger)
    try ArqlBinary.write("# Balance\nbalance as of 2025-03-31\n", to: dir + "/b.arql")
    let page = dir + "/b.html"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ArqlBinary.path)
    process.arguments = ["run", dir + "/b.arql", ledger, "--html", page, "--watch"]
    process.standardOutput = FileHandle.nullDevice
    let err = Pipe()
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    // Up to 30 s: the full suite runs beside it on two cores (a pass returns at once).
    func waitFor(_ condition: () -> Bool) -> Bool {
      for _ in 0..<300 {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
      }
      return false
    }
    #expect(waitFor { ((try? String(contentsOfFile: page, encoding: .utf8)) ?? "").contains("25,000.00") })
    // A new invoice: the balance grows by 1 000.
    let invoices = ledger + "/invoices.csv"
    let text = try String(contentsOfFile: invoices, encoding: .utf8)
    try (text + "I11,C1,INV,2025-03-29,2025-04-28,1000.00,EUR,,833.33\n").write(toFile: invoices, atomically: true, encoding: .utf8)
    #expect(waitFor { ((try? String(contentsOfFile: page, encoding: .utf8)) ?? "").contains("26,000.00") })
    process.interrupt()
    #expect(waitFor { !process.isRunning })
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
  }
}
