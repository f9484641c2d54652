import ArqlLanguage
import ArqlLedger
import Dispatch

extension Executor {
  /// The expected date of every open debit item at `asOf` (kpi-spec §7.1), from what was known
  /// then only: documents posted, cash and applications dated, promises made and disputes
  /// opened or resolved by `asOf`.
  func forecastPlan(_ spec: ForecastSpec, asOf d: Int32) -> ForecastPlan {
    cache.value(.forecastPlan(ForecastKey(spec: spec, asOf: d)), bytes: \.bytes) { makeForecastPlan(spec, asOf: d) }
  }

  private func makeForecastPlan(_ spec: ForecastSpec, asOf d: Int32) -> ForecastPlan {
    let inv = ledger.invoices
    let n = inv.count
    let debit = attributes.debitFlags
    var expected = [Int32](repeating: .max, count: n)
    var rule = [ForecastRule](repeating: .none, count: n)
    var shift = [Int32](repeating: 0, count: n)
    var promiseOf = [Int32](repeating: -1, count: n)
    var promised = [Int64](repeating: 0, count: n)
    var rest = [Int32](repeating: .max, count: n)
    let legal = legalFlags
    let behaviour = spec.method == .behaviour
    // The open amounts at D on one core while the other finds each customer's delay (once,
    // not per item), the resolution times and the active promises: they are independent.
    let job = SnapshotJob(ledger: ledger, asOf: d, kept: cache.kept(.snapshot(d)))
    let delays: ([Int32], [ForecastRule], Int32) = behaviour ? CustomerDelays(self, asOf: d).perCustomer(ledger.customers.count) : ([], [], 0)
    let resolution = behaviour ? resolutionDays(asOf: d) : (byReason: [:], all: 0)
    let promises = behaviour ? activePromises(asOf: d) : [:]
    let snap = job.wait()
    if job.computed { cache.keep(snap, as: .snapshot(d), bytes: snap.bytes) }
    let reasons = ledger.disputes.reason.codes
    let posting = inv.postingDate
    let dueDates = inv.dueDate
    let customers = inv.customer
    let open = snap.open
    let openDispute = snap.openDispute
    let rollForward = spec.rollForward
    // Rows split in two halves over the cores: each writes its own range of the columns.
    expected.withUnsafeMutableBufferPointer { expected in
      rule.withUnsafeMutableBufferPointer { rule in
        shift.withUnsafeMutableBufferPointer { shift in
          let out = Unchecked((expected, rule, shift))
          let chunks = n > 200_000 ? 2 : 1
          DispatchQueue.concurrentPerform(iterations: chunks) { k in
            let (expected, rule, shift) = out.value
            let lower = n * k / chunks
            let upper = n * (k + 1) / chunks
            for r in lower..<upper where posting[r] <= d && debit[r] && open[r] != 0 {
              if legal[r] {
                rule[r] = .legal
                continue
              }
              let due = dueDates[r]
              guard behaviour else {
                expected[r] = due
                rule[r] = .dueDate
                continue
              }
              let c = Int(customers[r])
              let (delay, source) = c >= 0 && c < delays.0.count ? (delays.0[c], delays.1[c]) : (delays.2, ForecastRule.globalDelay)
              // The dispute or delay rule's day (an active promise is laid over it below).
              var ruleDay: Int32
              var ruleSource: ForecastRule
              var ruleShift: Int32
              if openDispute[r] >= 0 {
                let reason = reasons[Int(openDispute[r])]
                let days = resolution.byReason[reason] ?? resolution.all
                (ruleDay, ruleSource, ruleShift) = (due + days + delay, .dispute, days + delay)
              } else {
                (ruleDay, ruleSource, ruleShift) = (due + delay, source, delay)
              }
              if rollForward && ruleDay <= d { ruleDay = d + 1 + max(0, delay - (d - due)) }
              expected[r] = ruleDay
              rule[r] = ruleSource
              shift[r] = ruleShift
            }
          }
        }
      }
    }
    // An active promise takes what it covers to its own date; the rest keeps the rule's day.
    for (r, promise) in promises where rule[r] != .none && rule[r] != .legal {
      rest[r] = expected[r]
      expected[r] = promise.day
      rule[r] = .promise
      promiseOf[r] = promise.row
      promised[r] = min(open[r], promise.amount)
      if rollForward && expected[r] <= d {
        // The first future day, plus what is left of the customer's delay (Kolleno's rule).
        let c = Int(customers[r])
        let delay = c >= 0 && c < delays.0.count ? delays.0[c] : delays.2
        expected[r] = d + 1 + max(0, delay - (d - dueDates[r]))
      }
    }
    return ForecastPlan(asOf: d, expected: expected, rule: rule, shift: shift, promise: promiseOf, promised: promised, rest: rest)
  }

  /// Average resolution days (rounded) over the disputes resolved by `d`: per reason code, and
  /// over every reason, the fallback of a reason never resolved yet.
  func resolutionDays(asOf d: Int32) -> (byReason: [Int32: Int32], all: Int32) {
    let disputes = ledger.disputes
    var sums: [Int32: (days: Int64, count: Int64)] = [:]
    var all: (days: Int64, count: Int64) = (0, 0)
    for k in 0..<disputes.count {
      guard let resolved = disputes.resolved[k], resolved <= d, resolved >= disputes.opened[k] else { continue }
      let days = Int64(resolved - disputes.opened[k])
      sums[disputes.reason.codes[k], default: (0, 0)].days += days
      sums[disputes.reason.codes[k], default: (0, 0)].count += 1
      all.days += days
      all.count += 1
    }
    return (sums.mapValues { Int32(clamping: CustomerDelays.rounded(Int128($0.days), $0.count)) },
            Int32(clamping: CustomerDelays.rounded(Int128(all.days), all.count)))
  }

  /// The promises pending at `d` (made, not cancelled, not kept, deadline not passed), per
  /// invoice: the promise row, its promised date (the earliest when several) and amount.
  func activePromises(asOf d: Int32) -> [Int: ActivePromise] {
    let p = ledger.promises
    var result: [Int: ActivePromise] = [:]
    let grace: Int32 = 3
    // A promise whose deadline has passed is decided (kept, partial or broken): only the
    // others need their cash counted.
    for row in 0..<p.count where p.invoice[row] >= 0 && p.created[row] <= d && p.promisedDate[row] + grace >= d {
      guard promiseState(row, grace: grace, asOf: d).state == .pending else { continue }
      let invoice = Int(p.invoice[row])
      if let earlier = result[invoice], earlier.day <= p.promisedDate[row] { continue }
      result[invoice] = ActivePromise(row: Int32(row), day: p.promisedDate[row], amount: p.amount[row])
    }
    return result
  }

  /// An invoice's active promise: its row, promised date and amount.
  struct ActivePromise {
    var row: Int32
    var day: Int32
    var amount: Int64
  }

  /// The key of a forecast plan.
  struct ForecastKey: Hashable {
    var spec: ForecastSpec
    var asOf: Int32
  }
}

/// Each customer's signed, amount-weighted payment delay over the 180 days to the as-of date
/// (cash applied to debit items: early payments count negative); a customer without a payment
/// in those days takes its category's, then everyone's (kpi-spec §7.1 rule 4; its worked
/// example dates C2 and C3 by their own delays, from one and two payments).
struct CustomerDelays {
  static let days: Int32 = 180
  static let minimum: Int64 = 1
  /// Σ amount × days on 128 bits: a ledger a load accepts (amounts up to ±92 quadrillion in
  /// total) times days late goes beyond 64 bits.
  private var own: [(sum: Int128, weight: Int64, count: Int64)]
  private var byCategory: [(sum: Int128, weight: Int64, count: Int64)]
  private var global: (sum: Int128, weight: Int64, count: Int64) = (0, 0, 0)
  private let category: ColumnArray<Int32>

  init(_ executor: Executor, asOf d: Int32) {
    let ledger = executor.ledger
    let pay = ledger.payments
    let inv = ledger.invoices
    let debit = executor.attributes.debitFlags
    own = Array(repeating: (0, 0, 0), count: ledger.customers.count)
    category = ledger.customers.category.codes
    byCategory = Array(repeating: (0, 0, 0), count: ledger.customers.category.dictionary.count)
    let first = d - CustomerDelays.days + 1
    for p in 0..<pay.count {
      let t = Int(pay.invoice[p])
      let c = Int(pay.customer[p])
      guard t >= 0, c >= 0, c < own.count, pay.paymentDate[p] >= first, pay.paymentDate[p] <= d, inv.postingDate[t] <= d, debit[t]
      else { continue }
      let a = pay.amount[p]
      let late = Int128(a) * Int128(pay.paymentDate[p] - inv.dueDate[t])
      own[c].sum &+= late
      own[c].weight &+= a
      own[c].count &+= 1
      global.sum &+= late
      global.weight &+= a
      global.count &+= 1
      let k = Int(category[c])
      if k >= 0 && k < byCategory.count {
        byCategory[k].sum &+= late
        byCategory[k].weight &+= a
        byCategory[k].count &+= 1
      }
    }
  }

  /// The customer's delay in whole days (rounded half away from zero) and where it came from.
  func delay(customer c: Int) -> (days: Int32, source: ForecastRule) {
    if c >= 0, c < own.count, own[c].count >= Self.minimum, own[c].weight > 0 {
      return (Int32(clamping: Self.rounded(own[c].sum, own[c].weight)), .customerDelay)
    }
    if c >= 0, c < category.count, category[c] >= 0, Int(category[c]) < byCategory.count,
       case let s = byCategory[Int(category[c])], s.count >= Self.minimum, s.weight > 0 {
      return (Int32(clamping: Self.rounded(s.sum, s.weight)), .categoryDelay)
    }
    guard global.weight > 0 else { return (0, .globalDelay) }
    return (Int32(clamping: Self.rounded(global.sum, global.weight)), .globalDelay)
  }

  /// Every customer's delay and its source, and everyone's (for rows without a customer).
  func perCustomer(_ count: Int) -> ([Int32], [ForecastRule], Int32) {
    var days = [Int32](repeating: 0, count: count)
    var sources = [ForecastRule](repeating: .globalDelay, count: count)
    for c in 0..<count { (days[c], sources[c]) = delay(customer: c) }
    return (days, sources, delay(customer: -1).days)
  }

  /// `numerator / denominator` rounded half away from zero, on integers, clamped to 64 bits.
  static func rounded(_ numerator: Int128, _ denominator: Int64) -> Int64 {
    guard denominator > 0 else { return 0 }
    return Int64(clamping: numerator.roundedQuotient(dividingBy: Int128(denominator)))
  }
}

/// The lines of a forecast that make up the gross open amount at D (kpi-spec §7.1): what is
/// expected in the horizon, beyond it, already late, excluded; and the unapplied cash and
/// credits that may reduce receipts. `inHorizon + beyond + late + excluded = grossOpen`.
struct ForecastSummary: Sendable, Equatable {
  var inHorizon: Int64 = 0
  var beyond: Int64 = 0
  var late: Int64 = 0
  var excluded: Int64 = 0
  var grossOpen: Int64 = 0
  var unapplied: Int64 = 0

  /// The note under a forecast result.
  var note: String {
    "forecast lines: in the horizon \(Money.format(inHorizon)) + beyond it \(Money.format(beyond)) + late vs forecast "
      + "\(Money.format(late)) + excluded (legal) \(Money.format(excluded)) = gross open \(Money.format(grossOpen)); "
      + "unapplied cash and credits \(Money.format(unapplied)) may reduce receipts"
  }
}

extension Executor {
  /// The forecast's lines over the whole of a query (its filter applied, not its groups).
  func forecastSummary(_ spec: ForecastSpec, asOf d: Int32, horizon: DateRange, filter: BoolExpr?) throws -> ForecastSummary {
    let plan = forecastPlan(spec, asOf: d)
    let snap = snapshot(d)
    let documents = try filterMask(filter, .documents, asOf: d)
    var s = ForecastSummary()
    for r in 0..<ledger.invoices.count where documents?[r] ?? true {
      let open = snap.open[r]
      switch plan.rule[r] {
      case .none:
        // Credit notes and write-offs open at D may reduce receipts.
        if ledger.invoices.postingDate[r] <= d && !attributes.debitFlags[r] { s.unapplied &+= open }
        continue
      case .legal:
        s.excluded &+= open
      case .promise, .dispute, .customerDelay, .categoryDelay, .globalDelay, .dueDate:
        plan.forEachPart(r, open: open) { e, amount in
          if e <= d { s.late &+= amount } else if e <= horizon.last { s.inHorizon &+= amount } else { s.beyond &+= amount }
        }
      }
      s.grossOpen &+= open
    }
    let cash = try filterMask(filter, .cash, asOf: d)
    let pay = ledger.payments
    for p in 0..<pay.count where (cash?[p] ?? true) && snap.unappliedCash[p] { s.unapplied &-= pay.amount[p] }
    for (row, excess) in snap.overApplied where documents?[Int(row)] ?? true { s.unapplied &+= excess }
    return s
  }
}

extension Executor {
  /// The drill-down of `explain forecast`: each open item with its amount, due date, expected
  /// date and the rule that chose it, largest first (at most `limit`), under the query's filter.
  func forecastItems(_ spec: ForecastSpec, asOf d: Int32, filter: BoolExpr?, limit: Int) throws -> [String] {
    let plan = forecastPlan(spec, asOf: d)
    let snap = snapshot(d)
    let mask = try filterMask(filter, .documents, asOf: d)
    let inv = ledger.invoices
    let rows = (0..<inv.count).filter { plan.rule[$0] != .none && (mask?[$0] ?? true) }
      .sorted { snap.open[$0] != snap.open[$1] ? snap.open[$0] > snap.open[$1] : $0 < $1 }
    var lines = ["items (\(rows.count) open at \(Day.iso(d)), largest first): invoice, customer, open, due → expected, rule"]
    for r in rows.prefix(limit) {
      let id = inv.id.codes[r] >= 0 ? inv.id.dictionary[Int(inv.id.codes[r])] : "?"
      let customer = inv.customer[r] >= 0 ? ledger.customers.id.dictionary[Int(ledger.customers.id.codes[Int(inv.customer[r])])] : "?"
      var rule = plan.rule[r].text
      switch plan.rule[r] {
      case .promise:
        let p = Int(plan.promise[r])
        if p >= 0 { rule += " " + ledger.promises.id.dictionary[Int(ledger.promises.id.codes[p])] }
        if plan.promised[r] < snap.open[r] {
          rule += " for \(Money.format(plan.promised[r])); the rest \(Money.format(snap.open[r] - plan.promised[r])) → "
            + Day.iso(plan.rest[r]) + " (\(plan.shift[r] >= 0 ? "+" : "")\(plan.shift[r]) days)"
        }
      case .dispute, .customerDelay, .categoryDelay, .globalDelay:
        rule += " (\(plan.shift[r] >= 0 ? "+" : "")\(plan.shift[r]) days)"
      case .none, .legal, .dueDate:
        break
      }
      let expected = plan.rule[r] == .legal ? "excluded" : Day.iso(plan.expected[r]) + (plan.isLate(r) ? " (late vs forecast)" : "")
      lines.append("  \(id) \(customer) \(Money.format(snap.open[r])) due \(Day.iso(inv.dueDate[r])) → \(expected): \(rule)")
    }
    if rows.count > limit { lines.append("  … \(rows.count - limit) more (narrow with where)") }
    return lines
  }
}

/// The open items a forecast dates after D, sorted by expected day (a counting sort): the items
/// of any window are one contiguous run, so every bucket of a horizon together costs one pass.
struct ForecastOrder: Sendable {
  /// The first day counted: D + 1.
  let firstDay: Int32
  /// Where each day's items start in `rows` (one more entry than days).
  let start: [Int32]
  /// The item of each entry, and the amount of it expected that day (a promise's part, or the
  /// rest, or the whole open amount).
  let rows: [Int32]
  let amounts: [Int64]

  /// What it holds, for the session cache's budget.
  var bytes: Int { start.count * 4 + rows.count * 12 }

  init(_ plan: ForecastPlan, open: [Int64], days: Int) {
    let firstDay = plan.asOf + 1
    self.firstDay = firstDay
    var counts = [Int32](repeating: 0, count: days + 1)
    func each(_ body: (Int, Int32, Int64) -> Void) {
      for r in plan.expected.indices where plan.rule[r] != .none && plan.rule[r] != .legal {
        plan.forEachPart(r, open: open[r]) { day, amount in body(r, day, amount) }
      }
    }
    each { _, day, _ in
      let offset = Int(day) - Int(firstDay)
      if offset >= 0 && offset < days { counts[offset + 1] += 1 }
    }
    for k in 1...days { counts[k] += counts[k - 1] }
    var next = counts
    var rows = [Int32](repeating: 0, count: Int(counts[days]))
    var amounts = [Int64](repeating: 0, count: Int(counts[days]))
    each { r, day, amount in
      let offset = Int(day) - Int(firstDay)
      if offset >= 0 && offset < days {
        rows[Int(next[offset])] = Int32(r)
        amounts[Int(next[offset])] = amount
        next[offset] += 1
      }
    }
    start = counts
    self.rows = rows
    self.amounts = amounts
  }

  /// The run of items expected in `window` (clipped to the days counted).
  func rows(in window: DateRange) -> Range<Int> {
    let days = start.count - 1
    let lo = max(0, Int(window.first) - Int(firstDay))
    let hi = min(days, Int(window.last) - Int(firstDay) + 1)
    guard lo < hi else { return 0..<0 }
    return Int(start[lo])..<Int(start[hi])
  }
}
