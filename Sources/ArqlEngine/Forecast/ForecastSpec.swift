/// How a collection forecast dates the open items (kpi-spec §7).
struct ForecastSpec: Sendable, Hashable {
  enum Method: String, Sendable, Hashable, CaseIterable {
    /// §7.1: legal items apart, promises at their date, disputes at due + the reason's
    /// resolution time + the customer's delay, the rest at due + the customer's delay.
    case behaviour
    /// The naive baseline: every item at its due date.
    case due
    /// §7.2 (Upflow): each issue-month cohort follows the average collection curve of the
    /// cohorts before it; forecasts by month.
    case cohort
    /// §7.3: the open amount of each aging bucket times the share of such amounts collected
    /// within the horizon after the past month ends (roll rates); one horizon.
    case buckets

    /// Whether the method dates every open item (its lines add up to the open amount).
    var datesItems: Bool { self == .behaviour || self == .due }
  }

  var method: Method = .behaviour
  /// Items expected on or before the as-of date go to the day after it plus what is left of
  /// the customer's delay (Kolleno's rule) instead of the "late vs forecast" line.
  var rollForward = false
  /// The buckets method's horizon, in days.
  var horizon: Int32 = 30
  /// The buckets method's collection rates per aging bucket, in percent (current, 1–30, 31–60,
  /// 61–90, over 90); empty: measured on the ledger's history.
  var rates: [Int64] = []
}

/// Why an open item is expected when it is (the drill-down says it).
enum ForecastRule: UInt8, Sendable {
  /// Not an open debit item at D.
  case none
  /// Status legal: excluded from the cash-in, on its own line.
  case legal
  /// An active promise to pay: its promised date.
  case promise
  /// An open dispute: due + the reason's average resolution days + the customer's delay.
  case dispute
  /// Due + the customer's signed, amount-weighted delay of the last 180 days.
  case customerDelay
  /// Due + the delay of the customer's category (the customer has no payment in 180 days).
  case categoryDelay
  /// Due + everyone's delay (neither the customer nor its category paid in 180 days).
  case globalDelay
  /// The due date (the naive method).
  case dueDate

  var text: String {
    switch self {
    case .none: return "not open"
    case .legal: return "legal: excluded"
    case .promise: return "promise to pay"
    case .dispute: return "dispute: due + resolution days + delay"
    case .customerDelay: return "due + customer's delay"
    case .categoryDelay: return "due + category's delay (no payment of the customer in 180 days)"
    case .globalDelay: return "due + everyone's delay (no payment of the customer or its category)"
    case .dueDate: return "due date"
    }
  }
}

/// The expected date of every document's open amount at one as-of date.
struct ForecastPlan: Sendable {
  let asOf: Int32
  /// Expected day of each document (meaningful where `rule` is not `.none` or `.legal`).
  let expected: [Int32]
  let rule: [ForecastRule]
  /// The delay (days) or resolution time the rule added, for the drill-down.
  let shift: [Int32]
  /// The promise used (`.promise`), else -1.
  let promise: [Int32]
  /// For a promise: the amount it covers, at most the open amount (0 for other rules).
  let promised: [Int64]
  /// For a promise that covers less than the open amount: the day of the rest, dated by the
  /// dispute or delay rule as if there were no promise.
  let rest: [Int32]

  /// What it holds, for the session cache's budget.
  var bytes: Int { expected.count * (4 + MemoryLayout<ForecastRule>.stride + 4 + 4 + 8 + 4) }

  /// Whether a document's open amount is expected on or before the as-of date: "late vs forecast".
  func isLate(_ row: Int) -> Bool { expected[row] <= asOf }

  /// The parts of an item's open amount and their expected days: one, or a promise's amount at
  /// its date and the rest at the rule's date.
  func parts(_ row: Int, open: Int64) -> [(day: Int32, amount: Int64)] {
    var result: [(day: Int32, amount: Int64)] = []
    forEachPart(row, open: open) { result.append(($0, $1)) }
    return result
  }

  /// The parts without building an array (the hot loops over every item).
  @inline(__always)
  func forEachPart(_ row: Int, open: Int64, _ body: (Int32, Int64) -> Void) {
    guard rule[row] == .promise, promised[row] < open else {
      body(expected[row], open)
      return
    }
    if promised[row] != 0 { body(expected[row], promised[row]) }
    if open - promised[row] != 0 { body(rest[row], open - promised[row]) }
  }
}

extension Array where Element == BoundQuery.Item {
  /// The specs of the forecasts among these items (the leaves that forecast cash), in order.
  var forecastSpecs: [ForecastSpec] {
    flatMap { $0.tree.leaves }.filter { $0.metric == .forecastCash }.map { $0.forecast ?? ForecastSpec() }
  }
}
