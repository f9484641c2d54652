import ArqlLedger

extension Executor {
  /// The cohort (collection-curve) forecast of kpi-spec §7.2 for the months of the window:
  /// invoices grouped by issue month c with amount A_c; F_c(k) the share of c paid in cash by
  /// the end of month c + k; F̄(k) the amount-weighted mean over the cohorts whose month c + k
  /// has ended by D; a cohort of age a at D is expected to reach max(F_c(a), F̄(a + j)) by the
  /// end of the j-th month after D's, never going back. Per group, with every cohort's curve
  /// (F̄) taken over the whole under the query's filter.
  func cohortForecast(asOf d: Int32, window: DateRange, mask: [Bool]?, groups: ColumnArray<Int32>, groupCount: Int) -> [Int64] {
    let inv = ledger.invoices
    let index = ledger.applications
    let legal = legalFlags
    func month(_ day: Int32) -> Int {
      let (y, m, _) = Day.civil(day)
      return y * 12 + (m - 1)
    }
    let now = month(d)
    // The last month that has ended by D.
    let lastEnded = calendar.end(of: .month, containing: d) == d ? now : now - 1
    // Dense per (cohort month, group): the amount, the cash paid in each month of age (then
    // summed into "by the end of age k"), and the cash paid by D.
    var firstMonth = now
    for r in 0..<inv.count where inv.docType[r].isIssued && inv.docDate[r] <= d { firstMonth = min(firstMonth, month(inv.docDate[r])) }
    let cohortCount = now - firstMonth + 1
    let ages = cohortCount  // ages 0...now − firstMonth
    var amount = [Int64](repeating: 0, count: cohortCount * groupCount)
    // The curve needs the groups' sums only: per cohort, not per (cohort, group).
    var paidAtAge = [Int64](repeating: 0, count: cohortCount * ages)
    var cohortAmount = [Int64](repeating: 0, count: cohortCount)
    var paidByD = [Int64](repeating: 0, count: cohortCount * groupCount)
    for r in 0..<inv.count where (mask?[r] ?? true) && inv.docType[r].isIssued && inv.docDate[r] <= d && inv.postingDate[r] <= d && !legal[r] {
      let c = month(inv.docDate[r]) - firstMonth
      let slot = c * groupCount + Int(groups[r])
      amount[slot] &+= inv.amount[r]
      cohortAmount[c] &+= inv.amount[r]
      for a in Int(index.offsets[r])..<Int(index.offsets[r + 1]) where index.source[a] >= 0 && index.date[a] <= d {
        let age = min(ages - 1, max(0, month(index.date[a]) - firstMonth - c))
        paidAtAge[c * ages + age] &+= index.amount[a]
        paidByD[slot] &+= index.amount[a]
      }
    }
    // Cumulative: paid by the end of each age.
    for c in 0..<cohortCount {
      for k in 1..<max(1, ages) { paidAtAge[c * ages + k] &+= paidAtAge[c * ages + k - 1] }
    }
    // F̄(k) over every cohort whose month c + k has ended, all groups together.
    var curve = [Double?](repeating: nil, count: ages + 1)
    for k in 0..<ages {
      var paid: Int64 = 0
      var total: Int64 = 0
      for c in 0..<cohortCount where firstMonth + c + k <= lastEnded {
        paid &+= paidAtAge[c * ages + k]
        total &+= cohortAmount[c]
      }
      if total > 0 { curve[k] = Double(paid) / Double(total) }
    }
    // The months of the window: the rest of D's month when it has not ended, then the next ones.
    let firstOffset = lastEnded == now ? 1 : 0
    let first = max(month(window.first), now + firstOffset)
    let last = month(window.last)
    var result = [Double](repeating: 0, count: groupCount)
    guard first <= last else { return [Int64](repeating: 0, count: groupCount) }
    for c in 0..<cohortCount {
      let age = now - (firstMonth + c)
      for g in 0..<groupCount where amount[c * groupCount + g] > 0 {
        let total = Double(amount[c * groupCount + g])
        var reached = Double(paidByD[c * groupCount + g]) / total
        var expected = 0.0
        for j in firstOffset...(last - now) {
          let k = age + j
          let next = k < curve.count ? max(reached, curve[k] ?? reached) : reached
          if now + j >= first { expected += total * (next - reached) }
          reached = next
        }
        result[g] += expected
      }
    }
    // Rounded to the cent once per group (kpi-spec §7.2: 13,325.54 for April).
    return result.map { Money.rounding($0) }
  }

  /// The buckets (roll-rate) forecast of kpi-spec §7.3 for a window after D: Σ_b open_b(D) ×
  /// (p_b(last − D) − p_b(first − 1 − D)), where p_b(H) is the cash received within H days after
  /// past month ends s (with s + H ≤ D) on the items in aging bucket b at s, over their open
  /// amount at s; or, for the window of the horizon alone, the `rates:` given.
  func bucketForecast(_ spec: ForecastSpec, asOf d: Int32, window: DateRange, mask: [Bool]?, groups: ColumnArray<Int32>, groupCount: Int) -> [Int64] {
    let h1 = Int(window.last - d)
    let h0 = max(0, Int(window.first - 1 - d))
    guard h1 > h0 else { return [Int64](repeating: 0, count: groupCount) }
    let share: [Double]
    if spec.rates.isEmpty {
      let curve = rollRates(asOf: d, maxDays: h1)
      share = (0..<RollRates.bucketCount).map { curve.p($0, h1) - curve.p($0, h0) }
    } else {
      share = spec.rates.map { Double($0) / 100 }
    }
    let inv = ledger.invoices
    let open = snapshot(d).open
    let debit = attributes.debitFlags
    let legal = legalFlags
    var sums = [Double](repeating: 0, count: groupCount)
    for r in 0..<inv.count where (mask?[r] ?? true) && inv.postingDate[r] <= d && debit[r] && !legal[r] && open[r] != 0 {
      let b = RollRates.bucket(d - inv.dueDate[r])
      sums[Int(groups[r])] += Double(open[r]) * (b < share.count ? share[b] : 0)
    }
    return sums.map { Money.rounding($0) }
  }

  /// The roll rates of the 24 month ends before D, for every horizon up to `maxDays`; cached
  /// per as-of date and horizon.
  func rollRates(asOf d: Int32, maxDays: Int) -> RollRates {
    let key = LedgerCache.Key.rollRates(d)
    let kept = cache.value(key, bytes: \.bytes) { makeRollRates(asOf: d, maxDays: maxDays) }
    guard kept.maxDays < maxDays else { return kept }
    cache.drop(key)  // a longer horizon than the one kept: computed again and kept instead
    return cache.value(key, bytes: \.bytes) { makeRollRates(asOf: d, maxDays: maxDays) }
  }

  private func makeRollRates(asOf d: Int32, maxDays: Int) -> RollRates {
    let inv = ledger.invoices
    let index = ledger.applications
    let debit = attributes.debitFlags
    var snapshots: [RollRates.Snapshot] = []
    var s = calendar.start(of: .month, containing: d) - 1  // the last month end before D's month
    while snapshots.count < 24 && s > d - 800 {
      defer { s = calendar.start(of: .month, containing: s) - 1 }
      let room = min(maxDays, Int(d - s))
      guard room >= 1 else { continue }
      var snapshot = RollRates.Snapshot(day: s, room: room)
      // Not kept in the snapshot cache: month ends of a large ledger would hold gigabytes.
      let open = index.openAmounts(at: s, invoices: inv)
      for r in 0..<inv.count where inv.postingDate[r] <= s && debit[r] && open[r] > 0 {
        let b = RollRates.bucket(s - inv.dueDate[r])
        snapshot.amount[b] &+= open[r]
        for a in Int(index.offsets[r])..<Int(index.offsets[r + 1]) where index.source[a] >= 0 && index.date[a] > s {
          let offset = Int(index.date[a] - s)
          if offset <= room { snapshot.collected[b][offset] &+= index.amount[a] }
        }
      }
      for b in 0..<RollRates.bucketCount where room >= 2 {
        for h in 2...room { snapshot.collected[b][h] &+= snapshot.collected[b][h - 1] }
      }
      snapshots.append(snapshot)
    }
    return RollRates(maxDays: maxDays, snapshots: snapshots)
  }
}

/// Collections after past month ends, per aging bucket, for the buckets forecast (kpi-spec §7.3).
struct RollRates: Sendable {
  static let bucketCount = 5
  /// Current, 1–30, 31–60, 61–90, over 90 days past due.
  static func bucket(_ dpd: Int32) -> Int { dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4 }

  /// One past month end: the open amount of each bucket, and the cash received on it within h
  /// days (cumulative, h up to `room`).
  struct Snapshot: Sendable {
    let day: Int32
    let room: Int
    var amount = [Int64](repeating: 0, count: RollRates.bucketCount)
    var collected: [[Int64]]

    init(day: Int32, room: Int) {
      self.day = day
      self.room = room
      collected = Array(repeating: [Int64](repeating: 0, count: room + 1), count: RollRates.bucketCount)
    }
  }

  let maxDays: Int
  let snapshots: [Snapshot]

  /// What it holds, for the session cache's budget.
  var bytes: Int { snapshots.reduce(0) { $0 + ($1.room + 2) * RollRates.bucketCount * 8 } }

  /// p_b(H): over the 12 latest month ends whose H days have passed, the cash received within H
  /// days on bucket b, over its open amount (at most 1); 0 for H = 0.
  func p(_ b: Int, _ h: Int) -> Double {
    guard h > 0 else { return 0 }
    var collected: Int64 = 0
    var amount: Int64 = 0
    for snapshot in snapshots.filter({ $0.room >= h }).prefix(12) {
      collected &+= snapshot.collected[b][h]
      amount &+= snapshot.amount[b]
    }
    return amount > 0 ? min(1, Double(collected) / Double(amount)) : 0
  }
}
