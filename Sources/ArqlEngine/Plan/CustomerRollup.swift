import ArqlLedger

/// How the per-customer values of a group become the group's value (kpi-spec §6.4, §6.5).
/// The trees of a `perCustomer` node give, per customer, an exposure and (for the credit
/// rollups) its credit limit; a limit missing or ≤ 0 is the "no limit" class, never an
/// infinite utilisation.
enum CustomerRollup: Sendable, Equatable {
  /// Σ limits of the customers with one.
  case limitSum
  /// Σ exposure / Σ limit over the customers with a limit.
  case utilisation
  /// Σ max(0, exposure − limit) over the customers with a limit.
  case overrun
  /// Customers with a limit whose exposure is above `percent` % of it (100: over the limit),
  /// decided on exact cents: exposure × 100 > percent × limit.
  case countAbove(percent: Int64)
  /// Customers with a limit, or without one.
  case countWithLimit(Bool)
  /// Customers whose payment class (the first tree, classified) is the given one.
  case countClass(PaymentClass, PaymentClasses)
  /// Share of the group's exposure held by its N largest customers.
  case topShare(Int)
  /// Customers whose value (the first tree) is positive: accounts with something overdue.
  case countPositive
  /// Σ first tree / the customers whose second tree is positive: actions per overdue account.
  case sumPerPositive
  /// One part of the risk score (kpi-spec §6.5), per customer, then the mean over the group's
  /// customers weighted by their gross open amount.
  case riskScore(RiskWeights, RiskComponent)
  /// The payment delay with the category, then global, fallback (trees: numerator, denominator,
  /// payment count); classified when the classes are given. Needs every customer's values, so
  /// the executor computes it (see `DelayFallback`).
  case robustDelay(PaymentClasses?)

  /// Customers of the wanted class, from each customer's exact delay (nil: no payment).
  func reduce(classes delays: [ExactRatio?]) -> ResultValue {
    guard case .countClass(let wanted, let classes) = self else { return .null }
    return .integer(Int64(delays.filter { $0.map(classes.classify) == wanted }.count))
  }

  /// Whether the rollup reads only amounts (in cents), so that `reduce(cents:members:)` applies.
  var readsCents: Bool {
    switch self {
    case .limitSum, .utilisation, .overrun, .countAbove, .countWithLimit, .topShare, .countPositive, .sumPerPositive: return true
    case .countClass, .riskScore, .robustDelay: return false
    }
  }

  /// A value in cents (a count counts 100 per unit, as its value in currency units would).
  static func cents(_ v: ResultValue) -> Int64 {
    switch v {
    case .money(let c): return c
    case .integer(let i): return i &* 100
    case .number(let d): return Money.rounding(d * 100)
    default: return 0
    }
  }

  /// The group's value from its customers' values, `values[tree][customer]`: the exposure
  /// (or delay) tree first, the limit tree second. Money stays in exact cents.
  func reduce(_ values: [[ResultValue]]) -> ResultValue {
    if readsCents {
      let count = values.first?.count ?? 0
      return reduce(cents: values.map { $0.map(CustomerRollup.cents) }, members: (0..<Int32(count)).map { $0 })
    }
    switch self {
    case .countClass:
      return .null  // decided on exact delays: reduce(classes:)
    case .riskScore(let weights, let component):
      return RiskScore.rollup(values, weights: weights, component: component)
    case .limitSum, .utilisation, .overrun, .countAbove, .countWithLimit, .topShare, .countPositive, .sumPerPositive:
      return .null  // read in cents above
    case .robustDelay:
      return .null  // needs every customer's values: the executor's DelayFallback computes it
    }
  }

  /// The group's value from every customer's amounts (`cents[tree][pair]`) and the group's
  /// pairs: no copy per group.
  func reduce(cents: [[Int64]], members: [Int32]) -> ResultValue {
    let exposure = cents.first ?? []
    let limit = cents.count > 1 ? cents[1] : []
    switch self {
    case .limitSum, .utilisation, .overrun, .countAbove, .countWithLimit:
      // One plain pass over the members with a limit (a group can hold a million customers).
      var granted: Int64 = 0, used: Int64 = 0, overrun: Int64 = 0, limited = 0, above = 0
      let percent: Int128? = if case .countAbove(let p) = self { Int128(p) } else { nil }
      exposure.withUnsafeBufferPointer { exposure in
        limit.withUnsafeBufferPointer { limit in
          for member in members {
            let m = Int(member)
            guard m < limit.count, limit[m] > 0 else { continue }
            let (l, e) = (limit[m], m < exposure.count ? exposure[m] : 0)
            limited += 1
            granted &+= l
            used &+= e
            overrun &+= max(0, e &- l)
            if let percent, Int128(e) * 100 > percent * Int128(l) { above += 1 }
          }
        }
      }
      switch self {
      case .limitSum: return .money(granted)
      case .utilisation: return granted > 0 ? .number(Double(used) / Double(granted)) : .null
      case .overrun: return .money(overrun)
      case .countAbove: return .integer(Int64(above))
      case .countWithLimit(let with): return .integer(Int64(with ? limited : members.count - limited))
      default: return .null
      }
    case .countPositive:
      return .integer(Int64(members.filter { exposure[Int($0)] > 0 }.count))
    case .sumPerPositive:
      let accounts = limit.isEmpty ? 0 : members.filter { limit[Int($0)] > 0 }.count
      guard accounts > 0 else { return .null }
      return .number(Double(members.reduce(Int64(0)) { $0 &+ exposure[Int($1)] }) / 100 / Double(accounts))
    case .topShare(let n):
      let total = members.reduce(Int64(0)) { $0 &+ exposure[Int($1)] }
      guard total > 0 else { return .null }
      let values = members.map { exposure[Int($0)] }
      // A short buffer for a few of many (top 10 of a million); a sort when N is a fair share.
      let top = n * 64 >= values.count ? Array(values.sorted(by: >).prefix(n)) : Self.largest(n, of: values)
      return .number(Double(top.reduce(Int64(0), &+)) / Double(total))
    case .countClass, .riskScore, .robustDelay:
      return .null
    }
  }
}

extension CustomerRollup {
  /// The `n` largest values, largest first, without sorting them all: a short sorted buffer
  /// that few values enter when `n` is small beside the count.
  static func largest(_ n: Int, of values: [Int64]) -> [Int64] {
    guard n > 0 else { return [] }
    var top: [Int64] = []
    top.reserveCapacity(n + 1)
    for v in values {
      if top.count == n, let smallest = top.last, v <= smallest { continue }
      // Insert after the values not smaller than v (ties keep their order, as a stable sort's).
      var i = top.count
      while i > 0 && top[i - 1] < v { i -= 1 }
      top.insert(v, at: i)
      if top.count > n { top.removeLast() }
    }
    return top
  }
}

/// A payer's colour class (kpi-spec §6.2).
enum PaymentClass: String, Sendable, CaseIterable {
  case green, amber, red
}

/// The thresholds of the colour classes, in days of weighted delay.
struct PaymentClasses: Sendable, Equatable {
  var green: Double = 10
  var amber: Double = 30

  /// The class of an exact delay: thresholds compared on integers.
  func classify(_ delay: ExactRatio) -> PaymentClass {
    delay.isAtMost(green) ? .green : delay.isAtMost(amber) ? .amber : .red
  }
}
