/// The character sets the loaders read. Everything is turned into UTF-8 before parsing.
public enum TextEncoding: String, Sendable, Equatable, CustomStringConvertible {
  /// UTF-8 when the bytes are valid UTF-8, else ISO-8859-15 (reported in the load summary).
  case auto
  /// UTF-8, with or without a byte-order mark; invalid bytes are an error.
  case utf8
  /// ISO-8859-15 (Latin-9, the Western European 8-bit set with €).
  case latin9

  /// Reads a user's encoding name.
  public init?(name: String) {
    switch name.trimmingSpaces.lowercased() {
    case "auto": self = .auto
    case "utf8", "utf-8": self = .utf8
    case "latin9", "latin-9", "iso-8859-15", "iso8859-15", "iso885915", "latin1", "latin-1", "iso-8859-1",
      "cp1252", "windows-1252":
      self = .latin9
    default: return nil
    }
  }

  public var description: String {
    switch self {
    case .auto: return "auto"
    case .utf8: return "UTF-8"
    case .latin9: return "ISO-8859-15"
    }
  }

  /// What no text file holds, found by `firstProblem`.
  enum TextProblem: Equatable {
    /// A byte that is not part of valid UTF-8.
    case invalidUTF8
    /// A NUL byte: a binary file, or UTF-16 without its byte-order mark.
    case nul
    /// A byte-order mark (U+FEFF) after the start: two files joined.
    case byteOrderMark
  }

  /// The first byte that is not valid UTF-8 text: invalid UTF-8, a NUL, or a byte-order mark
  /// (the caller drops a leading one). One pass, ASCII eight bytes at a time.
  /// - Returns: its offset and what it is, or `nil` when the whole buffer is text.
  static func firstProblem(_ p: UnsafePointer<UInt8>, _ n: Int) -> (offset: Int, problem: TextProblem)? {
    var i = 0
    while i < n {
      // Skip ASCII without a zero byte 32 bytes, then eight bytes at a time.
      while i + 32 <= n {
        let raw = UnsafeRawPointer(p + i)
        let a = raw.loadUnaligned(as: UInt64.self)
        let b = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let c = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        let d = raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        let ones = 0x0101_0101_0101_0101 as UInt64
        let zero = ((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c) | ((d &- ones) & ~d)
        guard (a | b | c | d | zero) & 0x8080_8080_8080_8080 == 0 else { break }
        i += 32
      }
      while i + 8 <= n {
        let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
        let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
        guard word & 0x8080_8080_8080_8080 == 0 && hasZero == 0 else { break }
        i += 8
      }
      guard i < n else { break }
      let c = p[i]
      if c < 0x80 {
        if c == 0 { return (i, .nul) }
        i += 1
        continue
      }
      let length: Int
      var minimum: UInt32
      var scalar: UInt32
      switch c {
      case 0xC2...0xDF: length = 2; scalar = UInt32(c & 0x1F); minimum = 0x80
      case 0xE0...0xEF: length = 3; scalar = UInt32(c & 0x0F); minimum = 0x800
      case 0xF0...0xF4: length = 4; scalar = UInt32(c & 0x07); minimum = 0x10000
      default: return (i, .invalidUTF8)
      }
      guard i + length <= n else { return (i, .invalidUTF8) }
      for k in 1..<length {
        let b = p[i + k]
        guard b & 0xC0 == 0x80 else { return (i, .invalidUTF8) }
        scalar = scalar << 6 | UInt32(b & 0x3F)
      }
      if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return (i, .invalidUTF8) }
      if scalar == 0xFEFF { return (i, .byteOrderMark) }
      i += length
    }
    return nil
  }

  /// Transcodes ISO-8859-15 bytes to UTF-8.
  static func latin9ToUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(n + n / 8)
    for i in 0..<n {
      let c = p[i]
      if c < 0x80 {
        out.append(c)
        continue
      }
      let scalar: UInt32
      switch c {
      case 0xA4: scalar = 0x20AC  // €
      case 0xA6: scalar = 0x0160  // Š
      case 0xA8: scalar = 0x0161  // š
      case 0xB4: scalar = 0x017D  // Ž
      case 0xB8: scalar = 0x017E  // ž
      case 0xBC: scalar = 0x0152  // Œ
      case 0xBD: scalar = 0x0153  // œ
      case 0xBE: scalar = 0x0178  // Ÿ
      default: scalar = UInt32(c)
      }
      if scalar < 0x800 {
        out.append(UInt8(0xC0 | scalar >> 6))
        out.append(UInt8(0x80 | scalar & 0x3F))
      } else {
        out.append(UInt8(0xE0 | scalar >> 12))
        out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
      }
    }
    return out
  }
}
