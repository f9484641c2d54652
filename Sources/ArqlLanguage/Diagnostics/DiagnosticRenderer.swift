/// Renders diagnostics as annotated source, colour-agnostic:
///
///     error[E010]: unknown metric 'dsoo'
///      --> query:1:1
///       |
///     1 | dsoo by division
///       | ^^^^ did you mean 'dso'?
///       = note: ...
public struct DiagnosticRenderer {
  /// The source the ranges point into.
  public let source: String
  /// The name shown after `-->` (a file path, or `query`).
  public let name: String

  public init(source: String, name: String = "query") {
    self.source = source
    self.name = name
  }

  /// One diagnostic as text (no trailing newline).
  public func render(_ d: Diagnostic) -> String {
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    let lineNumber = max(1, min(d.range.start.line, lines.count))
    let gutter = String(lineNumber)
    let pad = String(repeating: " ", count: gutter.count)
    var out = "\(d.severity.rawValue)[\(d.code.rawValue)]: \(d.message)\n"
    out += "\(pad)--> \(name):\(d.range.start.line):\(d.range.start.column)\n"
    out += "\(pad) |\n"
    let text = lines.isEmpty ? "" : String(lines[lineNumber - 1]).replacingTabs
    out += "\(gutter) | \(text)\n"
    let width: Int
    if d.range.end.line == d.range.start.line && d.range.end.column > d.range.start.column {
      width = d.range.end.column - d.range.start.column
    } else if d.range.end.line > d.range.start.line {
      width = max(1, text.count - d.range.start.column + 1)
    } else {
      width = 1
    }
    out += "\(pad) | " + String(repeating: " ", count: max(0, d.range.start.column - 1)) + String(repeating: "^", count: width)
    if let label = d.label { out += " " + label }
    for note in d.notes { out += "\n\(pad) = note: \(note)" }
    if let fix = d.fixIt { out += "\n\(pad) = help: write '\(fix.replacement)'" }
    return out
  }

  /// Several diagnostics, separated by blank lines.
  public func render(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map(render).joined(separator: "\n\n")
  }
}

extension String {
  /// Tabs as single spaces, so caret columns line up.
  var replacingTabs: String { String(map { $0 == "\t" ? " " : $0 }) }
}
