import Foundation
import Testing

/// The module arrows of DESIGN.md §2 that the compiler cannot check alone.
@Suite("Module boundaries")
struct ModuleBoundaryTests {
  @Test("the arql executable imports only the shell (and the line-editor shim, argument parsing, the system)")
  func thinExecutable() throws {
    let folder = ArqlBinary.root + "/Sources/arql"
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
    #expect(!files.isEmpty)
    let allowed: Set<String> = ["ArqlShell", "CLibEdit", "ArgumentParser", "Foundation", "Glibc", "Synchronization"]
    for file in files {
      let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
      for line in text.split(separator: "\n") where line.hasPrefix("import ") {
        let module = String(line.dropFirst("import ".count)).trimmingCharacters(in: .whitespaces)
        #expect(allowed.contains(module), "\(file) imports \(module)")
      }
    }
  }

  @Test("one did-you-mean helper and one CSV-options reader: no second copy in another module")
  func noCopies() throws {
    let sources = ArqlBinary.root + "/Sources"
    let enumerator = FileManager.default.enumerator(atPath: sources)
    var levenshtein: [String] = []
    var delimiterParsers: [String] = []
    while let path = enumerator?.nextObject() as? String {
      guard path.hasSuffix(".swift") else { continue }
      let text = try String(contentsOfFile: sources + "/" + path, encoding: .utf8)
      if text.contains("func distance(_ a: String, _ b: String)") { levenshtein.append(path) }
      if text.contains("[44, 59, 124, 9].contains") { delimiterParsers.append(path) }
    }
    #expect(levenshtein == ["ArqlSupport/DidYouMean.swift"])
    #expect(delimiterParsers == ["ArqlLedger/CSV/CSVOptions+Setting.swift"])
  }
}
