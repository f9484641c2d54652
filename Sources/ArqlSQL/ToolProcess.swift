import Foundation

/// Runs an engine's command-line tool once: arguments, environment additions and standard
/// input in; exit status, standard output and standard error out.
struct ToolProcess {
  let executable: String
  let arguments: [String]
  var environment: [String: String] = [:]
  /// Where the tool runs (Spark writes its metastore and logs there); nil: arql's own.
  var workingDirectory: String? = nil

  struct Output {
    var status: Int32
    var stdout: Data
    var stderr: String
  }

  /// Bytes read by a reader thread; the group's wait orders its write before the read.
  private final class Collected: @unchecked Sendable {
    var data = Data()
  }

  /// The path of `name` on PATH, or nil.
  static func find(_ name: String) -> String? {
    if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = folder + "/" + name
      if FileManager.default.isExecutableFile(atPath: String(candidate)) { return String(candidate) }
    }
    return nil
  }

  /// Runs the tool with `input` on its standard input.
  func run(input: String) throws(EngineFailure) -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
    let inPipe = Pipe()
    let outPipe = Pipe()
    let errPipe = Pipe()
    process.standardInput = inPipe
    process.standardOutput = outPipe
    process.standardError = errPipe
    do {
      try process.run()
    } catch {
      throw EngineFailure("cannot start \(executable): \(error.localizedDescription)")
    }
    // Read both pipes while writing, so a large result cannot block the tool.
    let out = Collected()
    let err = Collected()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { out.data = outPipe.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { err.data = errPipe.fileHandleForReading.readDataToEndOfFile() }
    let writer = inPipe.fileHandleForWriting
    // A tool that stops reading (it failed to connect) makes the write fail, not the process.
    // SIGPIPE is held off while writing, so that failure is an error the caller reads.
    let previous = signal(SIGPIPE, SIG_IGN)
    try? writer.write(contentsOf: Data(input.utf8))
    try? writer.close()
    signal(SIGPIPE, previous)
    process.waitUntilExit()
    group.wait()
    return Output(status: process.terminationStatus, stdout: out.data, stderr: String(decoding: err.data, as: UTF8.self))
  }
}
