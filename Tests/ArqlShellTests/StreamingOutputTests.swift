import ArqlReport
import Foundation
import Testing
@testable import ArqlShell

/// Machine formats go to a pipe or a file as they are made (issue #15): the text of a large
/// result is never held whole, and the pieces are exactly the text the format renders.
@Suite("Streaming output of machine formats")
struct StreamingOutputTests {
  static var demo: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("examples/demo").path
  }

  @Test("a result of thousands of rows reaches a pipe in pieces of whole lines, equal to the rendered text; a file gets the same bytes")
  func piecesEqualTheText() throws {
    let c = Capture(interactive: false, load: false)
    #expect(c.session.load(Self.demo))
    for format in ["jsonl", "csv", "json", "tsv"] {
      c.box.out = []
      _ = c.session.run("balance, overdue by item as of 2025-06-30 as \(format)", name: "-c")
      let table = try #require(c.session.lastResult)
      #expect(table.rowCount > 1_000)
      let text = ResultRenderer.render(table, as: try #require(OutputFormat(rawValue: format)))
      // Each piece holds whole lines (print adds the last line break of each).
      #expect(c.box.out.count >= 2, "\(format): \(c.box.out.count) piece(s)")
      #expect(c.box.out.map { $0 + "\n" }.joined() == text, "\(format)")
      let file = NSTemporaryDirectory() + "arql-stream-\(UUID().uuidString).\(format)"
      _ = c.session.run("balance, overdue by item as of 2025-06-30 to '\(file)'", name: "-c")
      #expect(try String(contentsOfFile: file, encoding: .utf8) == text, "\(format) file")
    }
  }
}
