import ArqlLanguage

/// A metric expression with every name resolved to a built-in kernel: user metrics are
/// expanded, their filters pushed into the leaves.
indirect enum MetricTree: Sendable {
  case leaf(MetricLeaf)
  case number(Double)
  case negate(MetricTree)
  case binary(ArithmeticOperator, MetricTree, MetricTree)

  /// Every leaf, left to right.
  var leaves: [MetricLeaf] {
    switch self {
    case .leaf(let l): return [l]
    case .number: return []
    case .negate(let t): return t.leaves
    case .binary(_, let a, let b): return a.leaves + b.leaves
    }
  }

  /// Whether every leaf is a point-in-time metric (no window needed).
  var isPointInTime: Bool { leaves.allSatisfy { $0.metric.kind == .pointInTime } }
}

/// One built-in kernel with its arguments and row filter.
struct MetricLeaf: Sendable {
  let metric: BuiltinMetric
  var filter: BoolExpr?
  var aging: AgingSpec?
}

extension BuiltinMetric {
  var kind: MetricKind {
    switch self {
    case .creditSales, .collected, .itemCount: return .window
    default: return .pointInTime
    }
  }

  var unit: MetricUnit {
    switch self {
    case .openCount, .itemCount: return .count
    default: return .money
    }
  }
}

/// The options of `aged_balance(...)`.
struct AgingSpec: Sendable, Equatable {
  enum Basis: String, Sendable { case dueDate = "due_date", docDate = "doc_date" }
  enum Measure: String, Sendable { case amount, count, percent }
  var edges: [Int] = [30, 60, 90, 120]
  var basis: Basis = .dueDate
  var measure: Measure = .amount

  /// The bucket names: current, 1_30, ... (due basis) or 0_30, ... (document-date basis), then over_N.
  var bucketNames: [String] {
    var names: [String] = basis == .dueDate ? ["current"] : []
    var low = basis == .dueDate ? 1 : 0
    for edge in edges {
      names.append("\(low)_\(edge)")
      low = edge + 1
    }
    names.append("over_\(edges.last ?? 0)")
    return names
  }

  /// The bucket of an age in days (days past due, or days since the document).
  @inline(__always)
  func bucket(_ days: Int32) -> Int {
    if basis == .dueDate && days <= 0 { return 0 }
    let offset = basis == .dueDate ? 1 : 0
    for (i, edge) in edges.enumerated() where Int(days) <= edge { return i + offset }
    return edges.count + offset
  }
}
