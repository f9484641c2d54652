import Foundation
import Testing
@testable import ArqlLedger

@Suite("Id indexes: hashed and sorted lookups agree")
struct ReferenceIndexTests {
  /// A key column over the given values laid end to end in one text buffer.
  static func keys(_ values: [String?]) -> (KeyColumn, [UInt8]) {
    var text: [UInt8] = []
    var entries: [Int] = []
    for value in values {
      if let value {
        entries.append(KeyColumn.entry(place: text.count, length: value.utf8.count))
        text += Array(value.utf8)
      } else {
        entries.append(KeyColumn.null)
      }
    }
    text.append(0)
    return (KeyColumn(entries: entries, escaped: [:]), text)
  }

  @Test("every reference resolves to the same row through the sorted search and through the hash table")
  func sortedEqualsHashed() {
    var rng = SplitMix64(seed: 11)
    let ids = (0..<5_000).map { String(format: "K%06d", $0 * 3) }  // sorted, with gaps
    var shuffled = ids
    for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, rng.int(0...i)) }
    var references: [String?] = []
    for i in 0..<20_000 {
      switch i % 5 {
      case 0: references.append(String(format: "K%06d", rng.int(0...15_100)))  // hits and misses anywhere
      case 1: references.append(ids[(i / 5) % ids.count])  // in id order: the merge case
      case 2: references.append(nil)
      case 3: references.append(["", "K", "K0000001", "Z", "A", "K015000"][rng.int(0...5)])
      default: references.append(ids[ids.count - 1 - (i / 5) % ids.count])  // descending
      }
    }
    let (sortedKeys, sortedText) = Self.keys(ids)
    let (shuffledKeys, shuffledText) = Self.keys(shuffled)
    let (refKeys, refText) = Self.keys(references)
    sortedText.withUnsafeBufferPointer { st in
      shuffledText.withUnsafeBufferPointer { ht in
        refText.withUnsafeBufferPointer { rt in
          let (sortedIndex, d1) = ReferenceIndex.build(sortedKeys, text: st, threads: 2)
          let (hashIndex, d2) = ReferenceIndex.build(shuffledKeys, text: ht, threads: 2)
          #expect(d1.isEmpty && d2.isEmpty)
          let viaSorted = sortedIndex.resolve(refKeys, text: rt, threads: 2)
          let viaHash = hashIndex.resolve(refKeys, text: rt, threads: 2)
          // The sorted index moved onto the ids copied into one block (a table's id column), as
          // a load does once the documents are built: the same rows, and not the file's bytes.
          let labels = LabelArena.labels(count: ids.count, threads: 2, length: { ids[$0].utf8.count }, copy: { k, to in
            _ = Array(ids[k].utf8).withUnsafeBufferPointer { to.update(from: $0.baseAddress!, count: $0.count) } })
          let overLabels = sortedIndex.over(labels)
          #expect(overLabels.resolve(refKeys, text: rt, threads: 2) == viaSorted)
          #expect(hashIndex.over(labels).resolve(refKeys, text: rt, threads: 2) == viaHash)  // a hashed index stays as it is
          #expect(overLabels.sampleIds(limit: 3) == ["K000000", "K000003", "K000006"])
          #expect(overLabels.row("K000003") == 1 && overLabels.row("K000004") == nil)
          for (row, reference) in references.enumerated() {
            let expectedSorted: Int32 = reference.map { r in ids.firstIndex(of: r).map(Int32.init) ?? -2 } ?? -1
            let expectedHash: Int32 = reference.map { r in shuffled.firstIndex(of: r).map(Int32.init) ?? -2 } ?? -1
            #expect(viaSorted[row] == expectedSorted, "\(reference ?? "nil")")
            #expect(viaHash[row] == expectedHash, "\(reference ?? "nil")")
          }
        }
      }
    }
  }

  @Test("duplicates are found whether or not the ids are sorted", arguments: [["A", "B", "B", "C"], ["C", "A", "B", "A"]])
  func duplicates(values: [String]) {
    let (keys, text) = Self.keys(values)
    let dups = text.withUnsafeBufferPointer { ReferenceIndex.build(keys, text: $0, threads: 1).1 }
    #expect(dups.count == 1)
    #expect(values[dups[0].row] == values[dups[0].firstRow])
    #expect(dups[0].row > dups[0].firstRow)
  }

  @Test("a shuffled ledger loads to the same balances and references as the sorted one")
  func shuffledLedger() throws {
    let dir = TestLedger.folder()
    try LedgerGenerator.generate(GeneratorConfig(seed: 5, invoices: 3_000), to: dir)
    let shuffledDir = TestLedger.folder()
    var rng = SplitMix64(seed: 9)
    for kind in TableKind.allCases {
      let text = try String(contentsOfFile: dir + "/" + kind.fileName, encoding: .utf8)
      var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
      let header = lines.removeFirst()
      for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, rng.int(0...i)) }
      try ([header] + lines).joined(separator: "\n").appending("\n").write(toFile: shuffledDir + "/" + kind.fileName, atomically: true, encoding: .utf8)
    }
    let (a, _) = try TestLedger.load(dir)
    let (b, _) = try TestLedger.load(shuffledDir)
    let asOf = try #require(a.latestPostingDate)
    #expect(a.balances(at: asOf) == b.balances(at: asOf))
    #expect(a.balances(at: asOf - 200) == b.balances(at: asOf - 200))
    // The same payments point at the same invoices (by id).
    func pairs(_ l: Ledger) -> Set<String> {
      Set((0..<l.payments.count).map { p in
        let inv = l.payments.invoice[p]
        return "\(l.payments.paymentId[p] ?? "")|\(l.payments.amount[p])|\(inv >= 0 ? l.invoices.id.dictionary[Int(inv)] : "-")"
          + "|\(l.customers.id.dictionary[Int(l.payments.customer[p])])"
      })
    }
    #expect(pairs(a) == pairs(b))
  }

  @Test("receipt ids encode to one code per distinct id, sorted (runs) or not (hashed), the dictionary one block of labels",
        arguments: [false, true])
  func encodeRepeatedIds(shuffled: Bool) {
    var rng = SplitMix64(seed: 21)
    var values: [String?] = []
    for receipt in 0..<3_000 { for _ in 0...rng.int(0...2) { values.append(String(format: "R%05d", receipt)) } }
    if shuffled {
      for i in stride(from: values.count - 1, to: 0, by: -1) { values.swapAt(i, rng.int(0...i)) }
      values[7] = nil
    }
    let (keys, text) = Self.keys(values)
    let column = text.withUnsafeBufferPointer { ReferenceIndex.encode(keys, text: $0, threads: 2) }
    #expect(column.dictionary.count == 3_000)
    #expect(Set(column.dictionary).count == 3_000)
    #expect(column.dictionary.inPlace != nil)  // labels in one block, not a String each
    for (row, value) in values.enumerated() { #expect(column[row] == value, "row \(row)") }
    if !shuffled { #expect(Array(column.dictionary.prefix(3)) == ["R00000", "R00001", "R00002"]) }
  }
}
