import ArqlLanguage
import ArqlSupport

/// The arguments of one metric call, checked against the metric's `ArgumentSpec`s: every
/// name known, no name twice, every value of the kind its spec accepts. Values not given
/// read as the spec's default.
struct MetricArguments {
  let call: MetricCall
  let specs: [ArgumentSpec]
  private var words: [String: String] = [:]
  private var numbers: [String: Double] = [:]
  private var lists: [String: [Int64]] = [:]

  /// Checks the call's arguments against `specs`.
  /// - Parameter isMoneyMetric: whether a name is a point-in-time money metric (for `exposure`).
  /// - Throws: `EngineError` (E045) at the first argument that does not fit, saying what the
  ///   metric takes, with a did-you-mean for a misspelt name.
  init(_ call: MetricCall, specs: [ArgumentSpec], isMoneyMetric: (String) -> Bool) throws {
    self.call = call
    self.specs = specs
    var seen: Set<String> = []
    for argument in call.arguments {
      let name = argument.name.name
      guard let spec = specs.first(where: { $0.name == name }) else {
        let takes = specs.isEmpty ? "no argument" : specs.map(\.takes).joined(separator: ", ")
        throw EngineError(.invalidArgument, "\(call.name) takes \(takes)", at: argument.name.range,
                          label: DidYouMean.suggestion(for: name, among: specs.map(\.name)).map { "did you mean '\($0)'?" })
      }
      guard seen.insert(name).inserted else {
        throw EngineError(.invalidArgument, "\(name) is given twice", at: argument.name.range)
      }
      let fail = { (message: String) in EngineError(.invalidArgument, message, at: argument.name.range) }
      switch spec.accepts {
      case .word(let allowed, let synonyms):
        let word = MetricArguments.word(argument.value)
        guard let canonical = allowed.contains(word) ? word : synonyms[word] else {
          throw EngineError(.invalidArgument, "\(name) is " + MetricArguments.either(allowed.map { $0 == spec.defaultValue ? $0 + " (default)" : $0 }),
                            at: argument.name.range,
                            label: DidYouMean.suggestion(for: word, among: allowed + synonyms.keys.sorted()).map { "did you mean '\(synonyms[$0] ?? $0)'?" })
        }
        words[name] = canonical
      case .exposure:
        let word = MetricArguments.word(argument.value)
        guard ["risk", "real", "net"].contains(word) || isMoneyMetric(word) else {
          throw fail("\(name) is risk, real, net or a point-in-time money metric")
        }
        words[name] = word
      case .days(let allowed):
        guard case .literal(.number(let n)) = argument.value, let whole = Int32(exactly: n.doubleValue), allowed.contains(whole) else {
          throw fail("\(name) is a whole number of days from \(allowed.lowerBound) to \(allowed.upperBound)")
        }
        numbers[name] = Double(whole)
      case .number(let allowed, let unit):
        guard case .literal(.number(let n)) = argument.value, allowed.contains(n.doubleValue) else {
          throw fail("\(name) is a number of \(unit) from \(Int(allowed.lowerBound)) to \(Int(allowed.upperBound))")
        }
        numbers[name] = n.doubleValue
      case .count:
        guard case .literal(.number(let n)) = argument.value, let whole = Int(exactly: n.doubleValue), whole > 0 else {
          throw fail("\(name) is a whole number, e.g. \(name): 10")
        }
        numbers[name] = Double(whole)
      case .dayEdges:
        guard case .integers(let edges) = argument.value, !edges.isEmpty, edges.allSatisfy({ $0 > 0 && $0 < 100_000 }),
          zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 })
        else { throw fail("\(name) are increasing positive day counts, e.g. [30, 60, 90]") }
        lists[name] = edges
      case .percentages:
        guard case .integers(let values) = argument.value, values.allSatisfy({ $0 >= 0 && $0 <= 100 }) else {
          throw fail("\(name) are whole percentages from 0 to 100, e.g. [0, 1, 5, 20, 50, 100]")
        }
        lists[name] = values
      }
    }
  }

  /// Whether the call gives the argument.
  func given(_ name: String) -> Bool { call.arguments.contains { $0.name.name == name } }

  /// Where the argument is written (the call when it is not).
  func range(_ name: String) -> SourceRange { call.arguments.first { $0.name.name == name }?.name.range ?? call.range }

  /// A word argument (its canonical form), else its default.
  func word(_ name: String) -> String { words[name] ?? spec(name)?.defaultValue ?? "" }

  /// A number argument (days, points, a count), else its default.
  func number(_ name: String) -> Double { numbers[name] ?? spec(name).flatMap { Double($0.defaultValue) } ?? 0 }

  func days(_ name: String) -> Int32 { Int32(number(name)) }

  func count(_ name: String) -> Int { Int(number(name)) }

  /// A list argument, nil when not given.
  func list(_ name: String) -> [Int64]? { lists[name] }

  private func spec(_ name: String) -> ArgumentSpec? { specs.first { $0.name == name } }

  /// An argument's value as a word (`basis: doc_date` or `basis: 'doc_date'`); empty otherwise.
  static func word(_ value: MetricArgument.Value) -> String {
    switch value {
    case .word(let w): return w.name
    case .literal(.string(let s)): return s
    case .literal, .integers: return ""
    }
  }

  /// `a or b`, `a, b or c`.
  static func either(_ words: [String]) -> String {
    words.count <= 2 ? words.joined(separator: " or ") : words.dropLast().joined(separator: ", ") + " or " + (words.last ?? "")
  }
}
