import Testing
@testable import ArqlLedger

/// The cursor looks for the delimiter eight bytes at a time; fields must come out as a plain
/// split gives them, wherever the delimiter falls in a word and whatever the bytes around it.
@Suite("Field cursor")
struct FieldCursorTests {
  @Test("fields of 0 to 20 bytes split as a plain split does", arguments: [UInt8(44), 59, 9, 124])
  func splitsLikeAPlainSplit(delimiter: UInt8) throws {
    var generator = SplitMix64(seed: UInt64(delimiter))
    // Any byte but the delimiter, a quote, a space, a tab or a line break (those have rules of their own).
    let excluded: Set<UInt8> = [delimiter, 34, 32, 9, 10, 13]
    var mismatches: [String] = []
    for _ in 0..<5_000 {
      let fields = (0..<(1 + Int(generator.next() % 8))).map { _ in
        (0..<Int(generator.next() % 21)).map { _ -> UInt8 in
          var byte = UInt8(truncatingIfNeeded: generator.next())
          while excluded.contains(byte) { byte &+= 1 }
          return byte
        }
      }
      let record = Array(fields.joined(separator: [delimiter]))
      let got: [[UInt8]] = try record.withUnsafeBufferPointer { buffer in
        guard let p = buffer.baseAddress else { return [[]] }
        var cursor = FieldCursor(start: 0, end: buffer.count, delimiter: delimiter)
        var out: [[UInt8]] = []
        while let field = try cursor.next(p) { out.append(Array(buffer[field.start..<field.start + field.count])) }
        return out
      }
      if got != fields { mismatches.append("\(fields) → \(got)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
  }
}
