import Foundation

/// Writes a ledger's invoices and cash as a FEC (kpi-spec §10, spec/fec.md): sales entries with
/// their 706 and 44571 lines, credit notes, bank receipts and refunds, write-offs (654),
/// adjustments (665), reclasses to 416 for items in litigation, lettrage codes on the items
/// settled in full and their credits, and partial payments left unmatched with the invoice
/// number in their label, as accounting systems leave them. Tab-separated, UTF-8, decimal
/// comma, dates AAAAMMJJ, entries numbered in date order.
public enum FecWriter {
  /// The FEC text of `ledger`'s documents and cash; from `openingOn` on, as the FEC of a fiscal
  /// year starting that day: an opening entry (journal AN) carries every item and unapplied
  /// cash line open the day before, one line each with its PieceRef and PieceDate, then the
  /// year's entries.
  public static func text(_ ledger: Ledger, openingOn start: Int32? = nil) -> String {
    let inv = ledger.invoices
    let pay = ledger.payments
    let customers = ledger.customers
    func customerId(_ c: Int32) -> String { c >= 0 ? customers.id[Int(c)] ?? "" : "" }
    func customerName(_ c: Int32) -> String { c >= 0 ? customers.name[Int(c)] ?? "" : "" }
    // Lettrage: the debits settled in full, and everything that settled them, share a code.
    var settled = [Int64](repeating: 0, count: inv.count)
    for p in 0..<pay.count where pay.invoice[p] >= 0 { settled[Int(pay.invoice[p])] &+= pay.amount[p] }
    for d in 0..<inv.count where inv.appliesTo[d] >= 0 { settled[Int(inv.appliesTo[d])] &-= inv.amount[d] }
    var code = [String](repeating: "", count: inv.count)
    var letDate = [Int32](repeating: 0, count: inv.count)
    var counter = 0
    for d in 0..<inv.count where inv.amount[d] > 0 && settled[d] == inv.amount[d] {
      code[d] = lettrage(counter)
      counter += 1
      letDate[d] = inv.postingDate[d]
    }
    for p in 0..<pay.count where pay.invoice[p] >= 0 {
      let t = Int(pay.invoice[p])
      letDate[t] = max(letDate[t], pay.paymentDate[p])
    }
    for d in 0..<inv.count where inv.appliesTo[d] >= 0 {
      let t = Int(inv.appliesTo[d])
      letDate[t] = max(letDate[t], inv.postingDate[d])
    }
    // Entries in date order: documents, then reclasses, then cash of the same day.
    enum Event { case document(Int), reclass(Int), cash(Int) }
    var events: [(Int32, Int, Int, Event)] = []
    let legal = inv.legalFlags
    for d in 0..<inv.count {
      events.append((inv.postingDate[d], 0, d, .document(d)))
      if legal[d], inv.amount[d] > 0 {
        events.append((inv.postingDate[d], 1, d, .reclass(d)))
      }
    }
    for p in 0..<pay.count { events.append((pay.paymentDate[p], 2, p, .cash(p))) }
    events.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
    var out = FecHeader.Field.allCases.prefix(18).map(\.rawValue).joined(separator: "\t") + "\n"
    out.reserveCapacity(events.count * 3 * 140)
    var numbers: [String: Int] = [:]
    if let start {
      // The opening entry: what was open the day before, item by item.
      let open = ledger.applications.openAmounts(at: start - 1, invoices: inv)
      var entry = Entry(journal: "AN", label: "A nouveaux", day: start, piece: "", pieceDate: start)
      var total: Int64 = 0
      for d in 0..<inv.count where inv.postingDate[d] < start && open[d] != 0 {
        let id = inv.id[d] ?? ""
        entry.line(legal[d] ? "416000" : "411000", legal[d] ? "Clients douteux ou litigieux" : "Clients", customerId(inv.customer[d]),
                   customerName(inv.customer[d]), "Report \(id)", open[d], open[d] > 0 ? code[d] : "", open[d] > 0 ? letDate[d] : 0,
                   piece: id, pieceDate: inv.docDate[d])
        total += open[d]
      }
      let posting = inv.postingDate
      for p in 0..<pay.count where pay.paymentDate[p] < start && (pay.invoice[p] < 0 || posting[Int(pay.invoice[p])] >= start) {
        let id = pay.paymentId[p] ?? ""
        entry.line("411000", "Clients", customerId(pay.customer[p]), customerName(pay.customer[p]), "Report \(id)", -pay.amount[p],
                   piece: id, pieceDate: pay.paymentDate[p])
        total -= pay.amount[p]
      }
      if total != 0 { entry.line("890000", "Bilan d'ouverture", "", "", "A nouveaux", -total, piece: "AN", pieceDate: start) }
      if !entry.lines.isEmpty { out += entry.text(&numbers) }
    }
    for (day, _, _, event) in events {
      if let start, day < start { continue }
      switch event {
      case .document(let d):
        let id = inv.id[d] ?? ""
        let amount = inv.amount[d]
        let customer = inv.customer[d]
        let target = inv.appliesTo[d] >= 0 ? Int(inv.appliesTo[d]) : -1
        let letter = amount > 0 ? code[d] : (target >= 0 ? code[target] : "")
        let letterDate = amount > 0 ? letDate[d] : (target >= 0 ? letDate[target] : 0)
        let targetId = target >= 0 ? (inv.id[target] ?? "") : ""
        let foreign = inv.currency[d].map { $0 != "EUR" } ?? false
        var entry = Entry(journal: "VT", label: "Ventes", day: day, piece: id, pieceDate: inv.docDate[d])
        switch inv.docType[d] {
        case .invoice, .debitNote, .creditNote:
          let net = inv.netAmount[d] ?? (amount * 100 / 120)
          entry.line("411000", "Clients", customerId(customer), customerName(customer), label(inv.docType[d], id, targetId), amount,
                     letter, letterDate, foreign ? (inv.amountCurrency[d], inv.currency[d] ?? "") : nil)
          entry.line("706000", "Prestations de services", "", "", label(inv.docType[d], id, targetId), -net)
          entry.line("445710", "TVA collectée", "", "", label(inv.docType[d], id, targetId), -(amount - net))
        case .writeOff, .adjustment, .refund, .openingBalance:
          // One customer line and its counterpart: the journal, account and label of each type.
          let (journal, account, text) = counterpart(inv.docType[d], id: id, target: targetId)
          entry.journal = journal
          entry.line("411000", "Clients", customerId(customer), customerName(customer), text, amount, letter, letterDate)
          entry.line(account.number, account.label, "", "", text, -amount)
        }
        out += entry.text(&numbers)
      case .reclass(let d):
        let id = inv.id[d] ?? ""
        let customer = inv.customer[d]
        var entry = Entry(journal: "OD", label: "Opérations diverses", day: day, piece: id, pieceDate: inv.docDate[d])
        entry.line("416000", "Clients douteux ou litigieux", customerId(customer), customerName(customer), "Contentieux \(id)", inv.amount[d])
        entry.line("411000", "Clients", customerId(customer), customerName(customer), "Contentieux \(id)", -inv.amount[d])
        out += entry.text(&numbers)
      case .cash(let p):
        let reference = pay.paymentId[p] ?? ""
        let target = pay.invoice[p] >= 0 ? Int(pay.invoice[p]) : -1
        let targetId = target >= 0 ? (inv.id[target] ?? "") : ""
        let customer = pay.customer[p]
        var entry = Entry(journal: "BQ", label: "Banque", day: day, piece: reference, pieceDate: day)
        let text = target >= 0 ? "Règlement \(targetId)" : "Règlement client"
        entry.line("411000", "Clients", customerId(customer), customerName(customer), text, -pay.amount[p], target >= 0 ? code[target] : "",
                   target >= 0 ? letDate[target] : 0)
        entry.line("512000", "Banque", "", "", text, pay.amount[p])
        out += entry.text(&numbers)
      }
    }
    return out
  }

  /// The journal, counterpart account and label of a document that is not a sale.
  static func counterpart(_ type: DocType, id: String, target: String)
    -> (journal: (code: String, label: String), account: (number: String, label: String), text: String)
  {
    switch type {
    case .writeOff: return (("OD", "Opérations diverses"), ("654000", "Pertes sur créances irrécouvrables"), "Perte sur créance \(target)")
    case .refund: return (("BQ", "Banque"), ("512000", "Banque"), "Remboursement \(id)")
    case .openingBalance: return (("AN", "A nouveaux"), ("890000", "Bilan d'ouverture"), "Report \(id)")
    case .adjustment, .invoice, .debitNote, .creditNote: return (("OD", "Opérations diverses"), ("665000", "Escomptes accordés"), "Escompte \(target)")
    }
  }

  /// The label of a sales entry.
  static func label(_ type: DocType, _ id: String, _ target: String) -> String {
    switch type {
    case .creditNote: return target.isEmpty ? "Avoir \(id)" : "Avoir \(id) sur \(target)"
    case .debitNote: return "Note de débit \(id)"
    default: return "Facture \(id)"
    }
  }

  /// Lettrage codes A, B, ..., Z, AA, AB, ... (one per settled item; bijective base 26).
  static func lettrage(_ n: Int) -> String {
    var k = n
    var letters: [Character] = []
    repeat {
      letters.append(Character(UnicodeScalar(UInt8(65 + k % 26))))
      k = k / 26 - 1
    } while k >= 0
    return String(letters.reversed())
  }

  /// One entry being written.
  struct Entry {
    var journal: (code: String, label: String)
    let day: Int32
    let piece: String
    let pieceDate: Int32
    var lines: [String] = []

    init(journal: String, label: String, day: Int32, piece: String, pieceDate: Int32) {
      self.journal = (journal, label)
      self.day = day
      self.piece = piece
      self.pieceDate = pieceDate
    }

    /// A line: `amount` > 0 is a debit, < 0 a credit.
    mutating func line(_ account: String, _ accountLabel: String, _ aux: String, _ auxLabel: String, _ text: String, _ amount: Int64,
                       _ letter: String = "", _ letterDate: Int32 = 0, _ foreign: (Int64?, String)? = nil, piece: String? = nil,
                       pieceDate: Int32? = nil)
    {
      let debit = amount > 0 ? FecWriter.amount(amount) : "0,00"
      let credit = amount < 0 ? FecWriter.amount(-amount) : "0,00"
      let fx = foreign.flatMap { $0.0 }.map { FecWriter.amount(abs($0)) } ?? ""
      lines.append([account, accountLabel, aux, auxLabel, piece ?? self.piece, FecWriter.day(pieceDate ?? self.pieceDate), clean(text), debit, credit, letter,
                    letter.isEmpty ? "" : FecWriter.day(letterDate), FecWriter.day(day), fx, foreign?.1 ?? ""].joined(separator: "\t"))
    }

    func clean(_ s: String) -> String { s.replacingOccurrences(of: "\t", with: " ") }

    /// The entry's lines, numbered in its journal.
    func text(_ numbers: inout [String: Int]) -> String {
      let n = (numbers[journal.code] ?? 0) + 1
      numbers[journal.code] = n
      let number = journal.code + String(repeating: "0", count: max(0, 6 - String(n).count)) + String(n)
      let head = [journal.code, journal.label, number, FecWriter.day(day)].joined(separator: "\t")
      return lines.map { head + "\t" + $0 + "\n" }.joined()
    }
  }

  /// Cents as `1437,12`.
  static func amount(_ cents: Int64) -> String {
    let text = Money.format(cents)
    return text.replacingOccurrences(of: ".", with: ",")
  }

  /// A day as AAAAMMJJ.
  public static func day(_ d: Int32) -> String {
    let (y, m, dd) = Day.civil(d)
    return String(format: "%04d%02d%02d", y, m, dd)
  }

  /// Replaces a generated folder's invoices.csv and payments.csv by the FEC they make, named
  /// `<SIREN>FEC<closing date>.txt` as the law names it: the last calendar year's, opening on
  /// its first day with the items open then (the whole period when it is shorter than two
  /// years). The side files keep the rows about the year's items.
  public static func writeFiscalYear(folder: String, from first: Int32, closing: Int32) throws -> (path: String, lines: Int, opening: Int32) {
    let (ledger, _) = try LedgerLoader.load(directory: folder, options: LoadOptions())
    let year = Day.number(year: Day.civil(closing).year, month: 1, day: 1)
    let opening = year > first ? year : first
    let text = FecWriter.text(ledger, openingOn: year > first ? year : nil)
    let path = (folder as NSString).appendingPathComponent("552100554FEC" + FecWriter.day(closing) + ".txt")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    for file in ["invoices.csv", "payments.csv"] { try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(file)) }
    // An item closed before the year is not in the FEC: the side files drop the rows about it.
    if year > first {
      let open = ledger.applications.openAmounts(at: year - 1, invoices: ledger.invoices)
      var kept = Set<String>()
      for d in 0..<ledger.invoices.count where ledger.invoices.postingDate[d] >= year || open[d] != 0 {
        if let id = ledger.invoices.id[d] { kept.insert(id) }
      }
      for file in ["disputes.csv", "actions.csv", "promises.csv"] {
        try keepRows(of: (folder as NSString).appendingPathComponent(file), invoices: kept)
      }
    }
    return (path, text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } - 1, opening)
  }

  /// Drops the rows of a generated CSV whose `invoice_id` is not among `invoices`, reading its
  /// records and fields as the loader does (quotes and all).
  static func keepRows(of path: String, invoices: Set<String>) throws {
    guard FileManager.default.fileExists(atPath: path) else { return }
    let source = try SourceText.read(path: path, displayPath: path, encoding: .utf8)
    try source.scanRecords(delimiter: 44)
    let rows: [[String]] = try source.withBytes { buffer in
      guard let p = buffer.baseAddress else { return [] }
      return try (0..<source.recordCount).map { r in try FieldCursor.strings(p, start: source.starts[r], end: source.ends[r], delimiter: 44) }
    }
    guard let header = rows.first, let column = header.firstIndex(of: "invoice_id") else { return }
    var out = String(decoding: source.recordBytes(0), as: UTF8.self) + "\n"
    for r in 1..<max(1, rows.count) where column >= rows[r].count || rows[r][column].isEmpty || invoices.contains(rows[r][column]) {
      out += String(decoding: source.recordBytes(r), as: UTF8.self) + "\n"
    }
    try out.write(toFile: path, atomically: true, encoding: .utf8)
  }
}
