import ArqlLanguage
import ArqlLedger
import ArqlSupport

/// A session over one ledger: the catalog with user definitions, parameters and settings;
/// runs statements and returns result tables.
public final class QueryEngine {
  public let ledger: Ledger
  /// The user's definitions, parameters and settings; it outlives this engine (`.reload`).
  public var workspace: Workspace
  /// The wall-clock date (`today`), injectable for tests.
  public var today: Int32

  public var catalog: MetricCatalog { workspace.catalog }
  public var parameters: Parameters {
    get { workspace.parameters }
    set { workspace.parameters = newValue }
  }
  public var calendarSettings: CalendarSettings {
    get { workspace.settings.calendar }
    set { workspace.settings.calendar = newValue }
  }
  /// `set as_of = ...`: overrides the latest posting date.
  public var asOfOverride: Int32? {
    get { workspace.settings.asOfOverride }
    set { workspace.settings.asOfOverride = newValue }
  }
  /// The provision policy of the session: percent per days-past-due bucket (`set provision_rates`).
  public var provisionRates: [Int64] { workspace.settings.provisionRates }
  /// How tables for people write numbers and dates (`set locale = fr`); machine formats never change.
  public var locale: String { workspace.settings.locale }
  /// `define dimension` expressions by name.
  public var dimensions: [String: ValueExpr] { workspace.dimensions }
  /// `define query` bodies by name.
  public var savedQueries: [String: SavedQuery] { workspace.savedQueries }
  let attributes: LedgerAttributes
  /// Open amounts, forecast plans and flags computed by earlier queries over this ledger.
  let cache: LedgerCache
  /// The ledger's latest document or cash date, found once (every query's default as-of date);
  /// on an SQL engine, the engine's.
  public internal(set) var latestPostingDate: Int32?
  /// The SQL engine queries run on (`arql --engine`); nil: arql's own executor.
  public private(set) var connection: SQLConnection?
  /// What the engine's ledger is like (flags and notes read it instead of the local ledger).
  public private(set) var engineFacts: EngineLedgerFacts?
  /// Set it (from a signal handler) to stop the running query; it is cleared when a query starts.
  public let cancellation = CancellationFlag()

  /// What a statement produced.
  public enum Outcome: Sendable {
    case table(ResultTable, OutputSpec)
    /// Text for the user (`explain`).
    case message(String)
    /// A definition or setting took effect; the text says what (shown by the REPL, not by scripts).
    case acknowledged(String)
  }

  public init(ledger: Ledger, today: Int32, workspace: Workspace = Workspace()) {
    self.ledger = ledger
    self.today = today
    self.workspace = workspace
    self.attributes = LedgerAttributes(ledger: ledger)
    self.cache = LedgerCache(ledger: ledger)
    self.latestPostingDate = ledger.latestPostingDate
    MemoryPolicy.enter(.queries)  // once a ledger is loaded, a query's freed blocks serve the next one
  }

  /// Runs the session's queries on an SQL engine whose tables hold the ledger (the native
  /// schema, `arql export-sql`): the as-of date defaults to the engine's latest date.
  public func attach(_ connection: SQLConnection, facts: EngineLedgerFacts) {
    self.connection = connection
    engineFacts = facts
    latestPostingDate = facts.latestDate
    cache.clear()
  }

  /// The parser context: the catalog's names and the ledger's columns, validated.
  public var parserContext: ParserContext {
    ParserContext(metrics: catalog.vocabulary, dimensions: attributes.names + Array(dimensions.keys), validatesDimensions: false)
  }

  /// Every column name a query can use.
  public var columnNames: [String] { attributes.names }

  /// The file columns kept beside the native ones, per table: the file's name, the name a query
  /// uses (nil when the table's extra columns are kept but not queryable) and the type read from
  /// the values (text, number or date).
  public var extraColumns: [(table: TableKind, file: String, name: String?, type: String)] {
    attributes.extraColumns
  }

  /// The default as-of date and where it comes from.
  public var asOf: (day: Int32, source: String) {
    if let asOfOverride { return (asOfOverride, "session setting") }
    return (latestPostingDate ?? today, latestPostingDate == nil ? "today: the ledger is empty" : "latest posting date")
  }

  var binder: Binder {
    Binder(catalog: catalog, attributeNames: attributes.names, dimensions: dimensions, calendar: Calendar(settings: calendarSettings),
           parameters: parameters, asOf: asOf, today: today, provisionRates: provisionRates)
  }

  // MARK: - Statements

  /// Runs one statement.
  public func execute(_ statement: Statement) throws -> Outcome {
    switch statement {
    case .query(let q):
      return .table(try query(q), q.output)
    case .explain(let mode, let q):
      return .message(try explain(q, mode: mode))
    case .backtest(let q):
      return .table(try backtest(q), q.output)
    case .list(let q):
      return .table(try list(q), q.output)
    case .define(let definition):
      return .acknowledged(try define(definition))
    case .run(let name, let arguments, let clauses, let output):
      guard let saved = savedQueries[name.name] else {
        let suggestion = DidYouMean.suggestion(for: name.name, among: Array(savedQueries.keys))
        throw EngineError(.unknownQuery, "unknown saved query '\(name.name)'", at: name.range,
                          label: suggestion.map { "did you mean '\($0)'?" },
                          notes: ["define one with: define query \(name.name) = balance by division"])
      }
      let saveParameters = parameters
      defer { parameters = saveParameters }
      for declaration in saved.parameters {
        if let given = arguments.first(where: { $0.name == declaration.name }) {
          parameters.values[declaration.name.name] = try parameterValue(given.value)
        } else if let value = declaration.defaultValue {
          parameters.values[declaration.name.name] = .literal(value)
        } else if parameters.values[declaration.name.name] == nil {
          throw EngineError(.unknownParameter, "run \(name.name) needs \(declaration.name.name)", at: name.range)
        }
      }
      var q = saved.query
      q.clauses = merge(q.clauses, clauses)
      if !output.isEmpty { q.output = output }
      return .table(try query(q), q.output)
    case .let(let name, let value):
      switch value {
      case .literal(let l): parameters.values[name.name] = .literal(l)
      case .value(let v): parameters.values[name.name] = try parameterValue(v)
      case .window(let w): parameters.values[name.name] = .window(w)
      case .date(let d): parameters.values[name.name] = .date(d)
      }
      return .acknowledged("let \(name.name)")
    case .param(let declaration, _):
      if parameters.values[declaration.name.name] == nil {
        guard let value = declaration.defaultValue else {
          throw EngineError(.unknownParameter, "parameter '\(declaration.name.name)' has no value",
                            at: declaration.name.range, notes: ["pass it: -- \(declaration.name.name)=value"])
        }
        parameters.values[declaration.name.name] = .literal(value)
      }
      return .acknowledged("param \(declaration.name.name)")
    case .set(let name, let value):
      return .acknowledged(try set(name, value))
    case .load:
      throw EngineError(.unsupported, "'load' replaces the session's ledger: run it in the arql shell or a script")
    }
  }

  func parameterValue(_ v: ValueExpr) throws -> Parameters.Value {
    switch v {
    case .literal(let l, _): return .literal(l)
    case .parameter(let p):
      guard let value = parameters.values[p.name] else { throw EngineError.unknownParameter(p.name, at: p.range) }
      return value
    default:
      return .value(v)
    }
  }

  /// Later clauses refine a saved query's (each given clause replaces the saved one).
  func merge(_ base: Clauses, _ extra: Clauses) -> Clauses {
    var c = base
    if let v = extra.by { c.by = v }
    if let v = extra.filter { c.filter = Binder.and(c.filter, v) }
    if let v = extra.having { c.having = v }
    if let v = extra.window { c.window = v }
    if let v = extra.asOf { c.asOf = v }
    if let v = extra.comparison { c.comparison = v }
    if extra.trend { c.trend = true }
    if let v = extra.ranking { c.ranking = v }
    if let v = extra.order { c.order = v }
    if let v = extra.limit { c.limit = v }
    if let v = extra.pivot { c.pivot = v }
    return c
  }

  func set(_ name: Identifier, _ value: Statement.SetValue) throws -> String {
    guard let setting = Setting.named(name.name) else {
      let known = Setting.all.map(\.name)
      throw EngineError(.unknownWord, "unknown setting '\(name.name)'", at: name.range,
                        label: DidYouMean.suggestion(for: name.name, among: known).map { "did you mean '\($0)'?" },
                        notes: ["settings: " + known.joined(separator: ", ")])
    }
    do {
      let said = try setting.apply(&workspace.settings, value, Setting.Context(today: today))
      return said.isEmpty ? "as of \(Day.iso(asOf.day)) (\(asOf.source))" : said
    } catch {
      throw EngineError(.typeMismatch, error.message, at: name.range, notes: ["\(setting.name): \(setting.values)"])
    }
  }

  func define(_ definition: Definition) throws -> String {
    switch definition {
    case .metric(let name, _, let expression, let filter, let format, let description):
      if catalog.metric(name.name).map({ if case .builtin = $0.implementation { return true } else { return false } }) ?? false {
        throw EngineError(.unsupported, "'\(name.name)' is a built-in metric and cannot be redefined", at: name.range)
      }
      // Bind once now so a mistake is reported at the definition.
      if let filter { try binder.checkColumns(filter) }
      let tree = try binder.bind(expression, filter: filter, depth: 0)
      let unit: MetricUnit
      switch format?.split(separator: " ").first {
      case "percent": unit = .percent
      case "days": unit = .days
      case "currency": unit = .money
      case "integer": unit = .count
      default: unit = binder.unit(of: expression, tree)
      }
      let text = Formatter.format(expression) + (filter.map { " where " + Formatter.format($0) } ?? "")
      workspace.catalog.define(MetricDefinition(
        name: name.name, aliases: [], kind: tree.isPointInTime ? .pointInTime : .window, unit: unit, formula: text, arguments: [],
        implementation: .expression(expression, filter: filter), summary: description ?? "user metric"))
      return "metric \(name.name) = \(text)"
    case .dimension(let name, let expression, _):
      try binder.checkColumns(expression)
      workspace.dimensions[name.name] = expression
      return "dimension \(name.name) = \(Formatter.format(expression))"
    case .query(let name, let declarations, let query, _):
      workspace.savedQueries[name.name] = SavedQuery(query: query, parameters: declarations)
      return "query \(name.name) = \(Formatter.format(query))"
    }
  }

  /// Binds a statement without computing it (`arql check`): definitions, lets and params
  /// take effect so later statements bind; queries are resolved, not run.
  public func check(_ statement: Statement) throws {
    switch statement {
    case .query(let q), .explain(_, let q), .backtest(let q):
      _ = try binder.bind(q)
    case .list(let q):
      _ = try bindList(q)
    case .run(let name, _, let clauses, _):
      guard let saved = savedQueries[name.name] else {
        throw EngineError(.unknownQuery, "unknown saved query '\(name.name)'", at: name.range)
      }
      for declaration in saved.parameters where parameters.values[declaration.name.name] == nil {
        parameters.values[declaration.name.name] = .literal(declaration.defaultValue ?? .string(""))
      }
      var q = saved.query
      q.clauses = merge(q.clauses, clauses)
      _ = try binder.bind(q)
    case .param(let declaration, _):
      if parameters.values[declaration.name.name] == nil {
        parameters.values[declaration.name.name] = .literal(declaration.defaultValue ?? .string(""))
      }
    case .load:
      return
    default:
      _ = try execute(statement)
    }
  }

  // MARK: - Queries

  /// The cache a query starts with: the session's, or an emptied one with `set cache = off`.
  var sessionCache: LedgerCache {
    if !workspace.settings.cache { cache.clear() }
    return cache
  }

  /// How many lookups of kept values the session's queries answered from the cache, and how
  /// many they computed.
  public var cacheUse: (hits: Int, misses: Int, bytes: Int) { (cache.hits, cache.misses, cache.heldBytes) }

  /// Runs a query.
  public func query(_ q: Query) throws -> ResultTable {
    let bound = try binder.bind(q)
    let executor = Executor(ledger: ledger, attributes: attributes, calendar: Calendar(settings: calendarSettings),
                            parameters: parameters, dimensions: dimensions, cache: sessionCache, cancellation: cancellation)
    executor.connection = connection
    executor.engineFacts = engineFacts
    return try Assembler(executor: executor, query: bound).table()
  }

  /// `explain`: the resolved query; `explain plan`: the evaluation steps.
  public func explain(_ q: Query, mode: ExplainMode) throws -> String {
    let b = try binder.bind(q)
    var lines: [String] = ["query: " + Formatter.format(q)]
    for item in b.items {
      let definition = catalog.metric(item.name)
      lines.append("metric \(item.name) (\(item.unit.rawValue), \(item.tree.isPointInTime ? "point in time" : "window")): \(item.formula)")
      if let definition, case .expression = definition.implementation, definition.formula != item.formula {
        lines.append("  defined as: \(definition.formula)")
      }
    }
    lines.append("as of: \(Day.iso(b.asOf)) (\(b.asOfSource))")
    if b.usesWindow || b.grain != nil { lines.append("window: \(b.window) (\(b.window.days) days)") }
    if let grain = b.grain { lines.append("grain: \(grain.word), \(Calendar(settings: calendarSettings).buckets(grain, covering: b.window).count) buckets") }
    if !b.groups.isEmpty { lines.append("by: " + b.groups.map(\.name).joined(separator: ", ")) }
    if let f = b.filter { lines.append("where: " + Formatter.format(f)) }
    if let h = b.having { lines.append("having: " + Formatter.format(h)) }
    if let c = b.comparison { lines.append("vs \(c.label): window \(c.window), as of \(Day.iso(c.asOf))") }
    lines += b.notes.map { "note: " + $0 }
    // A forecast shows each open item's expected date and the rule that chose it.
    let forecasts = b.items.flatMap { $0.tree.leaves }.filter { $0.metric == .forecastCash || $0.metric == .forecastLate }
    if let spec = forecasts.first.map({ $0.forecast ?? ForecastSpec() }) {
      let executor = Executor(ledger: ledger, attributes: attributes, calendar: Calendar(settings: calendarSettings),
                              parameters: parameters, dimensions: dimensions, cache: sessionCache, cancellation: cancellation)
      lines += try executor.forecastItems(spec, asOf: b.asOf, filter: b.filter, limit: 50)
    }
    switch mode {
    case .resolved:
      return lines.joined(separator: "\n")
    case .plan:
      let plan = Planner(calendar: Calendar(settings: calendarSettings), dimensions: dimensions).plan(b)
      return (lines + plan.lines(documents: ledger.invoices.count)).joined(separator: "\n")
    case .sql(let name):
      let dialect = name.flatMap(SQLDialect.init(name:)) ?? connection?.dialect ?? .postgres
      let calendar = Calendar(settings: calendarSettings)
      let planner = Planner(calendar: calendar, dimensions: dimensions)
      let plan = planner.plan(b)
      let generator = SQLGenerator(dialect: dialect, calendar: calendar, parameters: parameters, dimensions: dimensions)
      var text = lines.map { "-- " + $0 }
      text.append("-- dialect: \(dialect.rawValue); one row per context k and group, the kernels' exact integer values (cents, counts, cents × days)")
      text.append(try generator.statement(plan, plan.contexts).text + ";")
      if let comparison = plan.comparison {
        text.append("-- vs \(comparison.label): the same statement over the comparison's contexts")
        text.append(try generator.statement(plan, comparison.contexts).text + ";")
      }
      return text.joined(separator: "\n")
    }
  }
}
