import ArqlShell
import CLibEdit
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Set by the SIGINT handler; tells Ctrl-C from Ctrl-D when readline returns nothing.
let interruptReceived = Atomic<Bool>(false)
/// In the REPL, Ctrl-C without a query clears the line instead of leaving.
let replActive = Atomic<Bool>(false)
/// The running query's cancellation flag (the handler cancels it).
nonisolated(unsafe) var activeCancellation: CancelHandle?
/// The completer the C callback asks.
nonisolated(unsafe) var activeCompleter: Completer?
private let pendingMatches = Mutex<[String]>([])

private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
  guard let next = pendingMatches.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return nil }
  return strdup(next)  // libedit frees it
}

private let attemptedCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
  text, start, end in
  let buffer = arql_rl_line_buffer().map { String(cString: $0) } ?? ""
  let point = Int(arql_rl_point())
  let before = String(decoding: Array(buffer.utf8).prefix(point), as: UTF8.self)
  guard let completer = activeCompleter else { return nil }
  switch completer.complete(before: before) {
  case .fileName:
    arql_rl_set_attempted_over(0)  // let libedit complete file names
    return nil
  case .words(let words):
    arql_rl_set_attempted_over(1)
    guard !words.isEmpty else { return nil }
    pendingMatches.withLock { $0 = words }
    return rl_completion_matches(text, completionGenerator)
  }
}

/// Installs the SIGINT handler: Ctrl-C cancels the running query, or clears the line.
func installInterruptHandler() {
  signal(SIGINT) { _ in
    interruptReceived.store(true, ordering: .relaxed)
    if let flag = activeCancellation {
      flag.cancel()
    } else if !replActive.load(ordering: .relaxed) {
      _exit(130)  // nothing to cancel (loading a ledger): stop at once
    }
  }
  // libedit may return with SIGINT still blocked: unblock it, or Ctrl-C waits for the next prompt.
  var set = sigset_t()
  sigemptyset(&set)
  sigaddset(&set, SIGINT)
  sigprocmask(SIG_UNBLOCK, &set, nil)
}

/// Line editing, history and completion from libedit, for a terminal.
final class LibEditLineReader: LineReader {
  let historyPath: String
  let isInteractive = true

  init(historyPath: String, completer: Completer) {
    self.historyPath = historyPath
    activeCompleter = completer
    arql_rl_set_readline_name("arql")
    arql_rl_set_word_breaks(" \t\n(),=<>")
    arql_rl_set_append_character(32)
    arql_rl_set_completion(attemptedCompletion)
    _ = rl_initialize()
    stifle_history(2000)
    _ = read_history(historyPath)
  }

  func readLine(prompt: String) -> LineReadResult {
    interruptReceived.store(false, ordering: .relaxed)
    let result = readline(prompt)
    // libedit puts back the handlers it found when it started: make sure Ctrl-C reaches the
    // query that is about to run.
    installInterruptHandler()
    guard let line = result else {
      if interruptReceived.load(ordering: .relaxed) {
        print("")
        return .interrupted
      }
      return .end
    }
    defer { free(line) }
    return .line(String(cString: line))
  }

  /// Whether saving the history failed already (said once, not after every statement).
  private var historyUnwritable = false

  /// One entry per statement, saved at once (not only on exit). A history file that cannot be
  /// written (an unwritable HOME) is said once; the session goes on without it.
  func addHistory(_ entry: String) {
    _ = add_history(entry)
    guard !historyUnwritable else { return }
    if write_history(historyPath) != 0 {
      historyUnwritable = true
      let reason = String(cString: strerror(errno))
      let message = "arql: cannot save the history in \(historyPath) (\(reason)); going on without it (ARQL_HISTORY names another file)\n"
      FileHandle.standardError.write(Data(message.utf8))
    }
  }
}
