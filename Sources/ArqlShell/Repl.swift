/// The read-eval-print loop over a line reader: prompts, continuation lines, one history
/// entry per statement, Ctrl-C clears the line, Ctrl-D (or `.quit`) leaves.
public enum Repl {
  public static let prompt = "arql> "
  public static let continuation = "   ...> "

  /// Runs until the end of input; returns the exit status (0 unless interrupted mid-statement).
  public static func run(_ session: Session, reader: LineReader) -> ExitStatus {
    var statement: [String] = []
    while true {
      switch reader.readLine(prompt: session.isContinuing ? continuation : prompt) {
      case .end:
        if session.isContinuing {
          // Ctrl-D after an unfinished statement runs it as typed (and reports what is missing).
          session.finishPending()
        }
        return .ok
      case .interrupted:
        session.cancelPending()
        statement = []
      case .line(let line):
        statement.append(line)
        switch session.handle(line: line) {
        case .quit:
          return .ok
        case .needsMore:
          continue
        case .done, .failed:
          let entry = statement.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
          if !entry.isEmpty { reader.addHistory(entry) }
          statement = []
          session.resetStatus()
        }
      }
    }
  }
}
