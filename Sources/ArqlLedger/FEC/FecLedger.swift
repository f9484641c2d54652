import Foundation

/// Builds the native tables from a FEC (kpi-spec §10.3): the lines on customer accounts become
/// documents and cash, classified by the other lines of their entry; lettrage groups and
/// invoice numbers in references and labels become applications.
///
/// - 411 lines are kept, and 416 (doubtful or disputed receivables: the same receivable moved
///   by a reclass entry, whose items are marked `contentieux`); 4191 and 413 on request.
/// - Counterpart 70x/4457 → INV (debit) or CN (credit); 512/53 → cash (credit) or REF
///   (debit); 654 → WO; 665/627/666/766 → ADJ; an opening entry (journal AN) → OB, per item
///   when it has a PieceRef, else one aggregated item per line (`opening_aggregated`).
/// - Per (customer, EcritureLet) group, credits settle debits: a debit whose number the credit
///   names first (PieceRef or label), then first in, first out by date; the cash date is the
///   credit line's EcritureDate. Unmatched credits are applied by the invoice number in their
///   PieceRef or label, up to what is left of it; the rest stays unapplied.
/// - Due dates are not in a FEC: invoices get document date + the customer's terms (customers.csv)
///   or the default terms, flagged MISSING_DUE_DATE; credits are due on their date.
/// - HT share per invoice: the entry's 70x lines over its customer lines (net_amount).
struct FecLedger {
  /// What the conversion wrote, as native CSV text (UTF-8 bytes).
  var invoices: [UInt8] = []
  var payments: [UInt8] = []
  var customers: [UInt8] = []
  /// The customers in order of first appearance: id and name.
  var customerList: [(id: String, name: String)] = []
  /// For the load report.
  var notes: [String] = []

  /// The customer-side account classes kept.
  static func customerSide(_ account: FecFile.Account, options: FecOptions) -> Bool {
    switch account {
    case .customer, .doubtful: return true
    case .advance: return options.advances
    case .bills: return options.bills
    case .sales, .vat, .bank, .loss, .adjustment, .other: return false
    }
  }

  /// A document made from one customer line.
  private struct Document {
    var id: String
    var customer: String
    var type: DocType
    var docDate: Int32
    var posting: Int32
    var amount: Int64
    var net: Int64?
    var currency: String
    var foreign: Int64?
    var status: String
    var appliesTo: String?
    var lettrage: String
    var pieceRef: String
    var label: String
    var fileLine: Int32
    /// What is left of a debit to settle.
    var remaining: Int64
  }

  /// A cash line made from one customer line (receipts positive).
  private struct Cash {
    var id: String
    var customer: String
    var date: Int32
    var amount: Int64
    var matchDate: Int32?
    var lettrage: String
    var pieceRef: String
    var label: String
    var fileLine: Int32
    /// Parts applied: document index, amount.
    var applied: [(Int, Int64)] = []
  }

  init(_ fec: FecFile, options: FecOptions) {
    var documents: [Document] = []
    var cash: [Cash] = []
    var names: [String: String] = [:]
    var customerOrder: [String] = []
    var usedIds: Set<String> = []
    var doubtfulRefs: Set<String> = []
    var unclassified = 0
    var aggregatedOpenings = 0
    // Lines of each entry, in file order (a counting sort on the entry index).
    var start = [Int](repeating: 0, count: fec.entries.count + 1)
    for line in fec.lines { start[Int(line.entry) + 1] += 1 }
    for k in 0..<fec.entries.count { start[k + 1] += start[k] }
    var fill = start
    var order = [Int](repeating: 0, count: fec.lines.count)
    for (k, line) in fec.lines.enumerated() {
      order[fill[Int(line.entry)]] = k
      fill[Int(line.entry)] += 1
    }
    func placeholder(_ ref: String) -> Bool { ref.isEmpty || ["x", "-", "/", "0", "."].contains(ref.lowercased()) }
    func uniqueId(_ ref: String, _ entry: FecFile.Entry, _ line: Int32) -> String {
      var id = placeholder(ref) ? entry.journal + entry.number : ref
      if usedIds.contains(id) { id += "/" + entry.number }
      if usedIds.contains(id) { id += "/" + String(line) }
      usedIds.insert(id)
      return id
    }
    for e in 0..<fec.entries.count {
      let entry = fec.entries[e]
      // The entry's customer lines, the classes of its other lines (a bit mask), its 70x total.
      var customerLines: [FecFile.Line] = []
      var counterparts = AccountSet()
      var sales: Int64 = 0
      for k in order[start[e]..<start[e + 1]] {
        let line = fec.lines[k]
        if Self.customerSide(line.account, options: options) {
          if line.detail >= 0 { customerLines.append(line) }
        } else {
          counterparts.insert(line.account)
          if line.account == .sales { sales &+= line.amount }
        }
      }
      guard !customerLines.isEmpty else { continue }
      // A reclass between 411 and 416 moves the same receivable: its items become doubtful.
      if !entry.isOpening && counterparts.isEmpty && customerLines.contains(where: { $0.account == .doubtful }) {
        for line in customerLines where line.account == .doubtful && line.amount > 0 {
          doubtfulRefs.insert(fec.details[Int(line.detail)].pieceRef)
        }
        continue
      }
      let customerTotal = customerLines.reduce(Int64(0)) { $0 &+ $1.amount }
      for line in customerLines {
        let d = fec.details[Int(line.detail)]
        if names[d.customer] == nil {
          names[d.customer] = d.customerName
          customerOrder.append(d.customer)
        }
        let type: DocType?
        if entry.isOpening {
          type = .openingBalance
        } else if counterparts.contains(.sales) || counterparts.contains(.vat) {
          type = line.amount >= 0 ? .invoice : .creditNote
        } else if counterparts.contains(.bank) {
          type = line.amount >= 0 ? .refund : nil  // nil: cash received
        } else if counterparts.contains(.loss) {
          type = line.amount < 0 ? .writeOff : .adjustment
        } else if counterparts.contains(.adjustment) {
          type = .adjustment
        } else {
          unclassified += 1
          type = line.amount < 0 && line.account == .advance ? nil : .adjustment
        }
        guard let type else {
          cash.append(Cash(id: placeholder(d.pieceRef) ? entry.journal + entry.number : d.pieceRef, customer: d.customer, date: line.date,
                           amount: -line.amount, matchDate: d.dateLet, lettrage: d.lettrage, pieceRef: d.pieceRef, label: d.label,
                           fileLine: line.fileLine))
          continue
        }
        var status = line.account == .doubtful && entry.isOpening ? "contentieux" : ""
        if type == .openingBalance && placeholder(d.pieceRef) {
          status = "opening_aggregated"
          aggregatedOpenings += 1
        }
        // The HT share of an invoice or credit note: the entry's sales over its customer lines.
        var net: Int64? = nil
        if type.isSale && sales != 0 && customerTotal != 0 {
          net = customerLines.count == 1 ? -sales : (-sales * line.amount) / customerTotal
        }
        let docDate = d.pieceDate ?? line.date
        documents.append(Document(
          id: uniqueId(d.pieceRef, entry, line.fileLine), customer: d.customer, type: type, docDate: docDate,
          posting: line.date, amount: line.amount, net: net, currency: d.currency.isEmpty ? "EUR" : d.currency,
          foreign: d.foreignAmount.map { line.amount < 0 ? -$0 : $0 }, status: status, appliesTo: nil, lettrage: d.lettrage,
          pieceRef: d.pieceRef, label: d.label, fileLine: line.fileLine, remaining: max(0, line.amount)))
      }
    }
    for k in documents.indices where doubtfulRefs.contains(documents[k].pieceRef) { documents[k].status = "contentieux" }
    // Applications: lettrage groups first, then the credits that name an invoice.
    var debitsById: [String: [Int]] = [:]  // customer + id → document
    for (k, doc) in documents.enumerated() where doc.amount > 0 { debitsById[doc.customer + "\u{1}" + doc.id, default: []].append(k) }
    enum Credit { case cash(Int), document(Int) }
    func creditDate(_ c: Credit) -> (Int32, Int32) {
      switch c {
      case .cash(let k): return (cash[k].date, cash[k].fileLine)
      case .document(let k): return (documents[k].posting, documents[k].fileLine)
      }
    }
    func named(_ c: Credit) -> (String, String, String) {
      switch c {
      case .cash(let k): return (cash[k].customer, cash[k].pieceRef, cash[k].label)
      case .document(let k): return (documents[k].customer, documents[k].pieceRef, documents[k].label)
      }
    }
    /// Settles credit `c` against `candidates` (document indexes): the ones it names first, then by date.
    var spread = 0
    func settle(_ c: Credit, _ candidates: [Int]) {
      let (customer, ref, label) = named(c)
      var amount: Int64
      switch c {
      case .cash(let k): amount = cash[k].amount - cash[k].applied.reduce(Int64(0)) { $0 + $1.1 }
      case .document(let k):
        guard documents[k].appliesTo == nil else { return }
        amount = -documents[k].amount
      }
      guard amount > 0 else { return }
      var namedFirst = candidates
      if candidates.count > 1 {
        let tokens = Set(Self.tokens(label, ref))
        namedFirst = candidates.filter { tokens.contains(documents[$0].id) && documents[$0].customer == customer }
          + candidates.filter { !tokens.contains(documents[$0].id) || documents[$0].customer != customer }
      }
      var parts: [(Int, Int64)] = []
      for d in namedFirst where amount > 0 && documents[d].remaining > 0 {
        let part = min(amount, documents[d].remaining)
        documents[d].remaining -= part
        amount -= part
        parts.append((d, part))
      }
      switch c {
      case .cash(let k): cash[k].applied += parts
      case .document(let k):
        if let largest = parts.max(by: { $0.1 < $1.1 }) {
          documents[k].appliesTo = documents[largest.0].id
          if parts.count > 1 { spread += 1 }
        }
      }
    }
    var groups: [String: (debits: [Int], credits: [Credit])] = [:]
    var unmatched: [Credit] = []
    for (k, doc) in documents.enumerated() {
      if !doc.lettrage.isEmpty {
        if doc.amount > 0 { groups[doc.customer + "\u{1}" + doc.lettrage, default: ([], [])].debits.append(k) }
        else if doc.type.canApply || doc.type == .openingBalance { groups[doc.customer + "\u{1}" + doc.lettrage, default: ([], [])].credits.append(.document(k)) }
      } else if doc.amount < 0 && doc.type.canApply {
        unmatched.append(.document(k))
      }
    }
    for (k, line) in cash.enumerated() {
      if line.lettrage.isEmpty { unmatched.append(.cash(k)) } else { groups[line.customer + "\u{1}" + line.lettrage, default: ([], [])].credits.append(.cash(k)) }
    }
    for key in groups.keys.sorted() {
      guard let group = groups[key] else { continue }
      let debits = group.debits.sorted { (documents[$0].posting, documents[$0].fileLine) < (documents[$1].posting, documents[$1].fileLine) }
      for credit in group.credits.sorted(by: { creditDate($0) < creditDate($1) }) { settle(credit, debits) }
    }
    for credit in unmatched.sorted(by: { creditDate($0) < creditDate($1) }) {
      let (customer, ref, label) = named(credit)
      let candidates = Self.tokens(label, ref).flatMap { debitsById[customer + "\u{1}" + $0] ?? [] }
      if !candidates.isEmpty { settle(credit, candidates) }
    }
    // On request, cash still unapplied settles the customer's oldest open debits.
    if options.fifoUnmatched {
      var debitsOf: [String: [Int]] = [:]
      for (k, doc) in documents.enumerated() where doc.amount > 0 { debitsOf[doc.customer, default: []].append(k) }
      for k in debitsOf.keys { debitsOf[k]?.sort { (documents[$0].posting, documents[$0].fileLine) < (documents[$1].posting, documents[$1].fileLine) } }
      for k in cash.indices.sorted(by: { (cash[$0].date, cash[$0].fileLine) < (cash[$1].date, cash[$1].fileLine) }) {
        settle(.cash(k), debitsOf[cash[k].customer] ?? [])
      }
    }
    // The native tables, as CSV text read by the same reader as native files.
    var inv = CSVText("invoice_id,customer_id,doc_type,doc_date,posting_date,due_date,amount,currency,amount_currency,applies_to,net_amount,status")
    for doc in documents {
      inv.row([Self.field(doc.id), Self.field(doc.customer), doc.type.code, Day.iso(doc.docDate), Day.iso(doc.posting),
               doc.amount < 0 ? Day.iso(doc.docDate) : "", Money.format(doc.amount), Self.field(doc.currency),
               doc.foreign.map(Money.format) ?? "", doc.appliesTo.map(Self.field) ?? "", doc.net.map(Money.format) ?? "", doc.status])
    }
    var pay = CSVText("payment_id,customer_id,payment_date,amount,invoice_id,match_date")
    for line in cash {
      let match = line.matchDate.map(Day.iso) ?? ""
      var left = line.amount
      let id = Self.field(line.id)
      let customer = Self.field(line.customer)
      let day = Day.iso(line.date)
      for (d, part) in line.applied {
        pay.row([id, customer, day, Money.format(part), Self.field(documents[d].id), match])
        left -= part
      }
      if left != 0 || line.applied.isEmpty { pay.row([id, customer, day, Money.format(left), "", ""]) }
    }
    var cust = CSVText("customer_id,name")
    for id in customerOrder { cust.row([Self.field(id), Self.field(names[id] ?? "")]) }
    invoices = inv.bytes
    payments = pay.bytes
    customers = cust.bytes
    customerList = customerOrder.map { ($0, names[$0] ?? "") }
    notes.append("FEC \(fec.path): \(fec.lines.count) lines in \(fec.entries.count) entries (\(fec.encoding)); "
      + "\(documents.count) documents and \(cash.count) cash lines from the customer accounts")
    if unclassified > 0 { notes.append("\(unclassified) customer lines with no sales, bank, loss or discount counterpart: read as adjustments (ADJ)") }
    if aggregatedOpenings > 0 {
      notes.append("\(aggregatedOpenings) opening balance\(aggregatedOpenings == 1 ? " is" : "s are") one line per customer (no PieceRef): they age from the opening date "
        + "(OB_AGGREGATED); load the prior year's FEC to age the items behind them")
    }
    if spread > 0 { notes.append("\(spread) credit notes settle several invoices; each is applied to the invoice it settles most of") }
    if !doubtfulRefs.isEmpty {
      notes.append("\(doubtfulRefs.count) item\(doubtfulRefs.count == 1 ? "" : "s") moved to 416 (doubtful or disputed): status contentieux")
    }
  }

  /// A CSV field, quoted when it must be.
  static func field(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// The words of a label or reference that may be an invoice number: runs of letters, digits,
  /// `-`, `/`, `_` and `.` (bytes, not characters: labels are long and many).
  static func tokens(_ label: String, _ ref: String) -> [String] {
    var result = [ref]
    var word: [UInt8] = []
    for b in label.utf8 {
      let keep = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 47 || b == 95 || b == 46 || b >= 128
      if keep {
        word.append(b)
      } else if !word.isEmpty {
        result.append(String(decoding: word, as: UTF8.self))
        word.removeAll(keepingCapacity: true)
      }
    }
    if !word.isEmpty { result.append(String(decoding: word, as: UTF8.self)) }
    return result
  }
}

/// What a FEC load can be told (kpi-spec §10.3 options).
public struct FecOptions: Sendable, Equatable {
  /// Also read 4191 (advances received) as customer cash.
  public var advances = false
  /// Also read 413 (bills of exchange receivable) as customer items.
  public var bills = false
  /// Unbalanced entries stop the load instead of being reported.
  public var strictBalance = false
  /// Cash that neither lettrage nor an invoice number applies settles the customer's oldest
  /// open debits (first in, first out) instead of staying unapplied.
  public var fifoUnmatched = false

  public init(advances: Bool = false, bills: Bool = false, strictBalance: Bool = false, fifoUnmatched: Bool = false) {
    self.advances = advances
    self.bills = bills
    self.strictBalance = strictBalance
    self.fifoUnmatched = fifoUnmatched
  }
}

/// CSV text built as bytes, one row of ready fields at a time.
struct CSVText {
  var bytes: [UInt8]

  init(_ header: String) {
    bytes = Array(header.utf8)
    bytes.append(10)
  }

  mutating func row(_ fields: [String]) {
    for (k, field) in fields.enumerated() {
      if k > 0 { bytes.append(44) }
      bytes.append(contentsOf: field.utf8)
    }
    bytes.append(10)
  }
}

/// A set of account classes as a bit mask (one per entry: a `Set` would hash).
struct AccountSet {
  private var bits: UInt16 = 0
  var isEmpty: Bool { bits == 0 }
  mutating func insert(_ account: FecFile.Account) { bits |= 1 << UInt16(account.rawValue) }
  func contains(_ account: FecFile.Account) -> Bool { bits & (1 << UInt16(account.rawValue)) != 0 }
}
