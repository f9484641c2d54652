import Foundation

/// Drives a program in a real pseudo-terminal through tmux: send keys, read the screen.
final class Tmux {
  let name: String

  init(_ command: String, width: Int = 160, height: Int = 50) throws {
    name = "arql-test-\(UUID().uuidString.prefix(8))"
    // The shell prints the exit status when the program ends, and the pane stays to show it.
    // No pipe here: the first new-session forks the tmux server, which keeps the client's
    // stdout and stderr; a pipe would then never reach end-of-file and the test would hang.
    try Tmux.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "sh -c 'trap \"\" INT; \(command); echo arql-exit=$?; sleep 600'"],
                  readOutput: false)
  }

  deinit { _ = try? Tmux.tmux(["kill-session", "-t", name]) }

  /// A tmux server of this test process alone (its own socket, no user configuration); it
  /// exits by itself when its last session is killed.
  static let socket = "arql-test-\(ProcessInfo.processInfo.processIdentifier)"

  @discardableResult
  static func tmux(_ arguments: [String], readOutput: Bool = true) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard readOutput else {
      process.standardOutput = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      return ""
    }
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  /// Types text (literally) or named keys (`Enter`, `Tab`, `Up`, `C-c`, `C-d`).
  func send(_ keys: String..., literal: Bool = false) throws {
    try Tmux.tmux(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
  }

  func type(_ text: String) throws { try send(text, literal: true) }

  /// The visible screen.
  func screen() throws -> String { try Tmux.tmux(["capture-pane", "-p", "-t", name]) }

  /// Waits until the screen satisfies `condition`; returns the screen.
  @discardableResult
  func wait(timeout: Double = 30, _ condition: (String) -> Bool) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    while Date() < deadline {
      last = try screen()
      if condition(last) { return last }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw TmuxTimeout(screen: last)
  }

  /// The exit status of the program once it has ended.
  func exitStatus(timeout: Double = 10) throws -> Int? {
    let screen = try wait(timeout: timeout) { $0.contains("arql-exit=") }
    guard let range = screen.range(of: "arql-exit=") else { return nil }
    return Int(screen[range.upperBound...].prefix { $0.isNumber })
  }

  struct TmuxTimeout: Error, CustomStringConvertible {
    let screen: String
    var description: String { "timed out; the screen was:\n\(screen)" }
  }

  /// The last line that starts with the prompt, without trailing spaces (tmux trims them).
  static func promptLine(_ screen: String) -> String? {
    screen.split(separator: "\n").last { $0.hasPrefix("arql>") }.map { String($0).trimmingCharacters(in: .whitespaces) }
  }
}
