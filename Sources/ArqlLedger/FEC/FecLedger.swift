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
  /// The native tables, typed as a CSV file's would be (`FecLedger+Tables`).
  var invoices: ParsedTable
  var payments: ParsedTable
  var customers: ParsedTable
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

  /// A document made from one customer line (text as codes of the FEC's `ids`).
  struct Document {
    var id: Int32
    var customer: Int32
    var type: DocType
    var docDate: Int32
    var posting: Int32
    var amount: Int64
    var net: Int64?
    var currency: Int32
    var foreign: Int64?
    var status: Status
    var appliesTo: Int32 = -1
    var lettrage: Int32
    var pieceRef: Int32
    var label: Int32
    var fileLine: Int32
    /// What is left of a debit to settle.
    var remaining: Int64
  }

  /// The `status` a FEC gives a document (a code, so documents hold no reference-counted field).
  enum Status: UInt8 {
    case none, contentieux, openingAggregated

    /// The text of the status column (nil: none).
    var text: String? { self == .none ? nil : self == .contentieux ? "contentieux" : "opening_aggregated" }
  }

  /// A cash line made from one customer line (receipts positive).
  struct Cash {
    var id: Int32
    var customer: Int32
    var date: Int32
    var amount: Int64
    var matchDate: Int32?
    var lettrage: Int32
    var pieceRef: Int32
    var label: Int32
    var fileLine: Int32
    /// Parts applied: document index, amount.
    var applied: [(Int, Int64)] = []
  }

  /// A credit that settles debits: a cash line or a credit document.
  private enum Credit {
    case cash(Int)
    case document(Int)
  }

  init(_ fec: FecFile, options: FecOptions) {
    var ids = fec.ids
    let labels = fec.labels
    let empty = ids.intern("")
    var documents: [Document] = []
    var cash: [Cash] = []
    documents.reserveCapacity(fec.details.count)
    var customerOrder: [Int32] = []
    // Arrays indexed by the codes of `ids` (grown as codes are added): no hashing per line.
    var nameOf = [Int32](repeating: -1, count: ids.count)
    var used = [Bool](repeating: false, count: ids.count)
    var usedByCash = [Bool](repeating: false, count: ids.count)
    var doubtfulRefs = Set<Int32>()
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
    /// Whether a PieceRef says nothing ("", "x", "-", ...): by the length of its bytes first.
    func placeholder(_ ref: Int32) -> Bool {
      ids.withBytes(Int(ref)) { p, n in n == 0 || (n == 1 && [120, 88, 45, 47, 48, 46].contains(p[0])) }
    }
    func isUsed(_ code: Int32, in marks: [Bool]) -> Bool { Int(code) < marks.count && marks[Int(code)] }
    func mark(_ code: Int32, in marks: inout [Bool]) {
      if Int(code) >= marks.count { marks += [Bool](repeating: false, count: Int(code) + 1 - marks.count + 1024) }
      marks[Int(code)] = true
    }
    /// An id for a line: its PieceRef, made unique by the entry's number and then its line
    /// when another line of `marks` has it (the entry's journal and number when it has none).
    func uniqueId(_ ref: Int32, _ e: Int, _ line: Int32, in marks: inout [Bool]) -> Int32 {
      var id = ref
      if placeholder(ref) { id = ids.intern(fec.entries[e].journal + fec.entries[e].number) }
      if isUsed(id, in: marks) { id = ids.intern(ids.string(Int(id)) + "/" + fec.entries[e].number) }
      if isUsed(id, in: marks) { id = ids.intern(ids.string(Int(id)) + "/" + String(line)) }
      mark(id, in: &marks)
      return id
    }
    var customerLines: [FecFile.Line] = []
    for e in 0..<fec.entries.count {
      let isOpening = fec.entries[e].isOpening
      // The entry's customer lines, the classes of its other lines (a bit mask), its 70x total.
      customerLines.removeAll(keepingCapacity: true)
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
      if !isOpening && counterparts.isEmpty && customerLines.contains(where: { $0.account == .doubtful }) {
        for line in customerLines where line.account == .doubtful && line.amount > 0 {
          doubtfulRefs.insert(fec.details[Int(line.detail)].pieceRef)
        }
        continue
      }
      let customerTotal = customerLines.reduce(Int64(0)) { $0 &+ $1.amount }
      for line in customerLines {
        let d = fec.details[Int(line.detail)]
        if nameOf[Int(d.customer)] < 0 {
          nameOf[Int(d.customer)] = d.customerName
          customerOrder.append(d.customer)
        }
        let type: DocType?
        if isOpening {
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
          // One id per receipt: a reference two receipts share (the invoice number, a bank
          // batch) gets the entry number too; the lines of one receipt's split share it.
          let id = uniqueId(d.pieceRef, e, line.fileLine, in: &usedByCash)
          cash.append(Cash(id: id, customer: d.customer, date: line.date, amount: -line.amount, matchDate: d.dateLet, lettrage: d.lettrage,
                           pieceRef: d.pieceRef, label: d.label, fileLine: line.fileLine))
          continue
        }
        var status: Status = line.account == .doubtful && isOpening ? .contentieux : .none
        if type == .openingBalance && placeholder(d.pieceRef) {
          status = .openingAggregated
          aggregatedOpenings += 1
        }
        // The HT share of an invoice or credit note: the entry's sales over its customer lines.
        var net: Int64? = nil
        if type.isSale && sales != 0 && customerTotal != 0 {
          net = customerLines.count == 1 ? -sales : (-sales * line.amount) / customerTotal
        }
        documents.append(Document(
          id: uniqueId(d.pieceRef, e, line.fileLine, in: &used), customer: d.customer, type: type, docDate: d.pieceDate ?? line.date,
          posting: line.date, amount: line.amount, net: net, currency: d.currency, foreign: d.foreignAmount.map { line.amount < 0 ? -$0 : $0 },
          status: status, lettrage: d.lettrage, pieceRef: d.pieceRef, label: d.label, fileLine: line.fileLine, remaining: max(0, line.amount)))
      }
    }
    for k in documents.indices where doubtfulRefs.contains(documents[k].pieceRef) { documents[k].status = .contentieux }
    // Applications: lettrage groups first, then the credits that name an invoice.
    var debitOfId = [Int32](repeating: -1, count: ids.count)  // document id code → its debit document
    for (k, doc) in documents.enumerated() where doc.amount > 0 && Int(doc.id) < debitOfId.count { debitOfId[Int(doc.id)] = Int32(k) }
    func creditKey(_ c: Credit) -> (Int32, Int32) {
      switch c {
      case .cash(let k): return (cash[k].date, cash[k].fileLine)
      case .document(let k): return (documents[k].posting, documents[k].fileLine)
      }
    }
    func named(_ c: Credit) -> (customer: Int32, ref: Int32, label: Int32) {
      switch c {
      case .cash(let k): return (cash[k].customer, cash[k].pieceRef, cash[k].label)
      case .document(let k): return (documents[k].customer, documents[k].pieceRef, documents[k].label)
      }
    }
    /// The debit documents of `customer` that a credit names: its PieceRef, or a word of its label.
    func namedDebits(_ customer: Int32, _ ref: Int32, _ label: Int32) -> [Int] {
      var found: [Int] = []
      func consider(_ code: Int32?) {
        guard let code, Int(code) < debitOfId.count, case let k = debitOfId[Int(code)], k >= 0, documents[Int(k)].customer == customer,
          !found.contains(Int(k))
        else { return }
        found.append(Int(k))
      }
      consider(ref)
      labels.withBytes(Int(label)) { p, n in
        var startOfWord = -1
        for i in 0...n {
          let b: UInt8 = i < n ? p[i] : 32
          let keep = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 47 || b == 95 || b == 46 || b >= 128
          if keep {
            if startOfWord < 0 { startOfWord = i }
          } else if startOfWord >= 0 {
            consider(ids.lookup(p + startOfWord, i - startOfWord))
            startOfWord = -1
          }
        }
      }
      return found
    }
    var spread = 0
    /// Settles credit `c` against `candidates` (document indexes): the ones it names first, then by date.
    func settle(_ c: Credit, _ candidates: [Int]) {
      var amount: Int64
      switch c {
      case .cash(let k): amount = cash[k].amount - cash[k].applied.reduce(Int64(0)) { $0 + $1.1 }
      case .document(let k):
        guard documents[k].appliesTo < 0 else { return }
        amount = -documents[k].amount
      }
      guard amount > 0 else { return }
      var ordered = candidates
      if candidates.count > 1 {
        let (customer, ref, label) = named(c)
        let first = Set(namedDebits(customer, ref, label))
        ordered = candidates.filter { first.contains($0) } + candidates.filter { !first.contains($0) }
      }
      var parts: [(Int, Int64)] = []
      for d in ordered where amount > 0 && documents[d].remaining > 0 {
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
    // Lettrage groups by sorting (customer, EcritureLet) keys: members are debit documents
    // (`k << 2`), credit documents (`k << 2 | 1`) and cash lines (`k << 2 | 2`).
    var members: [(key: UInt64, member: Int)] = []
    var unmatched: [Credit] = []
    func groupKey(_ customer: Int32, _ lettrage: Int32) -> UInt64 { UInt64(UInt32(bitPattern: customer)) << 32 | UInt64(UInt32(bitPattern: lettrage)) }
    for (k, doc) in documents.enumerated() {
      if doc.lettrage != empty {
        if doc.amount > 0 {
          members.append((groupKey(doc.customer, doc.lettrage), k << 2))
        } else if doc.type.canApply || doc.type == .openingBalance {
          members.append((groupKey(doc.customer, doc.lettrage), k << 2 | 1))
        }
      } else if doc.amount < 0 && doc.type.canApply {
        unmatched.append(.document(k))
      }
    }
    for (k, line) in cash.enumerated() {
      if line.lettrage == empty { unmatched.append(.cash(k)) } else { members.append((groupKey(line.customer, line.lettrage), k << 2 | 2)) }
    }
    members.sort { $0.key < $1.key }
    var debits: [Int] = []
    var credits: [Credit] = []
    var first = 0
    while first < members.count {
      var last = first
      debits.removeAll(keepingCapacity: true)
      credits.removeAll(keepingCapacity: true)
      while last < members.count && members[last].key == members[first].key {
        let member = members[last].member
        switch member & 3 {
        case 0: debits.append(member >> 2)
        case 1: credits.append(.document(member >> 2))
        default: credits.append(.cash(member >> 2))
        }
        last += 1
      }
      debits.sort { (documents[$0].posting, documents[$0].fileLine) < (documents[$1].posting, documents[$1].fileLine) }
      for credit in credits.sorted(by: { creditKey($0) < creditKey($1) }) { settle(credit, debits) }
      first = last
    }
    for credit in unmatched.sorted(by: { creditKey($0) < creditKey($1) }) {
      let (customer, ref, label) = named(credit)
      let candidates = namedDebits(customer, ref, label)
      if !candidates.isEmpty { settle(credit, candidates) }
    }
    // On request, cash still unapplied settles the customer's oldest open debits.
    if options.fifoUnmatched {
      var debitsOf: [Int32: [Int]] = [:]
      for (k, doc) in documents.enumerated() where doc.amount > 0 { debitsOf[doc.customer, default: []].append(k) }
      for k in debitsOf.keys { debitsOf[k]?.sort { (documents[$0].posting, documents[$0].fileLine) < (documents[$1].posting, documents[$1].fileLine) } }
      for k in cash.indices.sorted(by: { (cash[$0].date, cash[$0].fileLine) < (cash[$1].date, cash[$1].fileLine) }) {
        settle(.cash(k), debitsOf[cash[k].customer] ?? [])
      }
    }
    // The native tables, typed straight from the documents and cash lines.
    (invoices, payments, customers) = FecLedger.tables(documents: documents, cash: cash, customers: customerOrder, nameOf: nameOf, ids: ids,
                                                       empty: empty, path: fec.path)
    customerList = customerOrder.map { (ids.string(Int($0)), ids.string(Int(nameOf[Int($0)] >= 0 ? nameOf[Int($0)] : empty))) }
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
  /// The least bytes of the file a thread reads: a file under twice this is read by one thread.
  /// Tests lower it to read small files in parts.
  public var partBytes = FecOptions.defaultPartBytes
  /// One mebibyte: below it, a second thread costs more than it saves.
  public static let defaultPartBytes = 1 << 20

  public init(advances: Bool = false, bills: Bool = false, strictBalance: Bool = false, fifoUnmatched: Bool = false) {
    self.advances = advances
    self.bills = bills
    self.strictBalance = strictBalance
    self.fifoUnmatched = fifoUnmatched
  }
}

/// A set of account classes as a bit mask (one per entry: a `Set` would hash).
struct AccountSet {
  private var bits: UInt16 = 0
  var isEmpty: Bool { bits == 0 }
  mutating func insert(_ account: FecFile.Account) { bits |= 1 << UInt16(account.rawValue) }
  func contains(_ account: FecFile.Account) -> Bool { bits & (1 << UInt16(account.rawValue)) != 0 }
}
