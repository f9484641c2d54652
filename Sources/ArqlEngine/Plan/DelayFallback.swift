/// Payment delays with the fallback of kpi-spec §6.2: a customer with fewer than 3 cash
/// applications in the window (or none) takes its category's delay, and without a category
/// or with a thin category too, the delay of all customers. Built once per evaluation from the
/// values of every (group, customer) pair: numerator (cents × days), denominator (cents) and
/// count of payments, all kept as integers so classes are decided exactly.
struct DelayFallback {
  static let minimum: Int64 = 3

  private struct Sums {
    var numerator: Int64 = 0
    var denominator: Int64 = 0
    var count: Int64 = 0

    mutating func add(_ n: Int64, _ d: Int64, _ c: Int64) {
      numerator &+= n
      denominator &+= d
      count &+= c
    }
  }

  private let numerator: [Int64]
  private let denominator: [Int64]
  private let count: [Int64]
  private let category: [Int32]
  private var byCategory: [Int32: Sums] = [:]
  private var global = Sums()

  /// `values`: per pair, the numerator, denominator and payment count trees' values;
  /// `category`: the category code of each pair's customer (-1: none).
  init(values: [[ResultValue]], category: [Int32]) {
    // Sums of kernels: money in cents, counts as they are (the same scale on both sides).
    func raw(_ v: ResultValue) -> Int64 {
      switch v {
      case .money(let c): return c
      case .integer(let i): return i
      case .number, .text, .null: return 0
      }
    }
    numerator = values.count > 0 ? values[0].map(raw) : []
    denominator = values.count > 1 ? values[1].map(raw) : []
    count = values.count > 2 ? values[2].map(raw) : []
    self.category = category
    for p in numerator.indices {
      global.add(numerator[p], denominator[p], count[p])
      guard category[p] >= 0 else { continue }
      byCategory[category[p], default: Sums()].add(numerator[p], denominator[p], count[p])
    }
  }

  /// One pair's delay, exact: its own, else its category's, else everyone's; and whether even
  /// that rests on fewer than 3 payments.
  func delay(_ pair: Int) -> (days: ExactRatio?, lowSample: Bool) {
    if count[pair] >= Self.minimum, denominator[pair] > 0 { return (ExactRatio(numerator[pair], denominator[pair]), false) }
    if category[pair] >= 0, let c = byCategory[category[pair]], c.count >= Self.minimum, c.denominator > 0 {
      return (ExactRatio(c.numerator, c.denominator), false)
    }
    guard global.denominator > 0 else { return (nil, true) }
    return (ExactRatio(global.numerator, global.denominator), global.count < Self.minimum)
  }

  /// A group's value: its customers' delays weighted by their own amounts (a plain mean when
  /// none has any), classified when `classes` is given. One customer (by customer), or
  /// customers that all use their own delay, give an exact ratio; a mix of fallbacks is a
  /// weighted mean of different ratios, computed in Double.
  func value(_ members: [Int32], classes: PaymentClasses?) -> (value: ResultValue, lowSample: Bool) {
    var delays: [(ratio: ExactRatio, weight: Int64, own: Bool)] = []
    var low = false
    for member in members {
      let p = Int(member)
      let (days, lowSample) = delay(p)
      guard let days else { continue }
      low = low || lowSample
      delays.append((days, max(0, denominator[p]), count[p] >= Self.minimum && denominator[p] > 0))
    }
    guard !delays.isEmpty else { return (.null, false) }
    let exact: ExactRatio?
    if delays.count == 1 {
      exact = delays[0].ratio
    } else if delays.allSatisfy(\.own) {
      var n: Int64 = 0
      var d: Int64 = 0
      for member in members where count[Int(member)] >= Self.minimum && denominator[Int(member)] > 0 {
        n &+= numerator[Int(member)]
        d &+= denominator[Int(member)]
      }
      exact = ExactRatio(n, d)
    } else {
      exact = nil
    }
    if let exact {
      if let classes { return (.text(classes.classify(exact).rawValue), low) }
      return (.number(exact.value), low)
    }
    let weights = delays.reduce(0.0) { $0 + Double($1.weight) }
    let days = weights > 0
      ? delays.reduce(0.0) { $0 + $1.ratio.value * Double($1.weight) } / weights
      : delays.reduce(0.0) { $0 + $1.ratio.value } / Double(delays.count)
    guard let classes else { return (.number(days), low) }
    // A mixed group's mean is not a ratio of two sums; its class is read to the millionth of a day.
    let micro = ExactRatio(Int64((days * 1_000_000).rounded()), 1_000_000)
    return (micro.map { .text(classes.classify($0).rawValue) } ?? .null, low)
  }
}
