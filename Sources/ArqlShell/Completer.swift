import ArqlLanguage
import ArqlLedger
import ArqlReport
import Foundation

/// Tab completion that knows where the cursor is: dot-commands at the start of a line, file
/// names after `.load`, `.read`, `.once`, `.output`, `load csv` and `to`, the values of a
/// dimension after `=` or `in (`, and otherwise the words the parser expects there —
/// keywords, metric names and aliases (user-defined ones too) and dimensions.
public struct Completer {
  public let session: Session

  public init(session: Session) {
    self.session = session
  }

  /// What to complete.
  public enum Completion: Equatable {
    /// Candidate words for the word being typed.
    case words([String])
    /// Let the line editor complete a file name.
    case fileName
  }

  /// Candidates for the word that ends the text before the cursor.
  public func complete(before text: String) -> Completion {
    let word = Completer.currentWord(text)
    let head = String(text.dropLast(word.count))
    let trimmedHead = head.trimmingCharacters(in: .whitespaces)
    if trimmedHead.isEmpty && word.hasPrefix(".") {
      return .words(DotCommand.all.map { "." + $0.name }.filter { $0.hasPrefix(word.lowercased()) }.sorted())
    }
    let lowerHead = trimmedHead.lowercased()
    if ["load", "append", "read", "once", "output"].contains(where: { lowerHead == "." + $0 }) || lowerHead.hasPrefix(".append ") {
      return .fileName  // .append takes several files
    }
    if lowerHead.hasSuffix(" to") || lowerHead == "to" || lowerHead.hasSuffix("load csv") || lowerHead.hasSuffix("load fec") {
      return .fileName
    }
    // Formats after `.mode` and `as`, chart kinds after `chart`.
    let formats: [String]? = lowerHead == ".mode" ? OutputFormat.allCases.map(\.rawValue)
      : lowerHead.hasSuffix(" as") ? Keywords.formats : lowerHead.hasSuffix(" chart") ? Keywords.chartKinds : nil
    if let formats, !lowerHead.hasSuffix(" as") || word.count > 0 {
      let matches = formats.filter { $0.hasPrefix(word.lowercased()) }
      if !matches.isEmpty || lowerHead == ".mode" { return .words(matches) }
    }
    // Inside a metric's parentheses: its argument names, then the words an argument takes
    // (the catalog's argument specs).
    let catalog = session.workspace.catalog
    if let (phrases, argument) = Completer.metricArgumentContext(head),
      let definition = phrases.lazy.compactMap({ catalog.vocabulary.canonical($0).flatMap(catalog.metric) }).first
    {
      let lower = word.lowercased()
      if let argument {
        let words = definition.arguments.first { $0.name == argument }?.completions ?? []
        return .words(words.filter { $0.hasPrefix(lower) })
      }
      return .words(definition.arguments.map { $0.name + ":" }.filter { $0.hasPrefix(lower) })
    }
    // Values of a dimension after `=`, `!=` or `in (`.
    if let dimension = Completer.dimensionBeforeValue(head), let values = values(of: dimension) {
      let stripped = word.hasPrefix("'") ? String(word.dropFirst()) : word
      return .words(values.filter { $0.lowercased().hasPrefix(stripped.lowercased()) }.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" })
    }
    var candidates: [String] = []
    let context = session.parserContext
    let expected: [String]
    switch Parser.parse(head + " ", context: context) {
    case .incomplete(_, let e): expected = e
    case .failed(_, let d): expected = d.last?.expected ?? []
    case .complete: expected = ["end of statement"]
    }
    let wantsMetric = trimmedHead.isEmpty || expected.contains("a metric") || lowerHead.hasSuffix(",")
    if wantsMetric { candidates += context.metrics.allPhrases + context.metrics.names }
    if expected.contains(where: { $0.contains("dimension") || $0.contains("column") }) || lowerHead.hasSuffix(" by")
      || lowerHead.hasSuffix(" where") || lowerHead.hasSuffix(" and") || lowerHead.hasSuffix(" per")
    {
      candidates += context.dimensions + ["day", "week", "month", "quarter", "year"]
    }
    for e in expected where e.hasPrefix("'") && e.hasSuffix("'") { candidates.append(String(e.dropFirst().dropLast())) }
    if expected.contains("end of statement") || expected.contains(where: { $0.contains("time window") }) {
      candidates += ["by", "where", "having", "last", "this", "previous", "from", "in", "as of", "vs", "trend", "top", "bottom",
                     "order by", "limit", "pivot", "as", "chart", "to"]
    }
    if trimmedHead.isEmpty { candidates += Keywords.statementStarts }
    var seen = Set<String>()
    let lower = word.lowercased()
    return .words(candidates.filter { $0.lowercased().hasPrefix(lower) && seen.insert($0).inserted }.sorted())
  }

  /// The distinct values of a dimension in the loaded ledger (at most 200).
  func values(of dimension: String) -> [String]? {
    guard let ledger = session.engine?.ledger else { return nil }
    let c = ledger.customers
    let i = ledger.invoices
    var values: LabelList
    switch dimension {
    case "division": values = c.division.dictionary + i.division.dictionary
    case "sales_rep": values = c.salesRep.dictionary + i.salesRep.dictionary
    case "collector": values = c.collector.dictionary + i.collector.dictionary
    case "category": values = c.category.dictionary
    case "country": values = c.country.dictionary
    case "customer": values = c.id.dictionary
    case "name", "customer_name": values = c.name.dictionary
    case "currency": values = i.currency.dictionary
    case "status": values = i.status.dictionary
    case "doc_type": values = LabelList(DocType.allCases.map(\.code))
    case "reason": values = ledger.disputes.reason.dictionary
    case "agent": values = ledger.actions.agent.dictionary
    default: return nil
    }
    var seen = Set<String>()
    return Array(values.filter { seen.insert($0).inserted }.sorted().prefix(200))
  }

  /// The word being typed: the text after the last space, comma or parenthesis.
  static func currentWord(_ text: String) -> String {
    var word = ""
    for c in text.reversed() {
      if c == " " || c == "," || c == "(" || c == "\t" || c == "=" { break }
      word.insert(c, at: word.startIndex)
    }
    return word
  }

  /// The metric whose arguments are being typed, and the argument whose value is: `dso(` →
  /// (dso, nil), `aged balance(basis: ` → (aged balance, basis). Nil outside a metric's
  /// parentheses (and inside `in (`, a list of values).
  /// The phrases are the last three, two and one words before the parenthesis, longest first.
  static func metricArgumentContext(_ head: String) -> (phrases: [String], argument: String?)? {
    var depth = 0
    var open: String.Index? = nil
    for index in head.indices.reversed() {
      let c = head[index]
      if c == ")" { depth += 1 }
      if c == "(" {
        if depth == 0 {
          open = index
          break
        }
        depth -= 1
      }
    }
    guard let open else { return nil }
    let before = head[..<open].trimmingCharacters(in: .whitespaces).lowercased()
    let all = before.split(separator: " ")
    guard !before.hasSuffix(" in"), before != "in", !all.isEmpty else { return nil }
    // A metric phrase may be several words (`aged balance`).
    let words = (1...min(3, all.count)).reversed().map { all.suffix($0).joined(separator: " ") }
    let inside = head[head.index(after: open)...]
    let segment = inside.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    if let colon = segment.firstIndex(of: ":") {
      let argument = segment[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
      return (words, argument)
    }
    return (words, nil)
  }

  /// The dimension whose value is being typed: `division = `, `division in ('A', `.
  static func dimensionBeforeValue(_ head: String) -> String? {
    var text = head.trimmingCharacters(in: .whitespaces).lowercased()
    if text.hasSuffix("!=") { text = String(text.dropLast(2)) } else if text.hasSuffix("=") { text = String(text.dropLast()) } else if
      let open = text.range(of: " in (", options: .backwards), !text[open.upperBound...].contains(")")
    {
      text = String(text[..<open.lowerBound])
    } else {
      return nil
    }
    let words = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
    return words.last.map(String.init)
  }
}
