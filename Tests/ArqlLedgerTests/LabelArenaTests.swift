import Testing
@testable import ArqlLedger

@Suite("Id labels built in one block read back as the strings they came from")
struct LabelArenaTests {
  @Test("labels, empty and accented ones included, on one thread and split over two", arguments: [7, 150_000])
  func labelsReadBack(count: Int) {
    let strings = (0..<count).map { k in k % 11 == 0 ? "" : k % 7 == 0 ? "Société-\(k)" : "INV\(k)" }
    let utf8 = strings.map { Array($0.utf8) }
    let labels = LabelArena.labels(count: count, threads: 2, length: { utf8[$0].count },
                                   copy: { k, to in utf8[k].withUnsafeBufferPointer { to.update(from: $0.baseAddress!, count: $0.count) } })
    #expect(labels.count == count)
    #expect(!labels.isMapped)
    #expect(Array(labels) == strings)
    #expect(labels.withUTF8(at: count - 1) { Array($0) } == utf8[count - 1])
  }
}
