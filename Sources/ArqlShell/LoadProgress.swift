import ArqlLedger
import Foundation

/// The progress line of a long load on a terminal: after `delay` seconds, the phase under way
/// and the seconds elapsed, rewritten in place every quarter second on stderr, and erased when
/// the load ends. Never shown when stderr is not a terminal (pipes, files, scripts' logs).
public final class LoadProgress: @unchecked Sendable {
  private let lock = NSLock()
  private let write: @Sendable (String) -> Void
  private let label: String
  private let started = DispatchTime.now()
  private var phase = "starting"
  private var shown = false
  private var finished = false
  private let timer: DispatchSourceTimer

  /// - Parameters:
  ///   - label: what is loaded (its path).
  ///   - delay: seconds before the line first shows: a quick load shows nothing.
  ///   - write: where the line goes (stderr on a terminal).
  public init(label: String, delay: Double = 0.4, write: @escaping @Sendable (String) -> Void) {
    self.label = label
    self.write = write
    timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
    timer.schedule(deadline: .now() + delay, repeating: 0.25)
    timer.setEventHandler { [weak self] in self?.tick() }
    timer.resume()
  }

  /// The phase the load is starting.
  public func update(_ text: String) {
    lock.lock()
    phase = text
    lock.unlock()
  }

  /// Stops the line and erases it if it was shown.
  public func finish() {
    timer.cancel()
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return }
    finished = true
    if shown { write("\r\u{1B}[K") }
  }

  private func tick() {
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    write("\r\u{1B}[K" + String(format: "loading %@: %@ … %.1f s", label, phase, seconds))
    shown = true
  }

  /// A progress line on stderr told the phases of the load `options` make, or nil when stderr
  /// is not a terminal. The caller finishes it.
  static func attach(to options: inout LoadOptions, label: String, when shown: Bool = LoadProgress.stderrIsTerminal) -> LoadProgress? {
    guard shown else { return nil }
    let progress = LoadProgress(label: label) { text in FileHandle.standardError.write(Data(text.utf8)) }
    options.progress = { progress.update($0) }
    return progress
  }

  /// Whether stderr is a terminal (a progress line would show).
  public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb" }
}
