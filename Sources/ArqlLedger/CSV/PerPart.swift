import Dispatch

/// The result of `body` on each part `[start, end)` of a range `0..<count`, the parts run at
/// once: parts of a file's bytes split after line feeds, or equal shares of rows (`rows`).
struct PerPart<T>: @unchecked Sendable {
  private(set) var results: [T] = []

  /// `parts` holds where each part starts (the first at 0); the last ends at `count`.
  init(parts: [Int], count: Int, _ body: (Int, Int) -> T) {
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: parts.count)
    slots.initialize(repeating: nil)
    defer {
      slots.deinitialize()
      slots.deallocate()
    }
    withoutActuallyEscaping(body) { body in
      let job = Job(parts: parts, count: count, body: body, slots: slots)
      if parts.count == 1 {
        job.run(0)
      } else {
        DispatchQueue.concurrentPerform(iterations: parts.count) { job.run($0) }
      }
    }
    results = slots.compactMap { $0 }
  }

  /// Where each of `workers` equal shares of `count` rows starts (one share under `minimum` rows).
  static func rows(_ count: Int, workers: Int, minimum: Int = 100_000) -> [Int] {
    let shares = count >= minimum ? max(1, workers) : 1
    let chunk = (count + shares - 1) / shares
    return (0..<shares).map { min(count, $0 * chunk) }
  }

  private struct Job: @unchecked Sendable {
    let parts: [Int]
    let count: Int
    let body: (Int, Int) -> T
    let slots: UnsafeMutableBufferPointer<T?>

    func run(_ k: Int) { slots[k] = body(parts[k], k + 1 < parts.count ? parts[k + 1] : count) }
  }
}
