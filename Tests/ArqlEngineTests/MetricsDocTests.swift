import ArqlEngine
import ArqlLanguage
import Foundation
import Testing

/// docs/metrics.md is generated from the catalog and must not go stale.
@Suite("docs/metrics.md")
struct MetricsDocTests {
  static var path: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("docs/metrics.md").path
  }

  @Test("docs/metrics.md equals the catalog's Markdown (RECORD=1 regenerates it)")
  func current() throws {
    let generated = MetricCatalog().markdown
    if ProcessInfo.processInfo.environment["RECORD"] == "1" {
      try generated.write(toFile: Self.path, atomically: true, encoding: .utf8)
    }
    let stored = try String(contentsOfFile: Self.path, encoding: .utf8)
    #expect(stored == generated, "docs/metrics.md is stale: run RECORD=1 swift test --filter MetricsDocTests")
  }
}

@Suite("The metric catalog")
struct CatalogTests {
  @Test("no name or alias means two metrics")
  func unique() {
    var seen: [String: String] = [:]
    for metric in MetricCatalog().metrics {
      for word in [metric.name] + metric.aliases {
        let key = word.lowercased().replacingOccurrences(of: "_", with: " ")
        #expect(seen[key] == nil || seen[key] == metric.name, "'\(word)' is \(seen[key] ?? "") and \(metric.name)")
        seen[key] = metric.name
      }
    }
  }

  /// Issue #18 item 6: a listed alias that does not parse is a broken promise
  /// (`percent over 90 dpd` gave E010 because of its number).
  @Test("every name and alias of every metric parses to that metric, accented or not")
  func aliasesParse() throws {
    let f = EngineFixture(try #require(ShareSumOfPartsTests.demo))
    for metric in MetricCatalog().metrics {
      for word in [metric.name] + metric.aliases {
        for written in [word, word.replacingOccurrences(of: "echu", with: "échu").replacingOccurrences(of: "agee", with: "âgée")] {
          let result = Parser.parse(written, context: f.engine.parserContext)
          guard case .complete(let script) = result, case .query(let query)? = script.statements.first,
            case .call(let call) = query.metrics.first?.expression
          else {
            Issue.record("'\(written)' (\(metric.name)) does not parse: \(result.diagnostics)")
            continue
          }
          #expect(call.name == metric.name, "'\(written)' reads as \(call.name), not \(metric.name)")
        }
      }
    }
  }
}
