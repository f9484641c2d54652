#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of one part of a FEC, read by one thread. Entry numbers, ids and labels are coded
/// by the part's own interners and lines are numbered from the part's start; `FecReader`
/// merges the parts in file order.
struct FecPart {
  var lines: [FecFile.Line] = []
  var details: [FecFile.Detail] = []
  var entries: [FecFile.Entry] = []
  /// Entry numbers: code k is `entries[k]`.
  var entryCodes = ByteInterner(capacity: 1 << 15)
  var entryBalance: [Int64] = []
  var entryFirstLine: [Int32] = []
  /// Entries whose lines are not together within the part (at most five, for the report).
  var apart: [String] = []
  var totalDebit: Int64 = 0
  var totalCredit: Int64 = 0
  var deviations: Set<String> = []
  var ids = ByteInterner(capacity: 1 << 16)
  var labels = ByteInterner(capacity: 1 << 16)
  /// Line ends read: the part's first line is line 1 + the line ends of the parts before it.
  var lineEnds = 0

  /// No lines.
  init() {}

  /// Reads the lines in `p[start..<end]`; `start` is just after a line end (or at the
  /// header's), `end` just after one or at the end of the file. Line numbers in the part and in
  /// a thrown error count from 1 at `start`.
  init(_ p: UnsafePointer<UInt8>, start: Int, end partEnd: Int, path: String, header: FecHeader) throws(LoadError) {
    var reader = FecReader.LineReader(p: p, count: partEnd, path: path, header: header)
    var journalCodes = ByteInterner(capacity: 64)
    var journals: [Int: (String, String, Bool)] = [:]
    // About a hundred bytes a line: room for the lines without growing the arrays many times.
    lines.reserveCapacity((partEnd - start) / 100 + 16)
    details.reserveCapacity((partEnd - start) / 250 + 16)
    var lastEntry: Int32 = -1
    var nameOf: [Int32] = []
    typealias Recent = FecReader.LineReader.Recent
    var (recentJournal, recentJournalLabel, recentCustomer, recentLettrage, recentCurrency) = (Recent(), Recent(), Recent(), Recent(), Recent())
    let noLabel = labels.intern("")
    var lastNumber: [UInt8] = []
    var position = start
    var lineNumber = 1
    while position < partEnd {
      // CR, LF or CRLF end a record; blank lines are skipped.
      if p[position] == 13 {
        lineNumber += 1
        position += (position + 1 < partEnd && p[position + 1] == 10) ? 2 : 1
        continue
      }
      if p[position] == 10 {
        lineNumber += 1
        position += 1
        continue
      }
      var end = position
      while end < partEnd && p[end] != 10 && p[end] != 13 { end += 1 }
      try reader.split(position, end, line: lineNumber)
      let entry: Int32
      // The lines of an entry follow each other: the same number as the line before needs no lookup.
      if lastEntry >= 0 && reader.withField(.ecritureNum, { q, count in count == lastNumber.count && memcmp(q, lastNumber, count) == 0 }) {
        entry = lastEntry
      } else {
        lastNumber = reader.withField(.ecritureNum) { Array(UnsafeBufferPointer(start: $0, count: $1)) }
        // Entry numbers get codes in order of first appearance: a new code is a new entry.
        let code = reader.intern(.ecritureNum, into: &entryCodes)
        if Int(code) < entries.count {
          entry = code
          if apart.count < 5 { apart.append(entries[Int(code)].number) }
        } else {
          entry = Int32(entries.count)
          let number = entryCodes.string(Int(code))
          // Journals are few: their names and whether they open the year are found once each.
          let journalCode = reader.intern(.journalCode, into: &journalCodes, recent: &recentJournal)
          let labelCode = reader.intern(.journalLib, into: &journalCodes, recent: &recentJournalLabel)
          let key = Int(journalCode) << 32 | Int(labelCode)
          if journals[key] == nil {
            let journal = journalCodes.string(Int(journalCode))
            let label = journalCodes.string(Int(labelCode))
            let folded = FecHeader.Field.normalized(label)
            let opening = ["AN", "RAN", "ANO"].contains(journal.uppercased()) || folded.contains("nouveau") || folded.contains("ouverture")
            journals[key] = (journal, label, opening)
          }
          let (journal, label, opening) = journals[key] ?? ("", "", false)
          entries.append(FecFile.Entry(number: number, journal: journal, journalLabel: label, isOpening: opening))
          entryBalance.append(0)
          entryFirstLine.append(Int32(lineNumber))
        }
      }
      lastEntry = entry
      let (debit, credit) = try reader.amounts()
      totalDebit &+= debit
      totalCredit &+= credit
      entryBalance[Int(entry)] &+= debit &- credit
      let date = try reader.date(.ecritureDate, required: true) ?? 0
      let account = reader.withField(.compteNum) { FecFile.Account.of($0, $1) }
      var detail: Int32 = -1
      if account.isReceivable {
        detail = Int32(details.count)
        // Interned bytes, not strings: a customer line's text is hashed once and never allocated.
        let hasAux = reader.withField(.compAuxNum) { $1 > 0 }
        let foreign = reader.withField(.montantDevise) { $1 == 0 } ? nil : try reader.money(.montantDevise)
        let customer = reader.intern(hasAux ? .compAuxNum : .compteNum, into: &ids, recent: &recentCustomer)
        // The ledger names a customer after its first line: later lines' names are not read.
        if Int(customer) >= nameOf.count { nameOf += [Int32](repeating: -1, count: Int(customer) + 1 - nameOf.count + 4096) }
        if nameOf[Int(customer)] < 0 { nameOf[Int(customer)] = reader.intern(hasAux ? .compAuxLib : .compteLib, into: &ids) }
        // Labels name the invoices a credit settles: a debit's label is never read.
        let amount = debit &- credit
        details.append(FecFile.Detail(
          line: Int32(lineNumber), customer: customer, customerName: nameOf[Int(customer)], pieceRef: reader.intern(.pieceRef, into: &ids),
          pieceDate: try reader.date(.pieceDate, required: false), label: amount < 0 ? reader.intern(.ecritureLib, into: &labels) : noLabel,
          lettrage: reader.intern(.ecritureLet, into: &ids, recent: &recentLettrage), dateLet: try reader.date(.dateLet, required: false),
          foreignAmount: foreign.map { $0 < 0 ? -$0 : $0 }, currency: reader.intern(.idevise, into: &ids, recent: &recentCurrency)))
      }
      lines.append(FecFile.Line(entry: entry, fileLine: Int32(lineNumber), account: account, amount: debit &- credit, date: date,
                                detail: detail))
      position = end
    }
    lineEnds = lineNumber - 1
    deviations = reader.deviations
  }

  /// Where the parts of `p[first..<count]` start: `parts` pieces of about equal size, each
  /// starting just after a line end (CRLF kept whole), the first at `first`.
  static func starts(_ p: UnsafePointer<UInt8>, count: Int, first: Int, parts: Int) -> [Int] {
    var starts = [first]
    let size = (count - first) / max(1, parts)
    for k in 1..<max(1, parts) {
      var s = max(first + k * size, starts[starts.count - 1] + 1)
      while s < count && p[s] != 10 && p[s] != 13 { s += 1 }
      guard s < count else { break }
      s += (p[s] == 13 && s + 1 < count && p[s + 1] == 10) ? 2 : 1
      guard s < count else { break }
      starts.append(s)
    }
    return starts
  }
}
