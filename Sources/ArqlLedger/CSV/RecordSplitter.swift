/// Splits records into the fields a parse reads, for a block of records at a time: each read
/// field's text range goes to its slot, column after column (`starts[slot * stride + row]`), so
/// that the typed parse then runs one tight loop per column instead of switching on the type of
/// every field of every row.
///
/// A record without a quote (nearly all) is read eight bytes at a time: the delimiters of a word
/// come from one exact zero-byte mask, gathered into one bit mask per 64 bytes (`split`). A record
/// holding a quote goes through `FieldCursor`, which gives the same fields (RFC 4180 quoting,
/// spaces trimmed).
struct RecordSplitter {
  /// How a record split.
  struct Split {
    /// The number of fields in the record (all of them, also beyond the header's count); with
    /// a `failure`, the number read before it, so the failed field's index.
    var fields: Int
    /// A quoting problem; the fields before it are in their slots.
    var failure: FieldCursor.Failure?
  }

  /// Records per block.
  let capacity: Int
  /// From one slot to the next: a block's rows and two cache lines more, so that a record's
  /// fields do not all fall in the same few sets of the first-level cache (a power-of-two
  /// stride put them there).
  let stride: Int
  let delimiter: UInt8
  let fieldCount: Int
  /// The slot of each of the header's fields, -1 for a field no plan reads.
  let slotOfField: [Int]
  private let trimTabs: Bool
  /// Per slot and row: the start of the field's text.
  let starts: UnsafeMutablePointer<Int>
  /// Per slot and row: the byte count, or `~count` when the text holds doubled quotes.
  let counts: UnsafeMutablePointer<Int32>

  init(capacity: Int, delimiter: UInt8, slotOfField: [Int]) {
    self.capacity = capacity
    self.stride = capacity + 16
    self.delimiter = delimiter
    self.fieldCount = slotOfField.count
    self.slotOfField = slotOfField
    self.trimTabs = delimiter != 9
    let slots = max(1, (slotOfField.max() ?? -1) + 1)
    starts = .allocate(capacity: slots * stride)
    counts = .allocate(capacity: slots * stride)
  }

  /// Frees the slots; the splitter is not used afterwards.
  func deallocate() {
    starts.deallocate()
    counts.deallocate()
  }

  @inline(__always)
  private func isSpace(_ c: UInt8) -> Bool { c == 32 || (c == 9 && trimTabs) }

  /// Bytes equal to `byte` in `word`: 0x80 in each such byte, 0 elsewhere (exact, unlike the
  /// borrow trick, so that every match in a word can be taken in turn).
  @inline(__always)
  static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
    let x = word ^ pattern
    let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
    return ~(((x & low) &+ low) | x | low)
  }

  /// Trims the spaces (and tabs, unless they delimit) around the first `fields` fields of block
  /// row `row`: only for records holding a byte below 33.
  private func trim(_ p: UnsafePointer<UInt8>, fields: Int, row: Int) {
    for k in 0..<min(fields, fieldCount) {
      let slot = slotOfField[k]
      guard slot >= 0 else { continue }
      let i = slot * stride + row
      var a = starts[i]
      var b = a + Int(counts[i])
      guard b > a && (isSpace(p[a]) || isSpace(p[b - 1])) else { continue }
      while a < b && isSpace(p[a]) { a += 1 }
      while b > a && isSpace(p[b - 1]) { b -= 1 }
      starts[i] = a
      counts[i] = Int32(b - a)
    }
  }

  /// One bit per byte of `matches`' result: the byte flags (0x80) of a word gathered into its low
  /// eight bits, the first byte lowest. Each flag lands on bit 56 + its byte by one
  /// multiplication (the other products fall below bit 56 or past bit 63, on distinct bits).
  @inline(__always)
  static func gather(_ flags: UInt64) -> UInt64 { (flags &* 0x0002_0408_1020_4081) &>> 56 }

  /// Splits the record `[start, end)` into block row `row`.
  ///
  /// The delimiters of each 64 bytes are first gathered into one bit mask (eight words, each
  /// at its own fixed place in the mask), then the fields are taken from the mask: the loop over
  /// the fields then runs as many times as the record has fields (the same for every row of a
  /// file, which the branch predictor learns), where a loop per word ended on a number of
  /// delimiters that changed from word to word. Quotes and bytes below 33 are noted for the
  /// whole record at once.
  @inline(__always)
  func split(_ p: UnsafePointer<UInt8>, start: Int, end: Int, row: Int) -> Split {
    guard end - start < Int(Int32.max) else { return splitQuoted(p, start: start, end: end, row: row) }
    let delimiters = UInt64(delimiter) &* 0x0101_0101_0101_0101
    let ones = 0x0101_0101_0101_0101 as UInt64
    let quotes = 0x2222_2222_2222_2222 as UInt64
    let below33 = 33 &* ones
    let starts = self.starts
    let counts = self.counts
    var k = 0
    var fieldStart = start
    // Bit 7 of a byte of `quoteBits` or `spaceBits` is set when some word held a quote or a byte
    // below 33 (the zero-byte test, exact for a word as a whole, gathered by OR).
    var quoteBits: UInt64 = 0
    var spaceBits: UInt64 = 0
    @inline(__always)
    func delimiterBits(_ word: UInt64) -> UInt64 {
      let x = word ^ quotes
      quoteBits |= (x &- ones) & ~x
      spaceBits |= (word &- below33) & ~word
      return RecordSplitter.gather(RecordSplitter.matches(word, delimiters))
    }
    @inline(__always)
    func load(_ at: Int) -> UInt64 { UnsafeRawPointer(p + at).loadUnaligned(as: UInt64.self) }
    /// Field `k` ends at `at`: stored in its slot when a plan reads it; the next starts after.
    @inline(__always)
    func endField(at: Int) {
      if k < fieldCount {
        let slot = slotOfField.withUnsafeBufferPointer { $0[k] }
        if slot >= 0 {
          let i = slot &* stride &+ row
          starts[i] = fieldStart
          counts[i] = Int32(truncatingIfNeeded: at &- fieldStart)  // the record is shorter than 2 GB
        }
      }
      k &+= 1
      fieldStart = at &+ 1
    }
    @inline(__always)
    func takeFields(_ mask: UInt64, at chunk: Int) {
      var mask = mask
      while mask != 0 {
        endField(at: chunk &+ mask.trailingZeroBitCount)
        mask &= mask &- 1
      }
    }
    var chunk = start
    while chunk &+ 64 <= end {
      var mask = delimiterBits(load(chunk))
      mask |= delimiterBits(load(chunk &+ 8)) &<< 8
      mask |= delimiterBits(load(chunk &+ 16)) &<< 16
      mask |= delimiterBits(load(chunk &+ 24)) &<< 24
      mask |= delimiterBits(load(chunk &+ 32)) &<< 32
      mask |= delimiterBits(load(chunk &+ 40)) &<< 40
      mask |= delimiterBits(load(chunk &+ 48)) &<< 48
      mask |= delimiterBits(load(chunk &+ 56)) &<< 56
      takeFields(mask, at: chunk)
      chunk &+= 64
    }
    // The last bytes, fewer than 64: whole words, then the last eight bytes of the record, of
    // which those already read drop their delimiter bits (their quote and space flags count
    // again, harmlessly).
    var mask: UInt64 = 0
    var d = chunk
    while d &+ 8 <= end {
      mask |= delimiterBits(load(d)) &<< UInt64(d &- chunk)
      d &+= 8
    }
    if d < end {
      if end &- start >= 8 {
        mask |= (delimiterBits(load(end &- 8)) &>> UInt64(8 &- (end &- d))) &<< UInt64(d &- chunk)
      } else {
        while d < end {
          let c = p[d]
          if c == delimiter {
            mask |= 1 &<< UInt64(d &- chunk)
          } else if c == 34 {
            quoteBits = 0x80
          } else if c < 33 {
            spaceBits = 0x80
          }
          d &+= 1
        }
      }
    }
    takeFields(mask, at: chunk)
    guard quoteBits & 0x8080_8080_8080_8080 == 0 else { return splitQuoted(p, start: start, end: end, row: row) }
    endField(at: end)
    if spaceBits & 0x8080_8080_8080_8080 != 0 { trim(p, fields: k, row: row) }
    return Split(fields: k, failure: nil)
  }

  /// A record holding a quote, field by field.
  private func splitQuoted(_ p: UnsafePointer<UInt8>, start: Int, end: Int, row: Int) -> Split {
    var cursor = FieldCursor(start: start, end: end, delimiter: delimiter)
    var k = 0
    do throws(FieldCursor.Failure) {
      while k < fieldCount, let field = try cursor.next(p) {
        let slot = slotOfField[k]
        if slot >= 0 {
          let i = slot * stride + row
          starts[i] = field.start
          let count = Int32(clamping: field.count)
          counts[i] = field.escaped ? ~count : count
        }
        k += 1
      }
    } catch {
      return Split(fields: k, failure: error)
    }
    guard k == fieldCount && !cursor.done else { return Split(fields: k, failure: nil) }
    // More fields than the header: counted up to the first that cannot be read.
    while (try? cursor.next(p)) != nil { k += 1 }
    return Split(fields: k, failure: nil)
  }
}
