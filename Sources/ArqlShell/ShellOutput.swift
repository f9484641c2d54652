/// Where the shell writes: results to `out`, diagnostics and timings to `err`.
public struct ShellOutput {
  public var out: (String) -> Void
  public var err: (String) -> Void

  public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
    self.out = out
    self.err = err
  }
}
