import Dispatch
import Foundation

/// A ledger saved as it is in memory (DESIGN.md §4), to re-open in a fraction of a load: the
/// file is mapped and its columns are read in place, nothing is parsed or copied.
///
/// Layout: `ARQLSNAP`, the format version (UInt32), 4 reserved bytes, the header's length and
/// checksum (UInt64 each), the header (what the ledger was read from, the load report, and per
/// section of the payload its length, shape hash and checksum), then the payload: the ledger's
/// tables, application index and list of tables loaded, one section each (`SnapshotSections`).
/// The header and every section are padded to a multiple of 8 bytes and every column inside a
/// section starts at a multiple of 8, so columns are aligned in the mapped file. A file that
/// is not a snapshot, of another format version, truncated or damaged is refused with a
/// `LoadError` that says which; nothing of it is used.
public enum SnapshotFile {
  /// The usual file extension.
  public static let fileExtension = "arqlsnap"
  /// The name of the snapshot kept in a ledger folder (`arql snapshot FOLDER`).
  public static let folderFileName = "ledger.arqlsnap"
  static let magic = Array("ARQLSNAP".utf8)
  /// Bumped when the layout changes (the payload's shape is checked by its hash as well).
  /// Version 2: aligned columns read in place, labels with offsets, checksums by chunk.
  public static let formatVersion: UInt32 = 2
  static let fixedBytes = 32

  /// What a snapshot says about itself, read before its payload.
  public struct Header: Sendable, Codable {
    /// When it was written (seconds since 1970).
    public var created: Double
    /// The ledger folder or file it was read from (absolute).
    public var ledger: String
    /// The load options it was read with, in canonical text (`LoadOptions.fingerprint`).
    public var options: String
    /// The files read, as they were.
    public var sources: [SourceStamp]
    /// The load report's tables and ignored files.
    public var tables: [LoadReport.TableReport]
    public var ignoredFiles: [String]
    /// The payload's sections (tables, application index, tables loaded): length, shape hash, checksum.
    var sections: [SnapshotSections.Entry]

    /// The first source that changed since the snapshot was written, said in words.
    public var staleness: String? { sources.lazy.compactMap(\.change).first }
  }

  /// Whether the file at `path` starts like a snapshot.
  public static func detect(path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: magic.count)).map { [UInt8]($0) == magic } ?? false
  }

  /// Writes `ledger` to `path`: to a temporary file beside it, then renamed, so a reader never
  /// sees half a snapshot.
  /// - Returns: the bytes written.
  @discardableResult
  public static func write(_ ledger: Ledger, report: LoadReport, ledgerPath: String, options: LoadOptions, sources: [String],
                           to path: String) throws -> Int {
    let sections = try SnapshotSections.encodeAll(ledger)
    for section in sections { section.align() }
    let sums = SnapshotSections.checksums(sections.map { $0.bytes })
    let absolute = ledgerPath.hasPrefix("/") ? ledgerPath : FileManager.default.currentDirectoryPath + "/" + ledgerPath
    let header = Header(
      created: Date().timeIntervalSince1970, ledger: (absolute as NSString).standardizingPath, options: options.fingerprint,
      sources: sources.compactMap { SourceStamp.current($0) }, tables: report.tables, ignoredFiles: report.ignoredFiles,
      sections: zip(sections, sums).map { e, sum in SnapshotSections.Entry(bytes: UInt64(e.bytes.count), schema: e.schema, checksum: sum) })
    let head = SnapshotEncoder()
    try head.write(header)
    // The payload starts at a multiple of 8 (the fixed bytes are 32).
    head.align()
    let front = SnapshotEncoder()
    for byte in magic { front.raw(byte) }
    front.raw(formatVersion)
    front.raw(UInt32(0))
    front.raw(UInt64(head.bytes.count))
    front.raw(head.bytes.withUnsafeBytes { checksum($0) })
    try AtomicFile.write(to: path, parts: [front.bytes, head.bytes] + sections.map(\.bytes), durable: false)
    return front.bytes.count + head.bytes.count + sections.reduce(0) { $0 + $1.bytes.count }
  }

  /// Reads only the header (to decide whether the snapshot is fresh before reading the rest).
  public static func header(path: String) throws(LoadError) -> Header {
    let mapping = try SnapshotMapping(path: path)
    return try withExtendedLifetime(mapping) { () throws(LoadError) -> Header in try readHeader(mapping.bytes, path: path).0 }
  }

  /// Opens a snapshot: header, payload, checksums and the ledger's own consistency (`SnapshotSections.decodeAll`). The
  /// ledger's columns read the mapped file, which stays mapped while any of them is alive.
  public static func read(path: String) throws(LoadError) -> (Ledger, Header) {
    let mapping = try SnapshotMapping(path: path)
    let bytes = mapping.bytes
    let (header, payloadStart) = try readHeader(bytes, path: path)
    let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart...])
    let ledger: Ledger
    do throws(SnapshotDecoder.Failure) {
      ledger = try SnapshotSections.decodeAll(payload, header.sections, keeper: mapping)
    } catch {
      throw damaged(path, error.message)
    }
    return (ledger, header)
  }

  /// Opens snapshot bytes as if their sections' checksums held: the checksums are computed
  /// again first. This is what a file made by hand looks like to arql (a checksum is no
  /// protection against one), so the fuzzer and the tests use it to show that the checks after
  /// the checksums keep every such file from crashing arql.
  static func openResealed(_ bytes: [UInt8]) throws -> Ledger {
    // Aligned memory that lives as long as the ledger's columns read it.
    let copy = AlignedBytes(bytes)
    let (header, payloadStart) = try readHeader(copy.bytes, path: "fuzz.arqlsnap")
    let payload = UnsafeRawBufferPointer(rebasing: copy.bytes[payloadStart...])
    var entries = header.sections
    for (k, sum) in SnapshotVerifier.verify(try SnapshotSections.slices(payload, entries)).sums.enumerated() { entries[k].checksum = sum }
    return try SnapshotSections.decodeAll(payload, entries, keeper: copy)
  }

  /// A copy of some bytes at an address aligned for any column.
  final class AlignedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    init(_ source: [UInt8]) {
      let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(source.count, 8), alignment: 64)
      source.withUnsafeBytes { if let base = $0.baseAddress { pointer.copyMemory(from: base, byteCount: source.count) } }
      bytes = UnsafeRawBufferPointer(start: pointer, count: source.count)
    }
    deinit { bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() } }
  }

  static func damaged(_ path: String, _ why: String) -> LoadError {
    LoadError(.damagedSnapshot, "the snapshot \(path) cannot be used: \(why)", file: path,
              notes: ["write it again with `arql snapshot LEDGER \(path)`, or open the ledger's folder"])
  }

  static func readHeader(_ bytes: UnsafeRawBufferPointer, path: String) throws(LoadError) -> (Header, Int) {
    guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
      throw LoadError(.unreadable, "\(path) is not an arql snapshot", file: path,
                      notes: ["a snapshot is written by `arql snapshot LEDGER OUT.\(fileExtension)`"])
    }
    let front = SnapshotDecoder(UnsafeRawBufferPointer(rebasing: bytes[magic.count...]))
    let version: UInt32
    let length: UInt64
    let sum: UInt64
    do throws(SnapshotDecoder.Failure) {
      version = try front.raw(UInt32.self)
      _ = try front.raw(UInt32.self)
      length = try front.raw(UInt64.self)
      sum = try front.raw(UInt64.self)
    } catch {
      throw damaged(path, "its header is cut short")
    }
    guard version == formatVersion else {
      throw damaged(path, "it is in snapshot format \(version); this arql reads format \(formatVersion)")
    }
    guard length <= UInt64(bytes.count - fixedBytes) else { throw damaged(path, "its header is cut short") }
    let head = UnsafeRawBufferPointer(rebasing: bytes[fixedBytes..<(fixedBytes + Int(length))])
    guard checksum(head) == sum else { throw damaged(path, "its header does not match its checksum") }
    // The payload's columns are read in place: it starts at a multiple of 8.
    guard (fixedBytes + Int(length)) % 8 == 0 else { throw damaged(path, "its header is not padded (it was not written by this version of arql)") }
    do {
      let header = try SnapshotDecoder(head).read(Header.self)
      return (header, fixedBytes + Int(length))
    } catch {
      throw damaged(path, "its header cannot be read (\(error))")
    }
  }

  /// A 64-bit checksum, eight bytes a step (four independent lanes, so it runs at memory speed).
  static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5)
    let prime: UInt64 = 0xFF51_AFD7_ED55_8CCD
    var i = 0
    let n = bytes.count
    guard let base = bytes.baseAddress else { return 0 }
    while i + 32 <= n {
      lanes.0 = (lanes.0 ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime
      lanes.1 = (lanes.1 ^ base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* prime
      lanes.2 = (lanes.2 ^ base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* prime
      lanes.3 = (lanes.3 ^ base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* prime
      lanes.0 ^= lanes.0 >> 31
      lanes.1 ^= lanes.1 >> 31
      lanes.2 ^= lanes.2 >> 31
      lanes.3 ^= lanes.3 >> 31
      i += 32
    }
    var h = lanes.0 ^ (lanes.1 &* 3) ^ (lanes.2 &* 5) ^ (lanes.3 &* 7) ^ UInt64(n)
    while i < n {
      h = (h ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* prime
      i += 1
    }
    return h ^ (h >> 29)
  }
}
