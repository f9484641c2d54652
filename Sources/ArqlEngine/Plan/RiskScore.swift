/// The weights of the risk score's parts, in points out of 100 (kpi-spec §6.5).
struct RiskWeights: Sendable, Hashable {
  var delay: Double = 30
  var overdue: Double = 25
  var credit: Double = 15
  var disputes: Double = 15
}

/// A column of the risk score: the score, or the points one part takes off.
enum RiskComponent: String, Sendable, CaseIterable {
  case score, delay, overdue, credit, disputes
}

/// The explainable risk score (kpi-spec §6.5): 100 minus the points of each part, per customer.
/// - delay: weight × min(1, payment_delay / 60), 0 without a delay;
/// - overdue: weight × overdue / gross_open;
/// - credit: weight × min(1, utilisation − 1) when over the credit limit, 0 without a limit;
/// - disputes: weight × disputed_amount / gross_open.
/// The spec's external-score part needs a credit-insurer score, which the native schema does
/// not carry: it is left out rather than guessed, so with the default weights the score does
/// not go below 15.
enum RiskScore {
  /// The trees a risk score is computed from, per customer, in this order.
  enum Part: Int, CaseIterable { case delay, overdue, gross, exposure, limit, disputed }

  /// One customer's points, part by part.
  struct Points {
    var delay = 0.0, overdue = 0.0, credit = 0.0, disputes = 0.0
    var score: Double { 100 - delay - overdue - credit - disputes }

    func value(_ component: RiskComponent) -> Double {
      switch component {
      case .score: return score
      case .delay: return delay
      case .overdue: return overdue
      case .credit: return credit
      case .disputes: return disputes
      }
    }
  }

  /// Every customer's points and the weight of its points in a group's mean (its gross open
  /// amount, never below 0), indexed alike: worked out once per query and shared by the
  /// score's columns.
  struct Columns {
    var points: [Points] = []
    var weight: [Double] = []
  }

  /// One customer's points from the value of each part (`Part` order; nil: no value).
  static func points(_ number: (Part) -> Double?, weights: RiskWeights) -> Points {
    let gross = number(.gross) ?? 0
    let delay = weights.delay * min(1, max(0, number(.delay) ?? 0) / 60)
    let overdue = gross > 0 ? weights.overdue * min(1, max(0, (number(.overdue) ?? 0) / gross)) : 0
    let limitValue = number(.limit) ?? 0
    let utilisation = limitValue > 0 ? (number(.exposure) ?? 0) / limitValue : 0
    let credit = weights.credit * min(1, max(0, utilisation - 1))
    let disputes = gross > 0 ? weights.disputes * min(1, max(0, (number(.disputed) ?? 0) / gross)) : 0
    return Points(delay: delay, overdue: overdue, credit: credit, disputes: disputes)
  }

  /// Every customer's points from `customers` customers' part values, `number(part, customer)`.
  static func columns(customers: Int, weights: RiskWeights, _ number: (Part, Int) -> Double?) -> Columns {
    var columns = Columns()
    columns.points.reserveCapacity(customers)
    columns.weight.reserveCapacity(customers)
    for c in 0..<customers {
      let gross = number(.gross, c)  // read once: the points' denominator and the customer's weight
      columns.points.append(points({ $0 == .gross ? gross : number($0, c) }, weights: weights))
      columns.weight.append(max(0, gross ?? 0))
    }
    return columns
  }

  /// Every customer's points from its values, `values[part][customer]`.
  static func columns(_ values: [[ResultValue]], weights: RiskWeights) -> Columns {
    columns(customers: values.first?.count ?? 0, weights: weights) { part, c in
      part.rawValue < values.count ? values[part.rawValue][c].doubleValue : nil
    }
  }

  /// The group's value of one column: its members' points, weighted by their gross open
  /// amount (a plain mean when none has anything open); n/a for a group without customers.
  static func rollup(_ columns: Columns, members: [Int32], component: RiskComponent) -> ResultValue {
    guard !members.isEmpty else { return .null }
    var total = 0.0
    var weightSum = 0.0
    var plain = 0.0
    for member in members {
      let m = Int(member)
      let part = columns.points[m].value(component)
      let weight = columns.weight[m]
      total += part * weight
      weightSum += weight
      plain += part
    }
    return .number(weightSum > 0 ? total / weightSum : plain / Double(members.count))
  }

  /// The group's value of one column from its customers' values, `values[part][customer]`.
  static func rollup(_ values: [[ResultValue]], weights: RiskWeights, component: RiskComponent) -> ResultValue {
    let customers = values.first?.count ?? 0
    return rollup(columns(values, weights: weights), members: (0..<Int32(customers)).map { $0 }, component: component)
  }
}
