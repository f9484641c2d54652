/// Where the shell gets its lines: libedit on a terminal, plain reads otherwise, a list in tests.
public protocol LineReader: AnyObject {
  /// The next line (without its line break); `.interrupted` after Ctrl-C at the prompt,
  /// `.end` at the end of input (Ctrl-D).
  func readLine(prompt: String) -> LineReadResult
  /// Records a complete statement in the history (and saves the history file).
  func addHistory(_ entry: String)
  /// Whether a person is typing (prompts, continuation, echo of definitions).
  var isInteractive: Bool { get }
}

/// One read.
public enum LineReadResult: Equatable, Sendable {
  case line(String)
  case interrupted
  case end
}

/// Lines from a list: for tests and for text piped in.
public final class ScriptedLineReader: LineReader {
  private var lines: [String]
  public private(set) var history: [String] = []
  public private(set) var prompts: [String] = []
  public let isInteractive: Bool

  public init(_ lines: [String], interactive: Bool = false) {
    self.lines = lines
    self.isInteractive = interactive
  }

  public func readLine(prompt: String) -> LineReadResult {
    prompts.append(prompt)
    guard !lines.isEmpty else { return .end }
    let line = lines.removeFirst()
    return line == "\u{3}" ? .interrupted : .line(line)
  }

  public func addHistory(_ entry: String) { history.append(entry) }
}

/// Standard input without a terminal: no prompt, no history.
public final class PlainLineReader: LineReader {
  public init() {}
  public var isInteractive: Bool { false }
  public func readLine(prompt: String) -> LineReadResult {
    guard let line = Swift.readLine(strippingNewline: true) else { return .end }
    return .line(line)
  }
  public func addHistory(_ entry: String) {}
}
