import ArqlEngine

/// Stops the running query of a session: a signal handler holds one and calls `cancel()` on
/// Ctrl-C (it only sets an atomic flag the kernels check between chunks).
public struct CancelHandle: Sendable {
  let flag: CancellationFlag

  /// Asks the running query to stop.
  public func cancel() { flag.cancel() }
}
