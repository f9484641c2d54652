import ArgumentParser
import ArqlShell
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How results are written, shared by the commands that run statements.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Result format: \(Session.formatNames.joined(separator: ", ")).",
                                          valueName: "format"))
  var format: String = "table"

  @Flag(name: .long, help: "Print each statement's run time to stderr.")
  var timer = false

  @Flag(name: .long, help: "Keep running after a failed statement; exit with the worst code.")
  var keepGoing = false

  @Flag(name: .long, help: "A result whose where clause names a value no row has (a likely typo) fails the statement (exit 1).")
  var strict = false

  @Option(name: .customLong("as-of"), help: "The as-of date of queries without their own (yyyy-MM-dd), as `set as_of = DATE`.")
  var asOf: String?

  @Option(name: .long, help: "How tables write numbers and dates: en (1,234.56) or fr (1 234,56 €), as `set locale = fr`.")
  var locale: String?

  @Option(name: .long, help: "Colour in diagnostics and tables: auto (a terminal, and NO_COLOR unset), always or never.")
  var color: String = "auto"

  /// Whether diagnostics are coloured.
  func colorEnabled(_ stream: Int32 = STDERR_FILENO) throws -> Bool {
    switch color {
    case "always": return true
    case "never": return false
    case "auto":
      let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
      let dumb = ProcessInfo.processInfo.environment["TERM"] == "dumb"
      return !noColor && !dumb && isatty(stream) == 1
    default:
      throw ValidationError("--color is auto, always or never")
    }
  }
}
