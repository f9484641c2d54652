import Foundation
import Testing

/// Runs the built `arql` executable, as a user would.
struct ArqlBinary {
  /// The result of one run.
  struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// The `arql` next to the test bundle (built by `swift build --build-tests`), or `ARQL_BIN`.
  static var path: String {
    if let explicit = ProcessInfo.processInfo.environment["ARQL_BIN"] { return explicit }
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var candidates = [bundle.appendingPathComponent("arql").path]
    // The xctest bundle may be a directory (macOS) or a file (Linux).
    candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("arql").path)
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug/arql").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
  }

  /// The repository root.
  static var root: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
  }

  /// Runs `arql` with the arguments, in `directory`, and waits.
  static func run(_ arguments: [String], in directory: String? = nil) throws -> Run {
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    return try execute(path, arguments, in: directory, environment: environment)
  }

  /// Runs a program and waits for it (at most `timeout` seconds): its status, stdout and stderr.
  static func execute(_ executable: String, _ arguments: [String], in directory: String? = nil,
                      environment: [String: String]? = nil, timeout: Double = 300) throws -> Run
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
    // Drain stderr on its own thread while stdout is read here: a child that fills one pipe
    // while the test waits on the other would otherwise block both for ever.
    let errReader = PipeReader(err)
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = errReader.wait()
    process.waitUntilExit()
    killer.cancel()
    return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
               stderr: String(decoding: errData, as: UTF8.self))
  }

  /// A fresh temporary folder.
  static func folder() -> String {
    let path = NSTemporaryDirectory() + "arql-e2e-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func write(_ text: String, to path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }
}

/// Reads a pipe to its end on a thread of its own.
final class PipeReader: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ pipe: Pipe) {
    let handle = pipe.fileHandleForReading
    Thread.detachNewThread { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  /// The pipe's whole content, once the writer has closed it.
  func wait() -> Data {
    done.wait()
    return data
  }
}
