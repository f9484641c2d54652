import Foundation

/// Drives a program in a real pseudo-terminal through tmux: send keys, read the screen.
final class Tmux {
  let name: String

  init(_ command: String, width: Int = 160, height: Int = 50) throws {
    name = "arql-test-\(UUID().uuidString.prefix(8))"
    try Tmux.keeper.get()
    // The shell prints the exit status when the program ends, and the pane stays to show it.
    // The first new-session forks the tmux server, which keeps every descriptor the client had.
    // Foundation's Process learns that a child ended when a socket the child holds closes, so a
    // server holding it would hang the test for ever: this one command is spawned with only
    // /dev/null on 0, 1 and 2 and nothing else open.
    try Tmux.spawnClean(["tmux", "-L", Tmux.socket, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                         "sh -c 'trap \"\" INT; \(command); echo arql-exit=$?; sleep 600'"])
  }

  deinit { _ = try? Tmux.tmux(["kill-session", "-t", name]) }

  /// A tmux server of this test process alone (its own socket, no user configuration).
  static let socket = "arql-test-\(ProcessInfo.processInfo.processIdentifier)"

  /// A session that lives as long as the test process. Without it the server exits when a
  /// test kills the last session, and a session the next test creates meanwhile dies with it
  /// (CI saw an empty screen and "the tmux session is gone" under load).
  static let keeper: Result<Void, Error> = Result {
    try Tmux.spawnClean(["tmux", "-L", Tmux.socket, "-f", "/dev/null", "new-session", "-d", "-s", "keeper",
                         "sh -c 'while kill -0 \(ProcessInfo.processInfo.processIdentifier) 2>/dev/null; do sleep 1; done'"])
  }

  @discardableResult
  static func tmux(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// Runs a command through `env` with stdin, stdout and stderr on /dev/null and every other
  /// descriptor closed (glibc's posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc
  /// module does not declare), and waits for it.
  static func spawnClean(_ arguments: [String]) throws {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
      throw SpawnError(message: "this C library has no posix_spawn_file_actions_addclosefrom_np")
    }
    let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    _ = addCloseFrom(&actions, 3)
    let argv = (["/usr/bin/env"] + arguments).map { strdup($0) }
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv + [nil], environ)
    guard spawned == 0 else { throw SpawnError(message: "posix_spawn failed: \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  }

  struct SpawnError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
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
    // An empty screen usually means the session is gone, not that the program printed nothing.
    let sessions = (try? Tmux.tmux(["list-sessions", "-F", "#{session_name}"])) ?? ""
    throw TmuxTimeout(screen: last, sessionAlive: sessions.split(separator: "\n").contains { $0 == name })
  }

  /// The exit status of the program once it has ended.
  func exitStatus(timeout: Double = 10) throws -> Int? {
    let screen = try wait(timeout: timeout) { $0.contains("arql-exit=") }
    guard let range = screen.range(of: "arql-exit=") else { return nil }
    return Int(screen[range.upperBound...].prefix { $0.isNumber })
  }

  struct TmuxTimeout: Error, CustomStringConvertible {
    let screen: String
    let sessionAlive: Bool
    var description: String {
      "timed out" + (sessionAlive ? "" : " (the tmux session is gone: its server was killed or crashed)") + "; the screen was:\n\(screen)"
    }
  }

  /// The last line that starts with the prompt, without trailing spaces (tmux trims them).
  static func promptLine(_ screen: String) -> String? {
    screen.split(separator: "\n").last { $0.hasPrefix("arql>") }.map { String($0).trimmingCharacters(in: .whitespaces) }
  }
}
