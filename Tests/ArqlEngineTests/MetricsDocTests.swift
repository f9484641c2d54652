import ArqlEngine
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
}
