import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Shows a long result one page at a time: `$PAGER`, else `less -FRSX` (quits at once when the
/// text fits, keeps colours, long lines not wrapped), the way psql and git do.
enum Pager {
  /// Pages `text`; false when no pager could run (the caller prints it instead).
  static func page(_ text: String) -> Bool {
    let environment = ProcessInfo.processInfo.environment
    let given = environment["PAGER"].map { $0.trimmingCharacters(in: .whitespaces) }
    let hasLess = ["/usr/bin/less", "/bin/less", "/usr/local/bin/less"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    guard let command = given ?? (hasLess ? "less -FRSX" : nil), !command.isEmpty, command != "cat" else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "exec " + command]
    let input = Pipe()
    process.standardInput = input
    do {
      try process.run()
    } catch {
      return false
    }
    // A pager left before reading everything closes the pipe: no SIGPIPE for arql then.
    let previous = signal(SIGPIPE, SIG_IGN)
    try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    try? input.fileHandleForWriting.close()
    signal(SIGPIPE, previous)
    process.waitUntilExit()
    // 127: the shell found no such command.
    return process.terminationReason == .exit && process.terminationStatus != 127
  }
}
