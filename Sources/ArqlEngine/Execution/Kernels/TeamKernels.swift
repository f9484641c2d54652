import ArqlLedger

extension Executor {
  /// The kernels of collection performance, actions, surveys, promises and provisions
  /// (kpi-spec §8.3–§8.5); `leaf` carries their days, grace, buckets and rates.
  func teamSum(_ kernel: TeamKernel, _ leaf: MetricLeaf, _ context: EvaluationContext, _ snap: Snapshot?, _ masks: [[Bool]?],
               _ rowGroups: [ColumnArray<Int32>], _ groupCount: Int) throws -> [Int64]
  {
    let inv = ledger.invoices
    let d = context.asOf
    let (first, last) = (context.window.first, context.window.last)
    let posting = inv.postingDate
    let due = inv.dueDate
    let amount = inv.amount
    let types = inv.docType
    let debit = attributes.debitFlags
    let docMask = masks[Universe.documents.rawValue]
    let docGroups = rowGroups[Universe.documents.rawValue]
    let open = snap?.open ?? []
    func over(_ u: Universe, _ value: @escaping (Int) -> Int64) -> [Int64] {
      groupedSum(attributes.rowCount(u), rowGroups[u.rawValue], masks[u.rawValue], groupCount, value)
    }
    switch kernel {
    case .openDue:
      // Evaluated the day before the window: what was open then and falls due by its end.
      return groupedSum(inv.count, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] && due[r] <= last ? open[r] : 0 }
    case .invoicedDue:
      return groupedSum(inv.count, docGroups, docMask, groupCount) { r in
        posting[r] >= first && posting[r] <= last && posting[r] <= d && types[r].isIssued && due[r] <= last ? amount[r] : 0
      }
    case .collectedDue:
      let pay = ledger.payments
      let paid = pay.paymentDate
      let target = pay.invoice
      let cash = pay.amount
      return over(.cash) { p in
        let t = Int(target[p])
        guard t >= 0, paid[p] >= first, paid[p] <= last, paid[p] <= d, posting[t] <= d, debit[t], due[t] <= last else { return 0 }
        return cash[p]
      }
    case .dueInWindow, .settledOnTime:
      let index = ledger.applications
      let k = leaf.days
      let settled = kernel == .settledOnTime
      return groupedSum(inv.count, docGroups, docMask, groupCount) { r in
        guard posting[r] <= d, types[r].isIssued, due[r] >= first, due[r] <= last, due[r] <= d else { return 0 }
        guard settled else { return amount[r] }
        // The cash applied by due + k (or by D when that is earlier), at most the amount.
        let by = min(due[r] + k, d)
        var paid: Int64 = 0
        for a in Int(index.offsets[r])..<Int(index.offsets[r + 1]) where index.source[a] >= 0 && index.date[a] <= by { paid &+= index.amount[a] }
        return min(paid, amount[r])
      }
    case .variances, .varianceAmount:
      // Adjustment lines (bank fees, discounts taken, short payments, FX) posted in the window.
      let counting = kernel == .variances
      return groupedSum(inv.count, docGroups, docMask, groupCount) { r in
        guard types[r] == .adjustment, posting[r] >= first, posting[r] <= last, posting[r] <= d else { return 0 }
        return counting ? 1 : abs(amount[r])
      }
    case .actions, .actionsFollowed:
      let a = ledger.actions
      let followed = kernel == .actionsFollowed
      let payments = paymentDaysByCustomer
      let wait = leaf.days
      return over(.actions) { row in
        let t = a.date[row]
        guard t >= first, t <= last, t <= d else { return 0 }
        guard followed else { return 1 }
        let c = Int(a.customer[row])
        guard c >= 0, c < payments.count else { return 0 }
        return Executor.hasDay(payments[c], from: t, to: min(t + wait, d)) ? 1 : 0
      }
    case .surveyAnswers, .satisfiedAnswers:
      let s = ledger.surveys
      let satisfied = kernel == .satisfiedAnswers
      return over(.surveys) { row in
        guard s.date[row] >= first, s.date[row] <= last, s.date[row] <= d else { return 0 }
        return !satisfied || s.score[row] >= 4 ? 1 : 0
      }
    case .promisesKept, .promisesBroken, .promisesPartial, .promisesPending, .promisesKeptAmount, .promisesDueAmount:
      let p = ledger.promises
      let grace = leaf.days
      let key = PromiseKey(grace: grace, asOf: d)
      let outcomes = cache.value(.promiseStates(key), bytes: { $0.count * MemoryLayout<PromiseOutcome>.stride }) {
        (0..<p.count).map { promiseState($0, grace: grace, asOf: d) }
      }
      return over(.promises) { row in
        let outcome = outcomes[row]
        if kernel == .promisesPending { return outcome.state == .pending ? 1 : 0 }
        // A decided promise belongs to the window of the day it was decided: kept → the day
        // its cash reached the amount (early or not), broken or partial → its deadline.
        guard let decided = outcome.day, decided >= first, decided <= last, decided <= d else { return 0 }
        switch outcome.state {
        case .kept:
          if kernel == .promisesKept { return 1 }
          return kernel == .promisesKeptAmount || kernel == .promisesDueAmount ? p.amount[row] : 0
        case .broken, .partial:
          if kernel == .promisesBroken { return outcome.state == .broken ? 1 : 0 }
          if kernel == .promisesPartial { return outcome.state == .partial ? 1 : 0 }
          return kernel == .promisesDueAmount ? p.amount[row] : 0
        case .pending, .cancelled, .notYetMade:
          return 0
        }
      }
    case .bookedProvision:
      guard case .some(.some(let booked)) = bookedProvisionColumn else { return [Int64](repeating: 0, count: groupCount) }
      return groupedSum(inv.count, docGroups, docMask, groupCount) { r in posting[r] <= d && debit[r] && open[r] != 0 ? booked[r] : 0 }
    case .htOpen, .htOverdue, .provision:
      let net = inv.netAmount
      let spec = leaf.aging ?? AgingSpec()
      let rates = leaf.rates
      // Documents without a net amount are estimated; a net amount larger than its gross one
      // can make an HT beyond 64 bits, which is refused rather than wrapped or clamped.
      var estimated = false
      for r in 0..<inv.count where (docMask?[r] ?? true) && posting[r] <= d && debit[r] && open[r] != 0 {
        guard let n = net[r] else {
          estimated = true
          continue
        }
        if n.magnitude > amount[r].magnitude, Executor.excludingVat(open[r], net: n, gross: amount[r]) == nil {
          throw EngineError(.unsupported, "the amount excluding VAT of \(ledger.invoices.id[r] ?? "document \(r + 1)") is beyond what arql sums exactly: "
                              + "open \(Money.format(open[r])) × net \(Money.format(n)) / amount \(Money.format(amount[r]))",
                            notes: ["a net amount larger than its amount is most likely a wrong column or unit"])
        }
      }
      if estimated { raised.insert(.htEstimated) }
      guard kernel == .provision else {
        return groupedSum(inv.count, docGroups, docMask, groupCount) { r in
          guard posting[r] <= d, debit[r], open[r] != 0 else { return 0 }
          let ht = Executor.excludingVat(open[r], net: net[r], gross: amount[r]) ?? 0
          return kernel == .htOpen || d - due[r] >= 1 ? ht : 0
        }
      }
      // Σ HT × basis points on 128 bits (HT times 10,000 goes beyond 64 bits from 9.2
      // trillion), rounded half away from zero to the cent once per group.
      var sums = [Int128](repeating: 0, count: groupCount)
      for r in 0..<inv.count where (docMask?[r] ?? true) && posting[r] <= d && debit[r] && open[r] != 0 {
        let b = spec.bucket(d - due[r])
        guard b < rates.count else { continue }
        sums[Int(docGroups[r])] += Int128(Executor.excludingVat(open[r], net: net[r], gross: amount[r]) ?? 0) * Int128(rates[b])
      }
      return sums.map { Int64(clamping: $0.roundedQuotient(dividingBy: 10_000)) }  // at most Σ |HT|
    }
  }

  /// An open amount without VAT: `open × net / amount` when the document has its net amount,
  /// else `open / 1.2` (kpi-spec §8.4), rounded half away from zero to the cent, exactly; nil
  /// when it is beyond 64 bits (a net amount many times its gross one).
  static func excludingVat(_ open: Int64, net: Int64?, gross: Int64) -> Int64? {
    let (numerator, denominator): (Int128, Int128) = net.map { gross != 0 ? (Int128($0), Int128(gross)) : (10, 12) } ?? (10, 12)
    return Int64(exactly: (Int128(open) * numerator).roundedQuotient(dividingBy: denominator))  // the product: at most 2^126
  }

  /// Whether a sorted list of days has one in `from...to`.
  static func hasDay(_ days: [Int32], from: Int32, to: Int32) -> Bool {
    guard from <= to else { return false }
    var lo = 0
    var hi = days.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if days[mid] < from { lo = mid + 1 } else { hi = mid }
    }
    return lo < days.count && days[lo] <= to
  }

  /// Where a promise to pay stands at D (kpi-spec §8.5): kept when the cash applied to its
  /// invoice (the customer's cash for a promise on the account) from its creation to the
  /// promised date + grace reaches the amount less max(1.00, 1 %); broken (or partial, when
  /// some came) once that date has passed; pending before.
  func promiseState(_ row: Int, grace: Int32, asOf d: Int32) -> PromiseOutcome {
    let p = ledger.promises
    if p.cancelled[row] { return PromiseOutcome(state: .cancelled, day: nil) }
    guard p.created[row] <= d else { return PromiseOutcome(state: .notYetMade, day: nil) }
    let deadline = p.promisedDate[row] + grace
    let until = min(deadline, d)
    let tolerance = max(100, p.amount[row] / 100)
    let target = p.amount[row] - tolerance
    var paid: Int64 = 0
    // The cash counted, in date order: applications to the promised invoice, else the
    // customer's receipts, dated from the promise's creation to min(deadline, D).
    var keptOn: Int32? = nil
    func count(_ day: Int32, _ amount: Int64) {
      paid &+= amount
      if keptOn == nil && paid >= target { keptOn = day }
    }
    let invoice = Int(p.invoice[row])
    if invoice >= 0 {
      let index = ledger.applications
      for a in Int(index.offsets[invoice])..<Int(index.offsets[invoice + 1])
      where index.source[a] >= 0 && index.date[a] >= p.created[row] && index.date[a] <= until {
        count(index.date[a], index.amount[a])
      }
    } else if p.customer[row] >= 0 && Int(p.customer[row]) < paymentLinesByCustomer.count {
      // A promise on the account: the customer's cash of those days.
      let pay = ledger.payments
      for line in paymentLinesByCustomer[Int(p.customer[row])] {
        let day = pay.paymentDate[Int(line)]
        if day > until { break }
        if day >= p.created[row] { count(day, pay.amount[Int(line)]) }
      }
    }
    if let keptOn { return PromiseOutcome(state: .kept, day: keptOn) }
    if d <= deadline { return PromiseOutcome(state: .pending, day: nil) }
    return PromiseOutcome(state: paid > 0 ? .partial : .broken, day: deadline)
  }
}

/// Where a promise stands at a date, and the day it was decided: the day its cash reached
/// the promised amount (kept), its deadline (broken, partial); nil while pending.
struct PromiseOutcome {
  let state: PromiseState
  let day: Int32?
}

/// The state of a promise to pay at a date.
enum PromiseState {
  case kept, broken, partial, pending, cancelled, notYetMade
}
