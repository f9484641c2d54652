import ArqlLedger

/// The text `arql LEDGER` prints after loading: tables with row counts, what the loader
/// detected, the date range, and the receivable position at the latest posting date.
public struct LedgerSummary {
  public let ledger: Ledger
  public let report: LoadReport
  /// How the user named the ledger.
  public let name: String

  public init(ledger: Ledger, report: LoadReport, name: String) {
    self.ledger = ledger
    self.report = report
    self.name = name
  }

  /// The summary as aligned text.
  public func render(showTiming: Bool = true) -> String {
    var lines: [String] = ["ledger \(name)"]
    var rows: [[String]] = [["table", "rows", "file"]]
    for table in report.tables {
      rows.append([table.table.rawValue, Self.count(table.loaded), table.file])
    }
    lines += Self.align(rows, rightAligned: [1]).map { "  " + $0 }
    for table in report.tables {
      if table.rejected > 0 {
        lines.append("  \(table.table): read \(Self.count(table.read)) = loaded \(Self.count(table.loaded)) + rejected \(Self.count(table.rejected))"
          + (table.rejectFile.map { " (rejected rows in \($0))" } ?? ""))
      }
      for note in table.notes { lines.append("  \(table.table): \(note)") }
      if !table.extraColumns.isEmpty {
        lines.append("  \(table.table): extra columns kept as attributes: " + table.extraColumns.joined(separator: ", "))
      }
    }
    if !report.ignoredFiles.isEmpty { lines.append("  ignored files (not ledger tables): " + report.ignoredFiles.joined(separator: ", ")) }
    for note in report.notes { lines.append("  " + note) }
    let defaulted = ledger.invoices.dueDateDefaulted.trueCount
    if defaulted > 0 {
      lines.append("  \(Self.count(defaulted)) document\(defaulted == 1 ? "" : "s") without due date: due date = document date + payment terms (flagged MISSING_DUE_DATE)")
    }
    if showTiming { lines.append("  \(report.snapshot == nil ? "loaded" : "opened") in \(Self.duration(report.seconds))") }
    guard let asOf = ledger.latestPostingDate, let first = ledger.earliestDate else {
      lines.append("  the ledger has no documents")
      return lines.joined(separator: "\n")
    }
    lines.append("  dates \(Day.iso(first)) .. \(Day.iso(asOf))")
    let b = ledger.balances(at: asOf)
    lines.append("")
    lines.append("as of \(Day.iso(asOf)) (latest posting date)")
    let money: [[String]] = [
      ["balance (net AR)", Money.grouped(b.net), ""],
      ["open items (gross)", Money.grouped(b.grossOpen), "\(Self.count(b.openItems)) items"],
      ["unapplied credits and cash", Money.grouped(b.unapplied), ""],
      ["overdue", Money.grouped(b.overdue), b.grossOpen != 0 ? Self.percent(b.overdue, of: b.grossOpen) + " of gross" : ""],
      ["not yet due", Money.grouped(b.notDue), ""],
    ]
    lines += Self.align(money, rightAligned: [1]).map { "  " + $0 }
    return lines.joined(separator: "\n")
  }

  /// "payments: read 10 = loaded 8 + rejected 2 (FILE)" for each table that lost rows in lenient
  /// mode; `verb` is what became of the others (loaded, added).
  static func rejectLines(_ report: LoadReport, verb: String) -> [String] {
    report.tables.filter { $0.rejected > 0 }.map { table in
      "\(table.table): read \(table.read) = \(verb) \(table.loaded) + rejected \(table.rejected)" + (table.rejectFile.map { " (\($0))" } ?? "")
    }
  }

  /// "invoices +1,889, payments +1,520": the rows an append added per table.
  static func added(_ report: LoadReport) -> String {
    report.tables.map { "\($0.table) +\(count($0.loaded))" }.joined(separator: ", ")
  }

  static func count(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  static func percent(_ part: Int64, of whole: Int64) -> String {
    // Integer arithmetic to one decimal, rounded half away from zero.
    let tenths = (part * 1000 + (part >= 0 ? whole / 2 : -whole / 2)) / whole
    return "\(tenths / 10).\(abs(tenths % 10)) %"
  }

  static func duration(_ seconds: Double) -> String {
    seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(Int(seconds)) + "." + String(Int(seconds * 100) % 100 / 10) + " s"
  }

  /// Pads the cells of each column; the listed columns align right.
  static func align(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
    let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { c, cell in
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        return rightAligned.contains(c) ? pad + cell : cell + pad
      }.joined(separator: "  ").trimmingTrailingSpaces
    }
  }
}

extension String {
  var trimmingTrailingSpaces: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
