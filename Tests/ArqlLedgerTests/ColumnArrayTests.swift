import Foundation
import Testing
@testable import ArqlLedger

/// `ColumnArray` and `LabelList`: value semantics whatever their memory is (their own, an
/// adopted array, or bytes kept alive by someone else, as a mapped snapshot's are).
@Suite struct ColumnArrayTests {
  /// Bytes owned by a test object, standing in for a mapped file.
  final class Bytes: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let count: Int
    init(_ values: [Int32]) {
      count = values.count * 4
      pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 8), alignment: 64)
      values.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: count) }
    }
    deinit { pointer.deallocate() }
  }

  @Test func borrowedValuesAreCopiedOnTheFirstWriteAndTheBytesNeverChange() {
    let bytes = Bytes([1, 2, 3, 4])
    var column = ColumnArray<Int32>(borrowing: bytes.pointer, count: 4, keeper: bytes)
    let view = column
    #expect(column.isBorrowed && column == [1, 2, 3, 4])
    column[1] = 20
    column.append(5)
    #expect(!column.isBorrowed && column == [1, 20, 3, 4, 5])
    #expect(view == [1, 2, 3, 4] && view.isBorrowed)
    #expect(bytes.pointer.load(fromByteOffset: 4, as: Int32.self) == 2)
  }

  @Test func copiesAreIndependentAndAppendsGrowInPlace() {
    var a = ColumnArray<Int64>()
    for k in 0..<1000 { a.append(Int64(k)) }
    var b = a
    b[0] = -1
    b.append(contentsOf: [7, 8])
    #expect(a.count == 1000 && a[0] == 0 && a.last == 999)
    #expect(b.count == 1002 && b[0] == -1 && Array(b.suffix(2)) == [7, 8])
    // A unique column grows without copying what it holds each time.
    let before = b.withUnsafeBufferPointer { $0.baseAddress }
    b.append(9)
    #expect(b.withUnsafeBufferPointer { $0.baseAddress } == before)
    var c = b
    c.removeAll()
    #expect(c.isEmpty && b.count == 1003)
  }

  @Test func anAdoptedArrayIsReadInPlaceAndStillAValue() {
    var array: [Int32] = [3, 1, 2]
    var column = ColumnArray(array)
    #expect(column.isBorrowed && column == [3, 1, 2])
    array[0] = 30
    #expect(column[0] == 3)
    column.replaceSubrange(1..<2, with: [10, 11])
    #expect(column == [3, 10, 11, 2] && array == [30, 1, 2])
    #expect(ColumnArray<Int32>(repeating: 7, count: 3) == [7, 7, 7])
    #expect(Array(ColumnArray<Int32>([5, 6]).map { $0 * 2 }) == [10, 12])
  }

  @Test func enumColumnsAreTheirRawBytes() throws {
    #expect(SnapshotDecoder.tagIsRawValue(DocType.self))
    #expect(SnapshotDecoder.tagIsRawValue(ExposureTable.Kind.self))
    let encoder = SnapshotEncoder()
    encoder.column(ColumnArray<DocType>([.invoice, .creditNote, .openingBalance]))
    var bytes = encoder.bytes
    let good = try bytes.withUnsafeBytes { try SnapshotDecoder($0).enumColumn(DocType.self) }
    #expect(Array(good) == [.invoice, .creditNote, .openingBalance])
    // A byte that is no document type is refused, never read as one.
    bytes[bytes.count - 1] = 200
    #expect(throws: SnapshotDecoder.Failure.self) { try bytes.withUnsafeBytes { try SnapshotDecoder($0).enumColumn(DocType.self) } }
  }

  @Test func labelsReadInPlaceTakeAppendsBehindThem() throws {
    let words = (0..<1500).map { "INV-\($0)" } + ["", "é€"]
    let encoder = SnapshotEncoder()
    encoder.labels(LabelList(words))
    // The decoder reads in place only memory that someone keeps alive: `Owned` does.
    let owned = encoder.bytes.withUnsafeBytes { Owned($0) }
    var labels = try SnapshotDecoder(owned.bytes, keeper: owned).labels()
    #expect(labels.isMapped && labels.count == words.count && Array(labels) == words)
    labels.withUTF8(at: 1501) { #expect(Array($0) == Array("é€".utf8)) }
    labels.append("NEW")
    #expect(labels.isMapped && labels.last == "NEW" && labels.count == words.count + 1)
    var changed = labels
    changed.replaceSubrange(0..<1, with: ["FIRST"])
    #expect(!changed.isMapped && changed.first == "FIRST" && labels.first == "INV-0")
    #expect(labels == LabelList(words + ["NEW"]))
  }

  @Test func damagedLabelOffsetsAreRefused() {
    let encoder = SnapshotEncoder()
    encoder.labels(LabelList(["a", "bb", "ccc"]))
    var bytes = encoder.bytes
    // The second offset (after count and total, at 16 + 8) made larger than the third.
    bytes[24] = 9
    #expect(throws: SnapshotDecoder.Failure.self) { try bytes.withUnsafeBytes { try SnapshotDecoder($0).labels() } }
  }

  /// A copy of some bytes, aligned, alive as long as this object.
  final class Owned: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    init(_ source: UnsafeRawBufferPointer) {
      let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(source.count, 8), alignment: 64)
      pointer.copyMemory(from: source.baseAddress!, byteCount: source.count)
      bytes = UnsafeRawBufferPointer(start: pointer, count: source.count)
    }
    deinit { bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() } }
  }

  /// A zeroed column must read zero even in memory the heap hands back after a free: columns
  /// of 8 KB come from the heap's bins, where a block just freed (here full of -1) is reused.
  @Test("a zeroed column reads zero, in reused heap memory too, and takes writes")
  func zeroedColumn() {
    for _ in 0..<50 {
      var dirty = ColumnArray<Int64>(repeating: -1, count: 1_000)
      dirty[0] = -2
      dirty = ColumnArray()
      let column = ColumnArray<Int64>(zeroed: 1_000)
      #expect(column.count == 1_000 && column.allSatisfy { $0 == 0 })
    }
    var large = ColumnArray<Int64>(zeroed: 1_000_000)
    #expect(large.count == 1_000_000 && large.allSatisfy { $0 == 0 })
    large[999_999] = 5
    #expect(large[999_999] == 5 && large[0] == 0)
    #expect(ColumnArray<Int32>(zeroed: 0).isEmpty)
  }
}

/// Populating pages ahead of the writes must leave what they hold as it is: the record scan
/// and the labels populate regions next to memory in use.
@Suite("Page population")
struct PagePopulationTests {
  @Test("the bytes of a populated block, and of the pages around it, are unchanged")
  func keepsContents() {
    let count = 1 << 20
    let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count)
    defer { block.deallocate() }
    for i in 0..<count { block[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
    PagePopulation.populate(UnsafeMutableRawPointer(block.baseAddress! + 1000), byteCount: count - 5000)
    #expect((0..<count).allSatisfy { block[$0] == UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
  }
}
