/// Payment delays with the fallback of kpi-spec §6.2: a customer with fewer than 3 cash
/// applications in the window (or none) takes its category's delay, and without a category
/// or with a thin category too, the delay of all customers. Built once per evaluation from the
/// values of every (group, customer) pair: numerator, denominator and count of payments.
struct DelayFallback {
  static let minimum: Int64 = 3

  private let numerator: [Double]
  private let denominator: [Double]
  private let count: [Int64]
  private let category: [Int32]
  private var byCategory: [Int32: (numerator: Double, denominator: Double, count: Int64)] = [:]
  private var global: (numerator: Double, denominator: Double, count: Int64) = (0, 0, 0)

  /// `values`: per pair, the numerator, denominator and payment count trees' values;
  /// `category`: the category code of each pair's customer (-1: none).
  init(values: [[ResultValue]], category: [Int32]) {
    func raw(_ v: ResultValue) -> Int64 {
      switch v {
      case .money(let c): return c
      case .integer(let i): return i
      default: return 0
      }
    }
    numerator = values.count > 0 ? values[0].map { $0.doubleValue ?? 0 } : []
    denominator = values.count > 1 ? values[1].map { $0.doubleValue ?? 0 } : []
    count = values.count > 2 ? values[2].map(raw) : []
    self.category = category
    for p in numerator.indices {
      global.numerator += numerator[p]
      global.denominator += denominator[p]
      global.count += count[p]
      guard category[p] >= 0 else { continue }
      var totals = byCategory[category[p]] ?? (0, 0, 0)
      totals.numerator += numerator[p]
      totals.denominator += denominator[p]
      totals.count += count[p]
      byCategory[category[p]] = totals
    }
  }

  /// One pair's delay: its own, else its category's, else everyone's; and whether even that
  /// rests on fewer than 3 payments.
  func delay(_ pair: Int) -> (days: Double?, lowSample: Bool) {
    if count[pair] >= Self.minimum, denominator[pair] > 0 { return (numerator[pair] / denominator[pair], false) }
    if category[pair] >= 0, let c = byCategory[category[pair]], c.count >= Self.minimum, c.denominator > 0 {
      return (c.numerator / c.denominator, false)
    }
    guard global.denominator > 0 else { return (nil, true) }
    return (global.numerator / global.denominator, global.count < Self.minimum)
  }

  /// A group's value: its customers' delays weighted by their own amounts (a plain mean when
  /// none has any), classified when `classes` is given.
  func value(_ members: [Int32], classes: PaymentClasses?) -> (value: ResultValue, lowSample: Bool) {
    var weighted = 0.0
    var weights = 0.0
    var plain = 0.0
    var counted = 0.0
    var low = false
    for member in members {
      let p = Int(member)
      guard let days = delay(p).days else { continue }
      low = low || delay(p).lowSample
      weighted += days * max(0, denominator[p])
      weights += max(0, denominator[p])
      plain += days
      counted += 1
    }
    guard counted > 0 else { return (.null, false) }
    let days = weights > 0 ? weighted / weights : plain / counted
    if let classes { return (.text(classes.classify(days).rawValue), low) }
    return (.number(days), low)
  }
}
