import Dispatch

/// Checks a mapped snapshot in one pass over its bytes on all cores: each chunk's checksum, and
/// the smallest and largest value of every code and row column lying in the chunk while the
/// chunk is still in the cache, so opening reads the file once (the file is the cost: gigabytes
/// at memory speed).
enum SnapshotVerifier {
  /// A column whose values must fall in `low..<high`.
  struct RangeCheck {
    let values: ColumnArray<Int32>
    let low: Int32
    let high: Int64
  }

  /// The bytes one checksum covers, small enough that a chunk's columns are checked from the cache.
  static let chunkBytes = 1 << 20

  /// The checksum of each section (its chunks' checksums folded in order) and, per range check,
  /// whether a value falls outside it.
  static func verify(_ sections: [UnsafeRawBufferPointer], _ checks: [RangeCheck] = []) -> (sums: [UInt64], outside: [Bool]) {
    var chunks: [(section: Int, bytes: UnsafeRawBufferPointer)] = []
    for (k, section) in sections.enumerated() {
      var start = 0
      repeat {
        let end = min(section.count, start + chunkBytes)
        chunks.append((k, UnsafeRawBufferPointer(rebasing: section[start..<end])))
        start = end
      } while start < section.count
    }
    // Each check's values cut at the chunks they lie in; values outside every chunk (a column
    // held in memory, not in the file) are one piece of their own.
    var pieces: [Piece] = []
    var piecesOfChunk = [[Int]](repeating: [], count: chunks.count)
    var loosePieces: [Int] = []
    let starts = chunks.map { UInt(bitPattern: $0.bytes.baseAddress) }
    for (c, check) in checks.enumerated() where !check.values.isEmpty {
      check.values.withUnsafeBufferPointer { values in
        guard let base = values.baseAddress else { return }
        let first = UInt(bitPattern: base)
        let end = first + UInt(values.count * 4)
        func inChunk(_ address: UInt) -> Int? {
          guard let k = chunkIndex(containing: address, starts), address < starts[k] + UInt(chunks[k].bytes.count) else { return nil }
          return k
        }
        guard let firstChunk = inChunk(first), let lastChunk = inChunk(end - 1) else {
          loosePieces.append(pieces.count)
          pieces.append(Piece(check: c, values: values))
          return
        }
        for chunk in firstChunk...lastChunk {
          // The values that start in this chunk (the first chunk ends after `first`).
          let chunkEnd = starts[chunk] + UInt(chunks[chunk].bytes.count)
          let from = starts[chunk] <= first ? 0 : Int((starts[chunk] - first + 3) / 4)
          let to = min(values.count, Int((chunkEnd - first + 3) / 4))
          if from < to {
            piecesOfChunk[chunk].append(pieces.count)
            pieces.append(Piece(check: c, values: UnsafeBufferPointer(rebasing: values[from..<to])))
          }
        }
      }
    }
    let sums = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: chunks.count)
    let bounds = UnsafeMutableBufferPointer<(Int32, Int32)>.allocate(capacity: max(pieces.count, 1))
    defer {
      sums.deallocate()
      bounds.deallocate()
    }
    let job = Job(chunks: chunks, pieces: pieces, piecesOfChunk: piecesOfChunk, loosePieces: loosePieces, sums: sums, bounds: bounds)
    // The checks keep their columns' memory alive through the pass.
    withExtendedLifetime(checks) {
      DispatchQueue.concurrentPerform(iterations: chunks.count + loosePieces.count) { job.run($0) }
    }
    var folded = [UInt64](repeating: 0x9E37_79B9_7F4A_7C15, count: sections.count)
    for (c, chunk) in chunks.enumerated() {
      folded[chunk.section] = (folded[chunk.section] ^ sums[c]) &* 0xFF51_AFD7_ED55_8CCD
      folded[chunk.section] ^= folded[chunk.section] >> 33
    }
    var outside = [Bool](repeating: false, count: checks.count)
    for (p, piece) in pieces.enumerated() {
      let (smallest, largest) = bounds[p]
      if smallest < checks[piece.check].low || Int64(largest) >= checks[piece.check].high { outside[piece.check] = true }
    }
    return (folded, outside)
  }

  /// The chunk whose start is the last at or before `address`, or nil.
  private static func chunkIndex(containing address: UInt, _ starts: [UInt]) -> Int? {
    var low = 0
    var high = starts.count
    while low < high {
      let middle = (low + high) / 2
      if starts[middle] <= address { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? nil : low - 1
  }

  /// Some values of one check.
  private struct Piece {
    let check: Int
    let values: UnsafeBufferPointer<Int32>
  }

  /// One chunk a call (its checksum, then its pieces), each writing its own slots.
  private struct Job: @unchecked Sendable {
    let chunks: [(section: Int, bytes: UnsafeRawBufferPointer)]
    let pieces: [Piece]
    let piecesOfChunk: [[Int]]
    let loosePieces: [Int]
    let sums: UnsafeMutableBufferPointer<UInt64>
    let bounds: UnsafeMutableBufferPointer<(Int32, Int32)>

    /// Work item `k`: a chunk, then the pieces outside the file.
    func run(_ k: Int) {
      if k < chunks.count { chunk(k) } else { piece(loosePieces[k - chunks.count]) }
    }

    func chunk(_ k: Int) {
      sums[k] = SnapshotFile.checksum(chunks[k].bytes)
      for p in piecesOfChunk[k] { piece(p) }
    }

    /// The smallest and largest value, in a loop the compiler vectorises (no early exit).
    func piece(_ p: Int) {
      var smallest = Int32.max
      var largest = Int32.min
      for value in pieces[p].values {
        smallest = min(smallest, value)
        largest = max(largest, value)
      }
      bounds[p] = (smallest, largest)
    }
  }
}
