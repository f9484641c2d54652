import ArgumentParser

/// How results are written, shared by the commands that run statements.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Result format: table, csv or json (default: table).")
  var format: String = "table"

  @Flag(name: .long, help: "Print each statement's run time to stderr.")
  var timer = false

  @Flag(name: .long, help: "Keep running after a failed statement; exit with the worst code.")
  var keepGoing = false
}
