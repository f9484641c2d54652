import ArqlLanguage
import ArqlSupport

/// Finds the text values a `where` clause compares a dimension with that no row has: a typo
/// (`division = 'Nort'`, `customer = 'c000023'`, a script parameter `div=Nort`) would otherwise
/// give a believable 0.00 (issue #18 item 3). Each one is a warning with a did-you-mean from the
/// dimension's values.
struct FilterValueCheck {
  let attributes: LedgerAttributes
  let parameters: Parameters

  /// The warnings for `filter`, in the order its values appear.
  func warnings(_ filter: BoolExpr?) -> [String] {
    guard let filter else { return [] }
    var result: [String] = []
    visit(filter, &result)
    return result
  }

  private func visit(_ e: BoolExpr, _ out: inout [String]) {
    switch e {
    case .or(let parts), .and(let parts):
      for part in parts { visit(part, &out) }
    case .not(let inner):
      visit(inner, &out)
    case .compare(let a, let op, let b) where op == .equal || op == .notEqual:
      if case .column(let id) = a, let value = text(b) { check(id.name, value, &out) }
      if case .column(let id) = b, let value = text(a) { check(id.name, value, &out) }
    case .inList(.column(let id), let values, _):
      for value in values.compactMap(text) { check(id.name, value, &out) }
    default:
      break
    }
  }

  /// The text a value stands for: a string literal, or a parameter holding one.
  private func text(_ v: ValueExpr) -> String? {
    switch v {
    case .literal(.string(let s), _): return s
    case .parameter(let p):
      if case .literal(.string(let s))? = parameters.values[p.name] { return s }
      return nil
    default: return nil
    }
  }

  private func check(_ name: String, _ value: String, _ out: inout [String]) {
    let universes: [Universe] = [.documents, .cash, .disputes, .actions, .promises]
    guard let column = universes.lazy.compactMap({ self.attributes.attribute(name, $0) }).first,
      case .text(_, let labels) = column, !labels.isEmpty, !labels.contains(value)
    else { return }
    var warning = "warning: no \(name) is '\(value)'"
    if let near = labels.first(where: { $0.lowercased() == value.lowercased() }) ?? DidYouMean.closest(to: value, among: labels, maxDistance: 3) {
      warning += "; did you mean '\(near)'?"
    }
    out.append(warning + " (no row has this value)")
  }
}
