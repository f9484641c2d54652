import ArqlReport
/// One dot-command of the shell. The table below is the only list: `.help` is generated from it,
/// and tab completion reads it.
public struct DotCommand: Sendable {
  public let name: String
  public let usage: String
  public let summary: String
  let run: @Sendable (Session, [String]) -> Session.LineOutcome

  /// The command named `name`.
  public static func named(_ name: String) -> DotCommand? { all.first { $0.name == name } }

  /// The command name of a dot-command line (`.print Title` → `print`), lowercased.
  static func name(of line: String) -> String {
    String(line.dropFirst().prefix { !$0.isWhitespace }).lowercased()
  }

  /// Every dot-command, in `.help` order.
  public static let all: [DotCommand] = [
    DotCommand(name: "help", usage: "[PATTERN]", summary: "list the dot-commands (those matching PATTERN)") { $0.help($1) },
    DotCommand(name: "load", usage: "FOLDER | MAPPING | FEC", summary: "load a ledger folder, a mapping file or a FEC") { s, a in
      guard let path = a.first else { return s.usage("load") }
      s.loadAny(path)
      return .done
    },
    DotCommand(name: "reload", usage: "", summary: "load the current ledger folder again (and the files appended since)") { s, _ in
      s.reload()
      return .done
    },
    DotCommand(name: "append", usage: "[TABLE] FILE...", summary: "add the rows of new files (a day's export) to the ledger") { s, a in
      s.append(a)
      return .done
    },
    DotCommand(name: "tables", usage: "", summary: "the ledger's tables and their rows") { s, _ in s.tables() },
    DotCommand(name: "schema", usage: "[TABLE]", summary: "the columns of the tables") { s, a in s.schema(a.first) },
    DotCommand(name: "metrics", usage: "", summary: "the metrics, built-in and defined") { s, _ in s.metrics() },
    DotCommand(name: "dims", usage: "", summary: "the dimensions and columns queries can use") { s, _ in s.dimensions() },
    DotCommand(name: "describe", usage: "METRIC", summary: "a metric's formula, kind, unit, aliases and arguments") { s, a in
      s.describe(a.joined(separator: " "))
    },
    DotCommand(name: "mode", usage: "[" + OutputFormat.allCases.map(\.rawValue).joined(separator: "|") + "]",
               summary: "the format of results (vertical: a block per row; csv_fr: for French Excel)") { s, a in
      s.setMode(a.first)
    },
    DotCommand(name: "timer", usage: "on|off", summary: "print the time of each statement") { s, a in
      guard let v = a.first, v == "on" || v == "off" else { return s.usage("timer") }
      s.timer = v == "on"
      return .done
    },
    DotCommand(name: "output", usage: "[FILE]", summary: "send results to FILE (no FILE: back to the screen)") { s, a in
      s.redirect = a.first
      return .done
    },
    DotCommand(name: "once", usage: "FILE", summary: "send the next result to FILE") { s, a in
      guard let file = a.first else { return s.usage("once") }
      s.once = file
      return .done
    },
    DotCommand(name: "read", usage: "FILE", summary: "run the statements of a script file") { s, a in
      guard let file = a.first else { return s.usage("read") }
      return s.read(file)
    },
    DotCommand(name: "asof", usage: "[DATE|latest]", summary: "show or set the as-of date") { s, a in s.asOf(a.first) },
    DotCommand(name: "set", usage: "[NAME VALUE]", summary: "a setting (no NAME: every setting, its values and its current value)") { s, a in
      if a.isEmpty { return s.listSettings() }
      guard a.count >= 2 else { return s.usage("set") }
      // A value that is not one word (a list of rates) goes to the statement quoted.
      let value = a.dropFirst().joined(separator: " ")
      let plain = value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
      s.run("set \(a[0]) = " + (plain ? value : "'" + value.replacingOccurrences(of: "'", with: "''") + "'"), name: ".set")
      return .done
    },
    DotCommand(name: "show", usage: "", summary: "the current settings") { s, _ in s.show() },
    DotCommand(name: "last", usage: "", summary: "the last result again, every row") { s, _ in
      s.showLast()
      return .done
    },
    DotCommand(name: "pager", usage: "on|off", summary: "show results longer than the terminal through $PAGER (less)") { s, a in
      guard let v = a.first, v == "on" || v == "off" else { return s.usage("pager") }
      s.pagerOn = v == "on"
      return .done
    },
    DotCommand(name: "maxrows", usage: "N", summary: "rows shown in tables before '… N more rows' (0: all)") { s, a in
      guard let n = a.first.flatMap(Int.init), n >= 0 else { return s.usage("maxrows") }
      s.maxRows = n
      return .done
    },
    DotCommand(name: "print", usage: "TEXT", summary: "print TEXT where results go (a heading in a report script)") { s, a in
      s.printText(a.joined(separator: " "))
      return .done
    },
    DotCommand(name: "examples", usage: "", summary: "example queries to try") { s, _ in s.examples() },
    DotCommand(name: "quit", usage: "", summary: "leave (Ctrl-D also does)") { _, _ in .quit },
    DotCommand(name: "exit", usage: "", summary: "leave") { _, _ in .quit },
  ]
}
