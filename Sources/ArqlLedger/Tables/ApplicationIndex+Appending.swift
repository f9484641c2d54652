extension ApplicationIndex {
  /// The index of `invoices` and `payments` whose first `documents` documents and `lines` cash
  /// lines this index was built for: the rows an append added are merged in, and the runs of
  /// documents they do not touch are moved as blocks. The result equals
  /// `ApplicationIndex(invoices:payments:)` entry for entry.
  ///
  /// Within a document the full build orders applications by date, then cash before documents,
  /// then by cash line or by document; an appended line or document comes after every earlier
  /// one of its kind, so a new application goes after the existing ones of its date and kind.
  /// - Complexity: O(documents) for the offsets and a block copy of the applications, plus
  ///   O(k log k) for the k new applications.
  func appending(invoices: InvoiceTable, payments: PaymentTable, documents: Int, lines: Int) -> ApplicationIndex {
    let n = invoices.count
    struct Entry {
      let document: Int32
      let date: Int32
      let isDocument: Bool
      let order: Int32
      let amount: Int64
      let source: Int32
    }
    var added: [Entry] = []
    let posting = invoices.postingDate
    for line in lines..<payments.count where payments.invoice[line] >= 0 {
      let t = Int(payments.invoice[line])
      added.append(Entry(document: Int32(t), date: max(payments.paymentDate[line], posting[t]), isDocument: false, order: Int32(line),
                         amount: payments.amount[line], source: Int32(line)))
    }
    for doc in documents..<n where invoices.appliesTo[doc] >= 0 {
      let t = Int(invoices.appliesTo[doc])
      let effective = max(posting[doc], posting[t])
      added.append(Entry(document: Int32(t), date: effective, isDocument: true, order: Int32(doc), amount: -invoices.amount[doc],
                         source: -Int32(doc) - 1))
      added.append(Entry(document: Int32(doc), date: effective, isDocument: true, order: Int32(doc), amount: invoices.amount[doc],
                         source: -Int32(t) - 1))
    }
    added.sort { ($0.document, $0.date, $0.isDocument ? 1 : 0, $0.order) < ($1.document, $1.date, $1.isDocument ? 1 : 0, $1.order) }
    // Offsets: each document's start moves by the applications added before it.
    let newOffsets = [Int32](unsafeUninitializedCapacity: n + 1) { out, initialized in
      offsets.withUnsafeBufferPointer { old in
        var shift: Int32 = 0
        var i = 0
        var next = 0
        while i < n {
          // Up to the next touched document the shift is constant: a loop the compiler vectorises.
          let stop = next < added.count ? Int(added[next].document) : n
          let oldEnd = min(stop, documents)
          while i < oldEnd {
            out[i] = old[i] &+ shift
            i += 1
          }
          while i < stop {
            out[i] = old[documents] &+ shift
            i += 1
          }
          guard i < n else { break }
          out[i] = (i < documents ? old[i] : old[documents]) &+ shift
          while next < added.count && Int(added[next].document) == i {
            shift += 1
            next += 1
          }
          i += 1
        }
        out[n] = old[documents] &+ shift
      }
      initialized = n + 1
    }
    let total = Int(newOffsets[n])
    // Every slot is written below: old applications moved in blocks, new ones merged.
    var newDate = [Int32](unsafeUninitializedCapacity: total) { _, initialized in initialized = total }
    var newAmount = [Int64](unsafeUninitializedCapacity: total) { _, initialized in initialized = total }
    var newSource = [Int32](unsafeUninitializedCapacity: total) { _, initialized in initialized = total }
    newDate.withUnsafeMutableBufferPointer { date in
      newAmount.withUnsafeMutableBufferPointer { amount in
        newSource.withUnsafeMutableBufferPointer { source in
          self.date.withUnsafeBufferPointer { oldDate in
            self.amount.withUnsafeBufferPointer { oldAmount in
              self.source.withUnsafeBufferPointer { oldSource in
                // Old applications between touched documents move as one block.
                func move(_ from: Int, _ to: Int, into at: Int) {
                  guard to > from, let d = date.baseAddress, let a = amount.baseAddress, let s = source.baseAddress,
                    let od = oldDate.baseAddress, let oa = oldAmount.baseAddress, let os = oldSource.baseAddress
                  else { return }
                  (d + at).update(from: od + from, count: to - from)
                  (a + at).update(from: oa + from, count: to - from)
                  (s + at).update(from: os + from, count: to - from)
                }
                var copied = 0  // old applications placed so far
                var k = 0
                while k < added.count {
                  let doc = Int(added[k].document)
                  let start = doc < documents ? Int(offsets[doc]) : Int(offsets[documents])
                  let end = doc < documents ? Int(offsets[doc + 1]) : start
                  move(copied, start, into: copied + (Int(newOffsets[doc]) - start))
                  var out = Int(newOffsets[doc])
                  var old = start
                  while k < added.count && Int(added[k].document) == doc {
                    let entry = added[k]
                    // Old applications of an earlier date, or of the same date and a kind not after the new one's, go first.
                    while old < end && (oldDate[old] < entry.date || (oldDate[old] == entry.date && (oldSource[old] >= 0 || entry.isDocument))) {
                      date[out] = oldDate[old]
                      amount[out] = oldAmount[old]
                      source[out] = oldSource[old]
                      out += 1
                      old += 1
                    }
                    date[out] = entry.date
                    amount[out] = entry.amount
                    source[out] = entry.source
                    out += 1
                    k += 1
                  }
                  move(old, end, into: out)
                  copied = end
                }
                move(copied, Int(offsets[documents]), into: copied + (total - Int(offsets[documents])))
              }
            }
          }
        }
      }
    }
    return ApplicationIndex(offsets: ColumnArray(newOffsets), date: ColumnArray(newDate), amount: ColumnArray(newAmount), source: ColumnArray(newSource))
  }
}
