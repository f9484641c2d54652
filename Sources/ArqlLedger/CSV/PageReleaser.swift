import Dispatch
import Synchronization

/// Keeps the mapped CSV files of a load from filling memory while the ledger is built.
///
/// The build walks each file's ids several times (indexes, references, id dictionaries), in
/// loops spread over many types, and each walk faults the file's pages back in. Rather than
/// teach every loop to drop what it has passed, a timer drops the files' pages every few
/// milliseconds (`SourceText.releasePages`). The text itself never changes: a page a loop
/// touches again is mapped again from the page cache, at the cost of a minor fault. Memory
/// held by the files stays at what the loops touch between two ticks, not the files' size.
final class PageReleaser: @unchecked Sendable {
  private let texts: Mutex<[SourceText]>
  private let timer: DispatchSourceTimer?

  /// Starts dropping the pages of the mapped `texts` every `milliseconds`. One 10M load with
  /// each period (README, "Load speed"): 20 ms and 50 ms both kept the peak at 3.1 GB (5.2 GB
  /// without the timer); 20 ms cost more CPU, as pages a loop is still reading fault again.
  /// - Parameter growing: texts will be added (`add`): the timer runs even with none yet.
  init(_ texts: [SourceText], milliseconds: Int = 50, growing: Bool = false) {
    let mapped = texts.filter(\.isMapped)
    self.texts = Mutex(mapped)
    guard !mapped.isEmpty || growing else {
      timer = nil
      return
    }
    let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
    self.timer = timer
    timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
    timer.setEventHandler { [weak self] in self?.releaseAll() }
    timer.resume()
  }

  /// Drops `text`'s pages on the next ticks too (a table parsed while others are built).
  func add(_ text: SourceText) {
    guard text.isMapped else { return }
    texts.withLock { $0.append(text) }
  }

  private func releaseAll() {
    for text in texts.withLock({ $0 }) { text.releasePages() }
  }

  /// Stops the timer and drops the pages one last time.
  func stop() {
    guard let timer else { return }
    let stopped = DispatchSemaphore(value: 0)
    timer.setCancelHandler { stopped.signal() }
    timer.cancel()
    stopped.wait()
    releaseAll()
  }
}
