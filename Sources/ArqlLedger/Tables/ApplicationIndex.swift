import Dispatch

/// For every document, the applications that reduce its open amount, sorted by date, in
/// compressed-sparse-row form (DESIGN.md §4): the open amount of every item at any date D is
/// one pass over contiguous arrays, and never uses today's status for a past date.
///
/// Applications come from cash lines applied to an invoice and from documents that
/// `applies_to` another (a credit note reduces its target and is consumed itself). An
/// application takes effect on `max(its own date, the target's posting date)`: cash or a credit
/// that arrives before its target is posted stays unapplied until then (kpi-spec §1.9).
public struct ApplicationIndex: Sendable, Codable {
  /// Where each document's applications start in `date` / `amount`; `count + 1` entries.
  public let offsets: ColumnArray<Int32>
  /// Effective date of each application.
  public let date: ColumnArray<Int32>
  /// Amount subtracted from the document's open amount (cents).
  public let amount: ColumnArray<Int64>
  /// The source of each application: a payment line `p` as `p`, a document `d` as `-(d + 1)`.
  public let source: ColumnArray<Int32>

  /// An index from its arrays (an append's merge).
  init(offsets: ColumnArray<Int32>, date: ColumnArray<Int32>, amount: ColumnArray<Int64>, source: ColumnArray<Int32>) {
    self.offsets = offsets
    self.date = date
    self.amount = amount
    self.source = source
  }

  /// Builds the index for a ledger's documents and cash lines.
  /// - Complexity: O(documents + applications · log(applications per document)).
  public init(invoices: InvoiceTable, payments: PaymentTable) {
    let n = invoices.count
    var counts = [Int32](repeating: 0, count: n + 1)
    for target in payments.invoice where target >= 0 { counts[Int(target)] += 1 }
    for (doc, target) in invoices.appliesTo.enumerated() where target >= 0 {
      counts[Int(target)] += 1
      counts[doc] += 1
    }
    var offsets = [Int32](repeating: 0, count: n + 1)
    var running: Int32 = 0
    for i in 0..<n {
      offsets[i] = running
      running += counts[i]
    }
    offsets[n] = running
    let total = Int(running)
    var date = [Int32](repeating: 0, count: total)
    var amount = [Int64](repeating: 0, count: total)
    var source = [Int32](repeating: 0, count: total)
    var fill = Array(offsets.prefix(n))
    let posting = invoices.postingDate
    for (line, target) in payments.invoice.enumerated() where target >= 0 {
      let t = Int(target)
      let slot = Int(fill[t])
      fill[t] += 1
      date[slot] = max(payments.paymentDate[line], posting[t])
      amount[slot] = payments.amount[line]
      source[slot] = Int32(line)
    }
    for (doc, target) in invoices.appliesTo.enumerated() where target >= 0 {
      let t = Int(target)
      let effective = max(posting[doc], posting[t])
      let value = invoices.amount[doc]
      var slot = Int(fill[t])
      fill[t] += 1
      date[slot] = effective
      amount[slot] = -value  // a credit note of −100 lowers its target by 100
      source[slot] = -Int32(doc) - 1
      slot = Int(fill[doc])
      fill[doc] += 1
      date[slot] = effective
      amount[slot] = value  // and is consumed itself
      source[slot] = -Int32(t) - 1
    }
    // Sort each document's applications by date (stable): segments are short and usually
    // already in order, so an in-place insertion sort beats allocating per segment.
    for i in 0..<n where offsets[i + 1] - offsets[i] > 1 {
      let lower = Int(offsets[i])
      let upper = Int(offsets[i + 1])
      for k in (lower + 1)..<upper where date[k] < date[k - 1] {
        let (d, a, s) = (date[k], amount[k], source[k])
        var j = k
        while j > lower && date[j - 1] > d {
          date[j] = date[j - 1]
          amount[j] = amount[j - 1]
          source[j] = source[j - 1]
          j -= 1
        }
        date[j] = d
        amount[j] = a
        source[j] = s
      }
    }
    self.offsets = ColumnArray(offsets)
    self.date = ColumnArray(date)
    self.amount = ColumnArray(amount)
    self.source = ColumnArray(source)
  }

  /// The open amount of every document at day `asOf`: amount − applications dated ≤ `asOf`,
  /// and 0 for documents posted after `asOf`.
  /// - Complexity: O(documents + applications), one pass, split over the cores for large ledgers.
  public func openAmounts(at asOf: Int32, invoices: InvoiceTable) -> [Int64] {
    let n = invoices.count
    let chunks = n >= 500_000 ? 2 : 1
    let size = (n + chunks - 1) / max(chunks, 1)
    return [Int64](unsafeUninitializedCapacity: n) { out, initialized in
      invoices.amount.withUnsafeBufferPointer { amountOf in
        invoices.postingDate.withUnsafeBufferPointer { posting in
          offsets.withUnsafeBufferPointer { offsets in
            date.withUnsafeBufferPointer { date in
              amount.withUnsafeBufferPointer { applied in
                let job = OpenJob(out: out, amountOf: amountOf, posting: posting, offsets: offsets, date: date, applied: applied)
                DispatchQueue.concurrentPerform(iterations: chunks) { k in job.run(k * size..<min(n, (k + 1) * size), asOf: asOf) }
              }
            }
          }
        }
      }
      initialized = n
    }
  }

  /// One slice of `openAmounts`; slices write disjoint rows.
  private struct OpenJob: @unchecked Sendable {
    let out: UnsafeMutableBufferPointer<Int64>
    let amountOf: UnsafeBufferPointer<Int64>
    let posting: UnsafeBufferPointer<Int32>
    let offsets: UnsafeBufferPointer<Int32>
    let date: UnsafeBufferPointer<Int32>
    let applied: UnsafeBufferPointer<Int64>

    func run(_ rows: Range<Int>, asOf: Int32) {
      for i in rows {
        guard posting[i] <= asOf else {
          out[i] = 0
          continue
        }
        var value = amountOf[i]
        var k = Int(offsets[i])
        let end = Int(offsets[i + 1])
        while k < end && date[k] <= asOf {
          value &-= applied[k]
          k += 1
        }
        out[i] = value
      }
    }
  }
}
