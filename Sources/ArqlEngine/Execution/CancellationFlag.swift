import Synchronization

/// Set from another thread (a Ctrl-C handler) to stop the running query. The executor checks
/// it between evaluation contexts and between chunks of rows.
public final class CancellationFlag: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  /// Asks the running query to stop.
  public func cancel() { flag.store(true, ordering: .relaxed) }

  /// Clears the flag before a new query.
  public func reset() { flag.store(false, ordering: .relaxed) }

  /// Whether a stop was asked.
  public var isCancelled: Bool { flag.load(ordering: .relaxed) }

  /// Throws when a stop was asked.
  func check() throws {
    if isCancelled { throw EngineError(.cancelled, "query cancelled") }
  }
}
