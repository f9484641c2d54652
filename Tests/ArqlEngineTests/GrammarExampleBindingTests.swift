import ArqlEngine
import ArqlLanguage
import Foundation
import Testing

/// Every example of grammar/arql.ebnf binds and runs on the demo ledger, not only parses
/// (issue #18 item 9): an example that gives an error teaches the error.
@Suite("The grammar's examples run")
struct GrammarExampleBindingTests {
  static var examples: [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    guard let grammar = try? String(contentsOfFile: root + "/grammar/arql.ebnf", encoding: .utf8),
      let start = grammar.range(of: "(* examples:"), let end = grammar[start.upperBound...].range(of: "*)")
    else { return [] }
    return grammar[start.upperBound..<end.lowerBound].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// The README's ```arql blocks, each a script.
  static var readmeBlocks: [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    guard let readme = try? String(contentsOfFile: root + "/README.md", encoding: .utf8) else { return [] }
    var blocks: [String] = []
    var rest = Substring(readme)
    while let open = rest.range(of: "```arql\n") {
      rest = rest[open.upperBound...]
      guard let close = rest.range(of: "```") else { break }
      blocks.append(String(rest[..<close.lowerBound]))
      rest = rest[close.upperBound...]
    }
    return blocks
  }

  @Test("each example of the grammar and of the README binds and runs (loads of absent files and SQL apart)")
  func run() throws {
    let examples = Self.examples
    #expect(examples.count > 20)
    #expect(!Self.readmeBlocks.isEmpty)
    // The grammar's lines share one session (later lines use earlier definitions); each README block has its own.
    try runAll(examples, EngineFixture(try #require(ShareSumOfPartsTests.demo)))
    for block in Self.readmeBlocks { try runAll([block], EngineFixture(try #require(ShareSumOfPartsTests.demo))) }
  }

  func runAll(_ examples: [String], _ f: EngineFixture) throws {
    for line in examples {
      let result = Parser.parse(line, context: f.engine.parserContext)
      guard case .complete(let script) = result else {
        Issue.record("does not parse: \(line)")
        continue
      }
      for statement in script.statements {
        switch statement {
        case .load, .explain(.sql, _):
          continue  // files the example names are not here; SQL generation is #14
        default:
          do {
            _ = try f.engine.execute(statement)
          } catch {
            Issue.record("\(line)\n  \(error)")
          }
        }
      }
    }
  }
}
