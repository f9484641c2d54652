import Dispatch

/// Per-thread accumulators for a pass split over the cores: one slice of `width` Int64 per
/// chunk of rows, summed at the end (Int64 sums do not depend on the split).
struct Accumulators: @unchecked Sendable {
  let width: Int
  let chunks: Int
  private let buffer: UnsafeMutableBufferPointer<Int64>

  /// Accumulators for `rows` rows (two chunks from 200,000 rows: the machine has two cores).
  init(width: Int, rows: Int) {
    self.width = width
    chunks = rows >= 200_000 ? 2 : 1
    buffer = .allocate(capacity: max(1, width * chunks))
    buffer.initialize(repeating: 0)
  }

  /// The rows of chunk `k` of `rows`.
  func range(_ k: Int, rows: Int) -> Range<Int> {
    let size = (rows + chunks - 1) / chunks
    return min(rows, k * size)..<min(rows, (k + 1) * size)
  }

  /// The slice of chunk `k`.
  func slice(_ k: Int) -> UnsafeMutablePointer<Int64> { buffer.baseAddress.unsafelyUnwrapped + k * width }

  /// Runs `body(chunk)` on every chunk in parallel.
  func run(_ body: @Sendable (Int) -> Void) { DispatchQueue.concurrentPerform(iterations: chunks, execute: body) }

  /// The sum of the slices; frees the buffer.
  func merged() -> [Int64] {
    var result = [Int64](repeating: 0, count: width)
    for k in 0..<chunks {
      let s = slice(k)
      for i in 0..<width { result[i] &+= s[i] }
    }
    buffer.deallocate()
    return result
  }

  /// The sum of the slices of a group-major layout (`group × columns + column`), one array
  /// per column; frees the buffer.
  func mergedColumns(groupCount: Int) -> [[Int64]] {
    let flat = merged()
    let columns = groupCount == 0 ? 0 : width / groupCount
    return flat.withUnsafeBufferPointer { flat in
      (0..<columns).map { c in
        [Int64](unsafeUninitializedCapacity: groupCount) { buffer, count in
          for g in 0..<groupCount { buffer[g] = flat[g * columns + c] }
          count = groupCount
        }
      }
    }
  }
}
