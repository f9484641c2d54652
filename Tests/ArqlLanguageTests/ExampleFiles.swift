import Foundation

/// Example queries found in the repository: the grammar's examples block, `examples/*.arql`
/// and the README's ```arql blocks.
enum ExampleFiles {
  static var root: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
  }

  /// (where, text) of every example script or statement.
  static func all() throws -> [(source: String, text: String)] {
    var result: [(String, String)] = []
    let grammar = try String(contentsOfFile: root + "/grammar/arql.ebnf", encoding: .utf8)
    if let block = grammar.components(between: "(* examples:", and: "*)") {
      for line in block.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        result.append(("grammar/arql.ebnf", String(line)))
      }
    }
    for folder in ["examples", "examples/reports"] {
      let path = root + "/" + folder
      for name in (try FileManager.default.contentsOfDirectory(atPath: path)).sorted() where name.hasSuffix(".arql") {
        // Dot-commands (`.print`) are the shell's, not the language's: blank them, keeping line numbers.
        let text = try String(contentsOfFile: path + "/" + name, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
          .map { $0.trimmingCharacters(in: .whitespaces).hasPrefix(".") ? "" : String($0) }.joined(separator: "\n")
        result.append((folder + "/" + name, text))
      }
    }
    let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
    var rest = Substring(readme)
    while let open = rest.range(of: "```arql\n") {
      rest = rest[open.upperBound...]
      guard let close = rest.range(of: "```") else { break }
      result.append(("README.md", String(rest[..<close.lowerBound])))
      rest = rest[close.upperBound...]
    }
    return result
  }
}

extension String {
  /// The text between the first `start` and the next `end`.
  func components(between start: String, and end: String) -> String? {
    guard let a = range(of: start), let b = self[a.upperBound...].range(of: end) else { return nil }
    return String(self[a.upperBound..<b.lowerBound])
  }
}
