import ArqlShell
import Foundation
import Synchronization
import Testing

/// The progress line of a long load (issue #13): shown after its delay with the phase under way,
/// erased at the end; a load quicker than the delay shows nothing.
@Suite("Load progress line")
struct LoadProgressTests {
  final class Sink: Sendable {
    let lines = Mutex<[String]>([])
    func write(_ text: String) { lines.withLock { $0.append(text) } }
  }

  @Test("a long load shows its phase and the seconds, rewritten in place, then erased")
  func longLoad() async throws {
    let sink = Sink()
    let progress = LoadProgress(label: "ledger/", delay: 0.05) { sink.write($0) }
    progress.update("reading invoices.csv (252 MB)")
    try await Task.sleep(nanoseconds: 400_000_000)
    progress.finish()
    let lines = sink.lines.withLock { $0 }
    #expect(lines.count >= 2)
    #expect(lines.first?.hasPrefix("\r\u{1B}[Kloading ledger/: reading invoices.csv (252 MB) … ") == true)
    #expect(lines.first?.hasSuffix(" s") == true)
    #expect(lines.last == "\r\u{1B}[K")
    // Nothing after the end.
    try await Task.sleep(nanoseconds: 300_000_000)
    #expect(sink.lines.withLock { $0.count } == lines.count)
  }

  @Test("a load that ends before the delay writes nothing")
  func quickLoad() {
    let sink = Sink()
    let progress = LoadProgress(label: "ledger/", delay: 5) { sink.write($0) }
    progress.update("reading invoices.csv")
    progress.finish()
    #expect(sink.lines.withLock { $0.isEmpty })
  }
}
