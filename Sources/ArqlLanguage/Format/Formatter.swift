/// Writes the canonical text of a statement: lowercase keywords, canonical metric names,
/// clauses in a fixed order (by, time, as of, vs, trend, where, having, top, order, limit,
/// pivot, output), minimal parentheses. `parse(format(parse(q)))` equals
/// `parse(q)`; `explain` prints queries through it.
public enum Formatter {
  /// The canonical text of a script, one statement a line.
  public static func format(_ script: Script) -> String {
    script.statements.map(format).joined(separator: "\n")
  }

  /// The canonical text of one statement.
  public static func format(_ statement: Statement) -> String {
    switch statement {
    case .query(let query):
      return format(query)
    case .explain(let mode, let query):
      switch mode {
      case .resolved: return "explain " + format(query)
      case .plan: return "explain plan " + format(query)
      case .sql(let dialect): return "explain sql " + (dialect.map { $0 + " " } ?? "") + format(query)
      }
    case .backtest(let query):
      return "backtest " + format(query)
    case .list(let query):
      return "list " + format(query)
    case .define(let definition):
      return format(definition)
    case .run(let name, let arguments, let clauses, let output):
      var text = "run " + identifier(name)
      if !arguments.isEmpty {
        text += "(" + arguments.map { identifier($0.name) + " = " + format($0.value) }.joined(separator: ", ") + ")"
      }
      return join([text, format(clauses), format(output)])
    case .let(let name, let value):
      let right: String
      switch value {
      case .literal(let l): right = literal(l)
      case .value(let v): right = format(v)
      case .window(let w): right = format(w)
      case .date(let d): right = format(d)
      }
      return "let \(identifier(name)) = \(right)"
    case .param(let declaration, let description):
      return join(["param " + format(declaration), description.map(\.quotedLiteral) ?? ""])
    case .set(let name, let value):
      switch value {
      case .literal(let l): return "set \(identifier(name)) = \(literal(l))"
      case .word(let w): return "set \(identifier(name)) = \(identifier(w))"
      }
    case .load(let kind, let path, let table, let options):
      var text = "load \(kind) \(path.quotedLiteral)"
      if let table { text += " as " + identifier(table) }
      if !options.isEmpty { text += " with " + options.map(format).joined(separator: ", ") }
      return text
    }
  }

  static func format(_ definition: Definition) -> String {
    switch definition {
    case .metric(let name, let parameters, let expression, let filter, let format, let description):
      var text = "define metric " + identifier(name) + parameterList(parameters) + " = " + Formatter.format(expression)
      if let filter { text += " where " + Formatter.format(filter) }
      if let format { text += " format " + format }
      if let description { text += " " + description.quotedLiteral }
      return text
    case .dimension(let name, let expression, let description):
      return join(["define dimension \(identifier(name)) = \(format(expression))", description.map(\.quotedLiteral) ?? ""])
    case .query(let name, let parameters, let query, let description):
      return join(["define query " + identifier(name) + parameterList(parameters) + " = " + format(query),
                   description.map(\.quotedLiteral) ?? ""])
    }
  }

  static func parameterList(_ parameters: [ParameterDeclaration]) -> String {
    parameters.isEmpty ? "" : "(" + parameters.map(format).joined(separator: ", ") + ")"
  }

  static func format(_ p: ParameterDeclaration) -> String {
    "\(identifier(p.name)): \(p.type)" + (p.defaultValue.map { " = " + literal($0) } ?? "")
  }

  static func format(_ option: LoadOption) -> String {
    switch option {
    case .setting(let name, let value): return "\(identifier(name)) = \(literal(value))"
    case .columns(let pairs): return "columns(" + pairs.map { "\(identifier($0.native)) = \($0.file.quotedLiteral)" }.joined(separator: ", ") + ")"
    case .defaults(let pairs): return "defaults(" + pairs.map { "\(identifier($0.native)) = \(literal($0.value))" }.joined(separator: ", ") + ")"
    case .ignore(let names): return "ignore(" + names.map(\.quotedLiteral).joined(separator: ", ") + ")"
    }
  }

  /// The canonical text of a query.
  public static func format(_ query: Query) -> String {
    let metrics = query.metrics.map { item in
      format(item.expression) + (item.alias.map { " as " + identifier($0) } ?? "")
    }.joined(separator: ", ")
    return join([metrics, format(query.clauses), format(query.output)])
  }

  /// The clauses in canonical order.
  public static func format(_ c: Clauses) -> String {
    var parts: [String] = []
    if let by = c.by { parts.append("by " + by.map(format).joined(separator: ", ")) }
    if let window = c.window { parts.append(format(window)) }
    if let asOf = c.asOf { parts.append("as of " + format(asOf)) }
    if let comparison = c.comparison { parts.append("vs " + format(comparison)) }
    if c.trend { parts.append("trend") }
    if let filter = c.filter { parts.append("where " + format(filter)) }
    if let having = c.having { parts.append("having " + format(having)) }
    if let r = c.ranking { parts.append((r.top ? "top " : "bottom ") + String(r.count) + (r.per.map { " per " + identifier($0) } ?? "")) }
    if let order = c.order { parts.append("order by " + order.map(format).joined(separator: ", ")) }
    if let limit = c.limit { parts.append("limit \(limit)") }
    if let pivot = c.pivot {
      switch pivot {
      case .grain(let unit): parts.append("pivot by " + unit.word)
      case .dimension(let d): parts.append("pivot by " + identifier(d))
      }
    }
    return join(parts)
  }

  static func format(_ output: OutputSpec) -> String {
    var parts: [String] = []
    if let format = output.format { parts.append("as " + format) }
    if let chart = output.chart { parts.append(chart.isEmpty ? "chart" : "chart " + chart) }
    if let destination = output.destination { parts.append("to " + destination.quotedLiteral) }
    return join(parts)
  }

  static func format(_ item: GroupItem) -> String {
    switch item {
    case .grain(let unit, _): return unit.word
    case .dimension(let name, let grain): return identifier(name) + (grain.map { "." + $0.word } ?? "")
    case .bucket(let name, let edges): return "bucket(\(identifier(name)), [" + edges.map(String.init).joined(separator: ", ") + "])"
    }
  }

  static func format(_ item: OrderItem) -> String {
    let key: String
    switch item.key {
    case .name(let n): key = identifier(n)
    case .position(let p): key = String(p)
    }
    switch item.descending {
    case true?: return key + " desc"
    case false?: return key + " asc"
    case nil: return key
    }
  }

  static func format(_ comparison: Comparison) -> String {
    switch comparison {
    case .previousPeriod: return "previous period"
    case .previousUnit(let unit): return "previous " + unit.word
    case .samePeriodLastYear: return "same period last year"
    case .window(let w): return format(w)
    }
  }

  /// The canonical text of a window.
  public static func format(_ window: TimeWindow) -> String {
    switch window {
    case .last(let n, let unit): return "last \(n) \(n == 1 ? unit.word : unit.plural)"
    case .next(let n, let unit): return "next \(n) \(n == 1 ? unit.word : unit.plural)"
    case .this(let unit): return "this " + unit.word
    case .previous(let unit): return "last " + unit.word
    case .yearToDate: return "ytd"
    case .quarterToDate: return "qtd"
    case .monthToDate: return "mtd"
    case .today: return "today"
    case .yesterday: return "yesterday"
    case .range(let a, let b): return "from \(format(a)) to \(format(b))"
    case .period(let p): return "in " + p.description
    case .parameter(let p): return "in $" + p.name
    }
  }

  /// The canonical text of a date.
  public static func format(_ date: DateExpr) -> String {
    switch date {
    case .date(let d): return d
    case .parameter(let p): return "$" + p.name
    case .today: return "today"
    case .yesterday: return "yesterday"
    case .startOf(let r): return "start of " + format(r)
    case .endOf(let r): return "end of " + format(r)
    }
  }

  static func format(_ r: PeriodReference) -> String {
    switch r {
    case .unit(let unit, let previous): return (previous ? "previous " : "") + unit.word
    case .period(let p): return p.description
    }
  }

  // MARK: - Expressions

  /// The canonical text of a metric expression.
  public static func format(_ e: MetricExpr) -> String { metric(e, parentPrecedence: 0, rightSide: false) }

  static func metric(_ e: MetricExpr, parentPrecedence: Int, rightSide: Bool) -> String {
    switch e {
    case .number(let n, _): return n.description
    case .parameter(let p): return "$" + p.name
    case .negate(let inner): return "-" + metric(inner, parentPrecedence: 3, rightSide: false)
    case .binary(let op, let l, let r):
      let text = metric(l, parentPrecedence: op.precedence, rightSide: false) + " \(op.rawValue) "
        + metric(r, parentPrecedence: op.precedence, rightSide: true)
      let needs = op.precedence < parentPrecedence || (op.precedence == parentPrecedence && rightSide)
      return needs ? "(" + text + ")" : text
    case .filtered(let inner, let filter): return "(" + format(inner) + " where " + format(filter) + ")"
    case .call(let call): return format(call)
    }
  }

  static func format(_ call: MetricCall) -> String {
    guard !call.arguments.isEmpty else { return call.name }
    return call.name + "(" + call.arguments.map { argument in
      let value: String
      switch argument.value {
      case .literal(let l): value = literal(l)
      case .word(let w): value = identifier(w)
      case .integers(let list): value = "[" + list.map(String.init).joined(separator: ", ") + "]"
      }
      return identifier(argument.name) + ": " + value
    }.joined(separator: ", ") + ")"
  }

  /// The canonical text of a condition.
  public static func format(_ e: BoolExpr) -> String { condition(e, parent: 0) }

  /// Precedence: or 1, and 2, not 3, atoms 4.
  static func condition(_ e: BoolExpr, parent: Int) -> String {
    let (text, own): (String, Int)
    switch e {
    case .or(let terms): (text, own) = (terms.map { condition($0, parent: 1) }.joined(separator: " or "), 1)
    case .and(let factors): (text, own) = (factors.map { condition($0, parent: 2) }.joined(separator: " and "), 2)
    case .not(let inner): (text, own) = ("not " + condition(inner, parent: 3), 3)
    case .compare(let l, let op, let r): (text, own) = (format(l) + " \(op.rawValue) " + format(r), 4)
    case .inList(let v, let values, let negated):
      (text, own) = (format(v) + (negated ? " not in (" : " in (") + values.map(format).joined(separator: ", ") + ")", 4)
    case .between(let v, let low, let high, let negated):
      (text, own) = (format(v) + (negated ? " not between " : " between ") + format(low) + " and " + format(high), 4)
    case .like(let v, let pattern, let negated): (text, own) = (format(v) + (negated ? " not like " : " like ") + pattern.quotedLiteral, 4)
    case .isNull(let v, let negated): (text, own) = (format(v) + (negated ? " is not null" : " is null"), 4)
    case .truth(let v): (text, own) = (format(v), 4)
    }
    // A nested or/and of the same kind must keep its parentheses to round-trip as a node.
    return own < parent || (own == parent && own < 3) ? "(" + text + ")" : text
  }

  /// The canonical text of a value.
  public static func format(_ e: ValueExpr) -> String { value(e, parentPrecedence: 0, rightSide: false) }

  static func value(_ e: ValueExpr, parentPrecedence: Int, rightSide: Bool) -> String {
    switch e {
    case .literal(let l, _): return literal(l)
    case .parameter(let p): return "$" + p.name
    case .column(let c): return identifier(c)
    case .call(let name, let arguments): return identifier(name) + "(" + arguments.map(format).joined(separator: ", ") + ")"
    case .caseWhen(let branches, let otherwise):
      var text = "case"
      for branch in branches { text += " when " + format(branch.condition) + " then " + format(branch.value) }
      if let otherwise { text += " else " + format(otherwise) }
      return text + " end"
    case .negate(let inner): return "-" + value(inner, parentPrecedence: 3, rightSide: false)
    case .binary(let op, let l, let r):
      let text = value(l, parentPrecedence: op.precedence, rightSide: false) + " \(op.rawValue) "
        + value(r, parentPrecedence: op.precedence, rightSide: true)
      let needs = op.precedence < parentPrecedence || (op.precedence == parentPrecedence && rightSide)
      return needs ? "(" + text + ")" : text
    }
  }

  static func literal(_ l: Literal) -> String {
    if case .number(let n) = l, n.mantissa < 0 { return n.description }
    return l.description
  }

  /// A name, in backticks when it is not a plain word or is reserved.
  static func identifier(_ id: Identifier) -> String {
    let plain = !id.name.isEmpty && id.name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
      && !(id.name.first?.isNumber ?? true) && id.name == id.name.lowercased() && !Keywords.reserved.contains(id.name)
    return plain && !id.quoted ? id.name : "`" + id.name + "`"
  }

  static func join(_ parts: [String]) -> String { parts.filter { !$0.isEmpty }.joined(separator: " ") }
}
