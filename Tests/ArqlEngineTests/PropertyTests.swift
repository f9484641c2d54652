import ArqlEngine
import ArqlLedger
import Foundation
import Testing

/// Properties on generated ledgers, checked through queries.
@Suite("Properties on generated ledgers")
struct PropertyTests {
  static let directory: String = {
    let dir = NSTemporaryDirectory() + "arql-prop-" + UUID().uuidString
    _ = try? LedgerGenerator.generate(GeneratorConfig(seed: 11, invoices: 4_000, customers: 300, months: 18), to: dir)
    return dir
  }()
  static let ledger: Ledger? = try? LedgerLoader.load(directory: directory).0

  static func cents(_ v: ResultValue?) -> Int64 {
    if case .money(let c)? = v { return c }
    return Int64.min
  }

  @Test("aged buckets + unapplied = balance, for every group and as-of date")
  func agingAddsUp() throws {
    let f = EngineFixture(Self.ledger)
    for date in ["2024-06-30", "2024-12-31", "2025-06-30"] {
      for by in ["division", "customer", "category", "collector"] {
        let t = try f.run("aged balance, balance by \(by) as of \(date)")
        let buckets = t.columns.filter { $0.name.hasPrefix("aged_balance_") && $0.name != "aged_balance_total" }
        for r in 0..<t.rowCount {
          let sum = buckets.reduce(Int64(0)) { $0 + Self.cents($1.values[r]) }
          #expect(sum == Self.cents(t.column("balance")?.values[r]), "\(by) row \(r) at \(date)")
          #expect(sum == Self.cents(t.column("aged_balance_total")?.values[r]))
        }
      }
    }
  }

  @Test("additive metrics: the sum over groups equals the ungrouped value")
  func additivity() throws {
    let f = EngineFixture(Self.ledger)
    let metrics = ["balance", "overdue", "not_due", "gross_open", "unapplied", "credit_sales", "collected"]
    let total = try f.run(metrics.joined(separator: ", ") + " last 6 months")
    for by in ["division", "customer", "category", "country", "sales_rep", "doc_type", "reason", "month"] {
      let grouped = try f.run(metrics.joined(separator: ", ") + " by \(by) last 6 months")
      for metric in metrics where by != "month" || ["credit_sales", "collected"].contains(metric) {
        let sum = grouped.column(metric)?.values.reduce(Int64(0)) { $0 + Self.cents($1) }
        #expect(sum == Self.cents(total.column(metric)?.values.first), "\(metric) by \(by)")
      }
    }
  }

  /// Writes a copy of the ledger keeping the rows `keep` accepts (header kept).
  static func copy(_ keep: (String, [String: String]) -> Bool) throws -> String {
    let out = NSTemporaryDirectory() + "arql-copy-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    for kind in TableKind.allCases {
      let text = try String(contentsOfFile: directory + "/" + kind.fileName, encoding: .utf8)
      var lines = text.split(separator: "\n").map(String.init)
      let header = lines.removeFirst()
      let names = header.split(separator: ",").map(String.init)
      let kept = lines.filter { line in
        let fields = splitCSV(line)
        return keep(kind.rawValue, Dictionary(uniqueKeysWithValues: zip(names, fields)))
      }
      try ([header] + kept).joined(separator: "\n").appending("\n").write(toFile: out + "/" + kind.fileName, atomically: true, encoding: .utf8)
    }
    return out
  }

  static func splitCSV(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    for c in line {
      if c == "\"" { quoted.toggle() } else if c == "," && !quoted {
        fields.append(current)
        current = ""
      } else {
        current.append(c)
      }
    }
    fields.append(current)
    return fields
  }

  @Test("rows dated after D change nothing as of D")
  func futureRowsIgnored() throws {
    let cutoff = "2024-09-30"
    let dated: [String: [String]] = [
      "invoices": ["posting_date", "doc_date"], "payments": ["payment_date"], "disputes": ["opened"], "actions": ["date"],
      "promises": ["created"], "exposures": ["date"], "surveys": ["date"],
    ]
    let truncated = try Self.copy { table, row in
      guard let fields = dated[table] else { return true }
      let date = fields.compactMap { row[$0] }.first { !$0.isEmpty } ?? ""
      return date <= cutoff
    }
    let full = EngineFixture(Self.ledger)
    let past = EngineFixture(try LedgerLoader.load(directory: truncated).0)
    for q in ["aged balance, balance, overdue by division", "credit_sales, collected, item_count by customer last 90 days",
              "gross_open where disputed by reason", "balance by month last 6 months", "open_count by category"] {
      let a = try full.run(q + " as of \(cutoff)")
      let b = try past.run(q + " as of \(cutoff)")
      #expect(a.columns == b.columns, "\(q)")
    }
  }

  @Test("a where clause equals the same query on a pre-filtered ledger")
  func whereEqualsPrefiltered() throws {
    let customers = try String(contentsOfFile: Self.directory + "/customers.csv", encoding: .utf8)
    let retail = Set(customers.split(separator: "\n").dropFirst().map { Self.splitCSV(String($0)) }.filter { $0[5] == "Retail" }.map { $0[0] })
    let filtered = try Self.copy { table, row in
      if let customer = row["customer_id"] { return retail.contains(customer) }
      return true  // disputes follow their invoices below
    }
    // Disputes of removed invoices must go too: rewrite with the kept invoice ids.
    let invoices = try String(contentsOfFile: filtered + "/invoices.csv", encoding: .utf8)
    let kept = Set(invoices.split(separator: "\n").dropFirst().map { Self.splitCSV(String($0))[0] })
    let disputes = try String(contentsOfFile: filtered + "/disputes.csv", encoding: .utf8).split(separator: "\n").map(String.init)
    try ([disputes[0]] + disputes.dropFirst().filter { kept.contains(Self.splitCSV($0)[1]) }).joined(separator: "\n").appending("\n")
      .write(toFile: filtered + "/disputes.csv", atomically: true, encoding: .utf8)
    let all = EngineFixture(Self.ledger)
    let sub = EngineFixture(try LedgerLoader.load(directory: filtered).0)
    for q in ["aged balance, balance by division", "credit_sales, collected by month last 6 months", "overdue by customer top 10",
              "gross_open by reason"] {
      let a = try all.run(q + " where category = 'Retail' as of 2025-06-30")
      let b = try sub.run(q + " as of 2025-06-30")
      #expect(a.columns == b.columns, "\(q)")
    }
  }
}

@Suite("The one-pass series equals one snapshot per date")
struct SeriesTests {
  @Test("each bucket of a monthly series equals the same query as of the bucket's end")
  func seriesEqualsSnapshots() throws {
    let f = EngineFixture(PropertyTests.ledger)
    let metrics = "balance, gross_open, overdue, not_due, unapplied, open_count"
    let series = try f.run("\(metrics) by month, division from 2024-07-01 to 2025-06-30")
    let calendar = Calendar()
    for r in 0..<series.rowCount {
      guard case .text(let month)? = series.column("month")?.values[r], case .text(let division)? = series.column("division")?.values[r],
        let start = Day.parseISO(month + "-01")
      else { continue }
      let end = Day.iso(calendar.end(of: .month, containing: start))
      let single = try f.run("\(metrics) where division = '\(division)' as of \(end)")
      for name in ["balance", "gross_open", "overdue", "not_due", "unapplied", "open_count"] {
        #expect(series.column(name)?.values[r] == single.column(name)?.values.first ?? .money(0), "\(name) \(month) \(division)")
      }
    }
  }
}
