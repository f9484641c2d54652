import Foundation

/// Where the shell writes: results to `out`, diagnostics and timings to `err`.
public struct ShellOutput {
  public var out: (String) -> Void
  public var err: (String) -> Void

  public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
    self.out = out
    self.err = err
  }

  /// Results on stdout, diagnostics on stderr.
  public static var standard: ShellOutput {
    ShellOutput(out: { print($0) }, err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
  }
}
