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

  /// Whether to colour the severity and the caret (ANSI), for a terminal.
  public let color: Bool

  public init(source: String, name: String = "query", color: Bool = false) {
    self.source = source
    self.name = name
    self.color = color
  }

  private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text }

  /// One diagnostic as text (no trailing newline).
  public func render(_ d: Diagnostic) -> String {
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    let lineNumber = max(1, min(d.range.start.line, lines.count))
    let gutter = String(lineNumber)
    let pad = String(repeating: " ", count: gutter.count)
    let severityColor = d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36"
    var out = paint("\(d.severity.rawValue)[\(d.code.rawValue)]", severityColor) + ": \(d.message)\n"
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
    out += "\(pad) | " + String(repeating: " ", count: max(0, d.range.start.column - 1))
      + paint(String(repeating: "^", count: width) + (d.label.map { " " + $0 } ?? ""), severityColor)
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
