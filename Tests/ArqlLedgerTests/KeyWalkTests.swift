import Testing
@testable import ArqlLedger

/// `KeyWalk` does in one walk what a build did in several: its results must be those of the
/// separate steps (`ReferenceIndex.resolve`, `KeyColumn.isStrictlyIncreasing`,
/// `ReferenceIndex.encode`, the id column's labels), also where a part of the rows starts.
@Suite("Key walk: a table's ids resolved, ordered and copied in one walk")
struct KeyWalkTests {
  /// A text holding ids end to end, and key columns pointing into it.
  struct Keys {
    var text: [UInt8] = []

    /// A key column of these values (nil: a null); values holding a quote are kept aside, as
    /// the parse keeps an id written with doubled quotes.
    mutating func column(_ values: [String?]) -> KeyColumn {
      var entries: [Int] = []
      var escaped: [Int: [UInt8]] = [:]
      for (row, value) in values.enumerated() {
        guard let value else {
          entries.append(KeyColumn.null)
          continue
        }
        if value.contains("\"") {
          entries.append(KeyColumn.aside)
          escaped[row] = Array(value.utf8)
          continue
        }
        entries.append(KeyColumn.entry(place: text.count, length: value.utf8.count))
        text += Array(value.utf8)
      }
      return KeyColumn(entries: entries, escaped: escaped)
    }
  }

  static func id(_ k: Int) -> String { "INV" + String(repeating: "0", count: max(0, 7 - String(k).count)) + String(k) }

  /// Ids of `count` rows: increasing, with `repeats` of them repeating the row before.
  static func sortedIds(_ rng: inout SplitMix64, count: Int, repeats: Double) -> [String] {
    var ids: [String] = []
    var k = 0
    for _ in 0..<count {
      if ids.isEmpty || !rng.chance(repeats) { k += rng.int(1...3) }
      ids.append(Self.id(k))
    }
    return ids
  }

  /// What the separate steps give for the same columns.
  static func expected(_ keys: KeyColumn, text: UnsafeBufferPointer<UInt8>) -> [String] {
    (0..<keys.count).map { keys.string($0, in: text) ?? "" }
  }

  @Test("references resolve as ReferenceIndex.resolve does, sorted or hashed, nulls and unknown ids included",
        arguments: [1, 2])
  func references(threads: Int) {
    var rng = SplitMix64(seed: 11)
    let rows = 150_000  // two parts at two threads
    var keys = Keys()
    let targetIds = Self.sortedIds(&rng, count: 40_000, repeats: 0)
    let sortedTarget = keys.column(targetIds)
    let hashedTarget = keys.column(targetIds.reversed())
    // References in nearly sorted order with jumps back, nulls and ids no target has.
    var refs: [String?] = []
    for row in 0..<rows {
      switch rng.int(0...19) {
      case 0: refs.append(nil)
      case 1: refs.append("MISSING\(row)")
      case 2: refs.append(targetIds[rng.int(0...(targetIds.count - 1))])
      default: refs.append(targetIds[min(targetIds.count - 1, row * targetIds.count / rows)])
      }
    }
    let references = keys.column(refs)
    let other = keys.column(refs.reversed())
    let text = keys.text
    text.withUnsafeBufferPointer { text in
      let (sorted, _) = ReferenceIndex.build(sortedTarget, text: text, threads: 1)
      let (hashed, _) = ReferenceIndex.build(hashedTarget, text: text, threads: 1)
      let walk = KeyWalk.walk(
        references: [KeyWalk.Reference(name: "a", keys: references, index: sorted), KeyWalk.Reference(name: "b", keys: other, index: hashed)],
        id: nil, values: .rows, rows: rows, text: text, threads: threads)
      let a = sorted.resolve(references, text: text, threads: 1)
      let b = hashed.resolve(other, text: text, threads: 1)
      #expect(walk.resolved["a"] == a)
      #expect(walk.resolved["b"] == b)
      #expect(a.contains(-1) && a.contains(-2) && b.contains(-2), "nulls and unknown ids are among the references")
      #expect(walk.labels == nil && walk.order == .unsorted)
    }
  }

  @Test("the id column's order and labels, one value per row", arguments: [1, 2])
  func idRows(threads: Int) {
    var rng = SplitMix64(seed: 5)
    let rows = 120_000
    let increasing = Self.sortedIds(&rng, count: rows, repeats: 0)
    var equalAtPart = increasing
    equalAtPart[60_000] = equalAtPart[59_999]  // the first row of the second part repeats the last of the first
    var downAtPart = increasing
    downAtPart.swapAt(59_999, 60_000)
    var withNull: [String?] = increasing
    withNull[100] = nil
    var withQuote: [String?] = increasing
    withQuote[7] = "INV\"7"
    let cases: [([String?], KeyWalk.Order)] = [
      (increasing, .strictlyIncreasing), (equalAtPart, .nonDecreasing), (downAtPart, .unsorted), (withNull, .unsorted),
      (withQuote, .unsorted), (increasing.reversed(), .unsorted),
    ]
    for (index, (values, order)) in cases.enumerated() {
      var keys = Keys()
      let column = keys.column(values)
      keys.text.withUnsafeBufferPointer { text in
        let walk = KeyWalk.walk(references: [], id: column, values: .rows, rows: rows, text: text, threads: threads)
        #expect(walk.order == order, "case \(index)")
        if order != .nonDecreasing {
          #expect((walk.order == .strictlyIncreasing) == column.isStrictlyIncreasing(in: text), "case \(index)")
        }
        #expect(walk.labels.map(Array.init) == Self.expected(column, text: text), "case \(index): labels")
        #expect(walk.runs == nil)
      }
    }
  }

  @Test("repeating ids: one label per run and each row's run, as ReferenceIndex.encode gives them", arguments: [1, 2])
  func idRuns(threads: Int) {
    var rng = SplitMix64(seed: 9)
    let rows = 130_000
    for (repeats, runAcrossParts) in [(0.0, false), (0.0, true), (0.4, true), (0.9, false)] {
      var ids = Self.sortedIds(&rng, count: rows, repeats: repeats)
      // A run across the parts' boundary (two threads split at 65,000).
      if runAcrossParts { for row in 64_990..<65_010 { ids[row] = ids[64_990] } }
      var keys = Keys()
      let column = keys.column(ids)
      keys.text.withUnsafeBufferPointer { text in
        let walk = KeyWalk.walk(references: [], id: column, values: .runs, rows: rows, text: text, threads: threads)
        let encoded = ReferenceIndex.encode(column, text: text, threads: 1)
        #expect(walk.order == (repeats == 0 && !runAcrossParts ? .strictlyIncreasing : .nonDecreasing))
        #expect(walk.runs == Array(encoded.codes), "repeats \(repeats)")
        #expect(walk.labels.map(Array.init) == Array(encoded.dictionary), "repeats \(repeats)")
      }
    }
    // Out of order: no runs; the build encodes the ids itself.
    var keys = Keys()
    let column = keys.column((0..<rows).map { Self.id(($0 * 7_919) % rows) })
    keys.text.withUnsafeBufferPointer { text in
      let walk = KeyWalk.walk(references: [], id: column, values: .runs, rows: rows, text: text, threads: threads)
      #expect(walk.order == .unsorted && walk.runs == nil && walk.labels == nil)
    }
  }

  @Test("a table with no rows walks to empty results")
  func noRows() {
    var keys = Keys()
    let column = keys.column([])
    let target = keys.column(["A"])
    keys.text.withUnsafeBufferPointer { text in
      let (index, _) = ReferenceIndex.build(target, text: text, threads: 1)
      let walk = KeyWalk.walk(references: [KeyWalk.Reference(name: "a", keys: column, index: index)], id: column, values: .runs,
                              rows: 0, text: text, threads: 2)
      #expect(walk.resolved["a"] == [])
      #expect(walk.order == .strictlyIncreasing && walk.runs == [] && walk.labels?.count == 0)
    }
  }
}
