import ArqlLanguage

/// A metric call's named arguments, read once each.
struct Arguments {
  let call: MetricCall

  init(_ call: MetricCall) throws { self.call = call }

  /// Fails on an argument not in `names`, listing what the metric takes.
  func only(_ names: [String]) throws {
    for argument in call.arguments where !names.contains(argument.name.name) {
      let takes = names.isEmpty ? "no argument" : names.map { "\($0): …" }.joined(separator: ", ")
      throw EngineError(.invalidArgument, "\(call.name) takes \(takes)", at: argument.name.range)
    }
  }

  func value(_ name: String) -> MetricArgument? { call.arguments.first { $0.name.name == name } }

  func range(_ name: String) -> SourceRange? { value(name)?.name.range }

  /// A whole number of days within `range`.
  func days(_ name: String, default fallback: Int32, range allowed: ClosedRange<Int32>) throws -> Int32 {
    guard let argument = value(name) else { return fallback }
    guard case .literal(.number(let n)) = argument.value, let whole = Int32(exactly: n.doubleValue), allowed.contains(whole) else {
      throw EngineError(.invalidArgument, "\(name) is a whole number of days from \(allowed.lowerBound) to \(allowed.upperBound)",
                        at: argument.name.range)
    }
    return whole
  }

  /// A number within `range` (points of a score, days of a threshold).
  func number(_ name: String, default fallback: Double, range allowed: ClosedRange<Double> = 0...100, of unit: String = "points") throws
    -> Double
  {
    guard let argument = value(name) else { return fallback }
    guard case .literal(.number(let n)) = argument.value, allowed.contains(n.doubleValue) else {
      throw EngineError(.invalidArgument, "\(name) is a number of \(unit) from \(Int(allowed.lowerBound)) to \(Int(allowed.upperBound))",
                        at: argument.name.range)
    }
    return n.doubleValue
  }

  /// A whole number of at least 1 (how many customers).
  func count(_ name: String, default fallback: Int) throws -> Int {
    guard let argument = value(name) else { return fallback }
    guard case .literal(.number(let n)) = argument.value, let whole = Int(exactly: n.doubleValue), whole > 0 else {
      throw EngineError(.invalidArgument, "\(name) is a whole number, e.g. \(name): 10", at: argument.name.range)
    }
    return whole
  }

  /// One of the words `allowed`.
  func word(_ name: String, among allowed: [String], default fallback: String) throws -> String {
    guard let argument = value(name) else { return fallback }
    let word = Binder.word(argument.value)
    guard allowed.contains(word) else {
      throw EngineError(.invalidArgument, "\(name) is " + allowed.joined(separator: " or "), at: argument.name.range)
    }
    return word
  }

  /// A list of whole numbers, `[0, 1, 5]`.
  func integers(_ name: String) -> [Int64]? {
    guard let argument = value(name) else { return nil }
    if case .integers(let list) = argument.value { return list }
    return []
  }
}
