import ArqlLanguage
import Testing

@Suite("Every example in grammar/, examples/ and README.md parses and round-trips")
struct ExampleTests {
  @Test("there are examples in all three places")
  func found() throws {
    let sources = Set(try ExampleFiles.all().map(\.source))
    #expect(sources.contains("grammar/arql.ebnf"))
    #expect(sources.contains("README.md"))
    #expect(sources.contains { $0.hasPrefix("examples/") })
  }

  @Test("each example parses completely and parse(format(parse(q))) == parse(q)")
  func examples() throws {
    // Statements of the grammar's example list may use metrics defined by earlier lines.
    var grammarLines: [String] = []
    for example in try ExampleFiles.all() {
      let text = example.source == "grammar/arql.ebnf" ? (grammarLines + [example.text]).joined(separator: "\n") : example.text
      if example.source == "grammar/arql.ebnf" { grammarLines.append(example.text) }
      let result = TestVocabulary.parse(text)
      guard case .complete(let script) = result else {
        Issue.record("\(example.source): \(example.text)\n\(DiagnosticRenderer(source: text).render(result.diagnostics)) \(result)")
        continue
      }
      let formatted = Formatter.format(script)
      let again = TestVocabulary.parse(formatted)
      #expect(again.script == script, "\(example.source): \(formatted)")
      #expect(Formatter.format(again.script) == formatted, "formatting is stable")
    }
  }
}
