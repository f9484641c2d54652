import ArqlLanguage
import ArqlLedger

/// Columns and conditions of a query written as SQL over one universe's rows, with the same
/// attribution rules as `LedgerAttributes` (kpi-spec §1.7, §1.9):
///
/// - documents (`i`, customer `c`): their own value, else their customer's;
/// - cash lines (`p`, customer `c`, target invoice `t` and its customer `tc`): the invoice's
///   attribution when applied to one, else the customer's; document columns from the invoice;
/// - exposures (`e`, customer `c`): the customer's dimensions and their own kind, amount, date.
///
/// Every condition is two-valued as in the native filter: a comparison with no value is false,
/// so `not` and `!=` treat missing values alike on every engine.
struct SQLExpressions {
  let dialect: SQLDialect
  let parameters: Parameters
  let dimensions: [String: ValueExpr]

  /// The universes the generator writes (customers: those without any document, cash line or
  /// exposure, which per-customer rollups count).
  static let universes: [Universe] = [.documents, .cash, .exposures, .customers, .disputes, .actions, .surveys, .promises]

  /// The alias of a linked universe's rows.
  static func rowAlias(_ universe: Universe) -> String {
    switch universe {
    case .actions: return "a"
    case .surveys: return "s"
    case .promises: return "pr"
    default: return "r"
    }
  }

  /// The own columns of the linked universes; any other universe has no value for them.
  private static let linkedOwn: [Universe: Set<String>] = [
    .disputes: ["dispute", "opened", "resolved"],
    .actions: ["action", "agent", "action_type", "action_date", "action_outcome"],
    .promises: ["promise", "promise_status", "promised_date", "promise_created"],
    .surveys: ["agent", "survey_date", "score"],
  ]

  /// The customer of a universe's rows.
  static func customerColumn(_ universe: Universe) -> String {
    switch universe {
    case .documents: return "i.customer_id"
    case .cash: return "p.customer_id"
    case .exposures: return "e.customer_id"
    case .disputes: return "i.customer_id"
    case .actions: return "a.customer_id"
    case .surveys: return "s.customer_id"
    case .promises: return "pr.customer_id"
    default: return "c.customer_id"
    }
  }

  /// Dimensions kept on items, with the customer's value as fallback.
  private static let itemOverCustomer: Set<String> = ["division", "sales_rep", "collector"]
  /// Customer columns.
  private static let customerColumns: [String: String] = [
    "customer": "customer_id", "name": "name", "customer_name": "name", "category": "category", "country": "country",
    "credit_limit": "credit_limit", "payment_terms_days": "payment_terms_days",
  ]
  /// Document columns, read on cash lines through their invoice.
  private static let documentColumns: [String: String] = [
    "currency": "currency", "status": "status", "invoice": "invoice_id", "doc_date": "doc_date", "due_date": "due_date",
    "posting_date": "posting_date",
  ]
  private static let cashColumns: [String: String] = [
    "payment_id": "payment_id", "match_method": "match_method", "user": "user", "payment_date": "payment_date", "match_date": "match_date",
  ]

  private func q(_ name: String) -> String { dialect.quote(name) }

  /// The SQL of attribute `name` on the rows of `universe`.
  /// - Throws: `EngineError(.unsupported)` for attributes that do not compile yet.
  func column(_ name: String, _ universe: Universe) throws -> String {
    if let definition = dimensions[name] { return try value(definition, universe) }
    // Dispute episodes (`r`): their own columns, and everything else through their invoice
    // (`i`, its customer `c`), as documents see it.
    if name == "open_amount" && ![.documents, .cash, .exposures].contains(universe) {
      throw EngineError(.unsupported, "'open_amount' of dispute episodes, actions, promises or customers does not compile to SQL yet")
    }
    if universe == .disputes {
      switch name {
      case "dispute": return "r.dispute_id"
      case "reason", "owner", "outcome", "opened", "resolved": return "r.\(q(name))"
      default: return try column(name, .documents)
      }
    }
    // Actions (`a`), survey answers (`s`) and promises (`pr`): their own columns; their
    // customer's (`c`) and their invoice's (`t`, customer `tc`; none for surveys) as cash lines read them.
    let linkedRows: Set<Universe> = [.actions, .surveys, .promises]
    if linkedRows.contains(universe) {
      let row = Self.rowAlias(universe)
      if Self.linkedOwn[universe]?.contains(name) ?? false { return "\(row).\(q(name))" }
      switch name {
      case "customer": return "\(row).customer_id"
      case "amount", "doc_type", "net_amount": return "t.\(q(name))"
      case "days_past_due": return dialect.days(from: "t.due_date", to: "x.d_as_of")
      case "age": return dialect.days(from: "t.doc_date", to: "x.d_as_of")
      case _ where Self.cashColumns[name] != nil: return typedNull(name)
      default: break
      }
    }
    if Self.linkedOwn.contains(where: { $0.key != universe && $0.value.contains(name) }) && !(Self.linkedOwn[universe]?.contains(name) ?? false) {
      return typedNull(name)
    }
    if linkedRows.contains(universe) { return try column(name, .cash) }
    if Self.itemOverCustomer.contains(name) {
      switch universe {
      case .documents: return "COALESCE(i.\(q(name)), c.\(q(name)))"
      case .cash: return "CASE WHEN t.invoice_id IS NOT NULL THEN COALESCE(t.\(q(name)), tc.\(q(name))) ELSE c.\(q(name)) END"
      default: return "c.\(q(name))"
      }
    }
    if name == "customer" { return Self.customerColumn(universe) }
    if let column = Self.customerColumns[name] { return "c.\(q(column))" }
    if name == "amount" {
      switch universe {
      case .documents: return "i.amount"
      case .cash: return "p.amount"
      case .exposures: return "e.amount"
      default: return typedNull(name)
      }
    }
    switch (name, universe) {
    case ("doc_type", .documents): return "i.doc_type"
    case ("doc_type", .cash): return "'PAY'"
    case ("net_amount", .documents): return "i.net_amount"
    case ("doc_type", _), ("net_amount", _): return typedNull(name)
    // At the evaluation's as-of date: days past due of documents, the age of every row.
    case ("days_past_due", .documents): return dialect.days(from: "i.due_date", to: "x.d_as_of")
    case ("days_past_due", _): return typedNull(name)
    case ("age", .documents): return dialect.days(from: "i.doc_date", to: "x.d_as_of")
    // The open amount at the as-of date (`applied_asOf`, joined as o_asOf): a debit applied beyond
    // its amount is 0; cash is its unapplied part; an exposure counts from its date.
    case ("open_amount", .documents):
      let debit = SQLDocTypes.debit("i")
      let open = SQLGenerator.openAmount(of: "i", applied: "o_asOf", at: "x.d_as_of", dialect)
      return "(CAST(CASE WHEN \(debit) AND \(open) < 0 THEN 0 ELSE \(open) END AS DECIMAL(20,0)) * 0.01)"
    case ("open_amount", .cash):
      return "CASE WHEN p.payment_date <= x.d_as_of AND (t.invoice_id IS NULL OR t.posting_date > x.d_as_of) THEN -p.amount ELSE 0 END"
    case ("open_amount", .exposures): return "CASE WHEN e.\(q("date")) <= x.d_as_of THEN e.amount ELSE 0 END"
    case ("age", .cash): return dialect.days(from: "p.payment_date", to: "x.d_as_of")
    // The dispute open at the as-of date (`open_dispute_asOf`, joined as dd_asOf / td_asOf).
    case ("disputed", .documents): return "(dd_asOf.invoice_id IS NOT NULL)"
    case ("disputed", .cash): return "(td_asOf.invoice_id IS NOT NULL)"
    case ("disputed", _): return "FALSE"
    case ("reason", .documents), ("owner", .documents), ("outcome", .documents):
      return "CASE WHEN dd_asOf.invoice_id IS NULL THEN '(no dispute)' ELSE dd_asOf.\(q(name)) END"
    case ("reason", .cash), ("owner", .cash), ("outcome", .cash):
      return "CASE WHEN td_asOf.invoice_id IS NULL THEN '(no dispute)' ELSE td_asOf.\(q(name)) END"
    case ("reason", .exposures): return "'(no dispute)'"
    case ("reason", _), ("owner", _), ("outcome", _): return typedNull(name)
    case ("age", .exposures): return dialect.days(from: "e.\(q("date"))", to: "x.d_as_of")
    case ("age", _): return typedNull(name)
    default: break
    }
    if let column = Self.documentColumns[name] {
      switch universe {
      case .documents: return "i.\(q(column))"
      case .cash: return "t.\(q(column))"
      default: return typedNull(name)
      }
    }
    if let column = Self.cashColumns[name] { return universe == .cash ? "p.\(q(column))" : typedNull(name) }
    if name == "kind" || name == "date" { return universe == .exposures ? "e.\(q(name))" : typedNull(name) }
    if universe == .customers && ["credit_limit", "payment_terms_days"].contains(name) { return "c.\(q(name))" }
    throw EngineError(.unsupported, "'\(name)' does not compile to SQL yet",
                      notes: ["SQL generation reads the native columns of documents, cash, exposures and customers; "
                        + "date-dependent attributes (days_past_due, overdue, disputed, ...) and linked tables are computed natively for now"])
  }

  /// The attributes read from the open amounts at the as-of date.
  static let openAttributes: Set<String> = ["open_amount"]

  /// The attributes read from the dispute open at the as-of date.
  static let disputeAttributes: Set<String> = ["disputed", "reason", "owner", "outcome"]

  /// Whether a condition or value reads one of `names` (through user dimensions too).
  func mentions(_ names: Set<String>, in e: BoolExpr) -> Bool {
    switch e {
    case .and(let parts), .or(let parts): return parts.contains { mentions(names, in: $0) }
    case .not(let inner): return mentions(names, in: inner)
    case .compare(let a, _, let b): return mentions(names, in: a) || mentions(names, in: b)
    case .inList(let v, let items, _): return mentions(names, in: v) || items.contains { mentions(names, in: $0) }
    case .between(let a, let b, let c, _): return mentions(names, in: a) || mentions(names, in: b) || mentions(names, in: c)
    case .like(let v, _, _), .isNull(let v, _), .truth(let v): return mentions(names, in: v)
    }
  }

  func mentions(_ names: Set<String>, in e: ValueExpr) -> Bool {
    switch e {
    case .literal, .parameter: return false
    case .column(let id): return names.contains(id.name) || (dimensions[id.name].map { mentions(names, in: $0) } ?? false)
    case .call(_, let args): return args.contains { mentions(names, in: $0) }
    case .caseWhen(let whens, let otherwise):
      return whens.contains { mentions(names, in: $0.condition) || mentions(names, in: $0.value) } || (otherwise.map { mentions(names, in: $0) } ?? false)
    case .negate(let inner): return mentions(names, in: inner)
    case .binary(_, let l, let r): return mentions(names, in: l) || mentions(names, in: r)
    }
  }

  /// A missing value of attribute `name`, typed so that engines can compute with it.
  func typedNull(_ name: String) -> String {
    if SQLGenerator.dateAttributes.contains(name) { return "CAST(NULL AS DATE)" }
    if ["amount", "net_amount", "credit_limit", "open_amount"].contains(name) { return "CAST(NULL AS DECIMAL(18,2))" }
    if ["days_past_due", "age", "score", "payment_terms_days"].contains(name) { return "CAST(NULL AS INTEGER)" }
    return "CAST(NULL AS \(dialect.textType))"
  }

  /// A value: a column, a literal or parameter, arithmetic, `case`.
  func value(_ e: ValueExpr, _ universe: Universe) throws -> String {
    switch e.unwrappedLiteral(parameters) {
    case .literal(let literal, _): return try self.literal(literal)
    case .parameter(let p): throw EngineError.unknownParameter(p.name, at: p.range)
    case .column(let id): return try column(id.name, universe)
    case .negate(let inner): return "(-\(try value(inner, universe)))"
    case .binary(let op, let l, let r): return "(\(try value(l, universe)) \(op.rawValue) \(try value(r, universe)))"
    case .caseWhen(let whens, let otherwise):
      var text = "CASE"
      for when in whens { text += " WHEN \(try condition(when.condition, universe)) THEN \(try value(when.value, universe))" }
      if let otherwise { text += " ELSE \(try value(otherwise, universe))" }
      return text + " END"
    case .call(let name, let arguments):
      let values = try arguments.map { try value($0, universe) }
      switch (name.name, values.count) {
      case ("lower", 1): return "LOWER(\(values[0]))"
      case ("upper", 1): return "UPPER(\(values[0]))"
      case ("abs", 1): return "ABS(\(values[0]))"
      case ("days", 2): return dialect.days(from: values[0], to: values[1])
      default:
        throw EngineError(.unsupported, "unknown function '\(name.name)/\(arguments.count)'", at: name.range,
                          notes: ["functions: lower(text), upper(text), abs(number), days(from_date, to_date)"])
      }
    }
  }

  func literal(_ literal: Literal) throws -> String {
    switch literal {
    case .string(let s): return dialect.string(s)
    case .number(let n): return n.description
    case .date(let d): return "DATE '\(d)'"
    case .bool(let b): return b ? "TRUE" : "FALSE"
    case .null: return "NULL"
    case .period: throw EngineError(.unsupported, "a period does not compile to an SQL value")
    }
  }

  /// A condition, two-valued (`COALESCE(..., FALSE)` around each comparison).
  func condition(_ e: BoolExpr, _ universe: Universe) throws -> String {
    func sure(_ text: String) -> String { "COALESCE(\(text), FALSE)" }
    switch e {
    case .and(let parts): return "(" + (try parts.map { try condition($0, universe) }).joined(separator: " AND ") + ")"
    case .or(let parts): return "(" + (try parts.map { try condition($0, universe) }).joined(separator: " OR ") + ")"
    case .not(let inner): return "(NOT \(try condition(inner, universe)))"
    case .compare(let l, let op, let r):
      let sqlOp = op == .notEqual ? "<>" : op.rawValue
      return sure("\(try value(l, universe)) \(sqlOp) \(try value(r, universe))")
    case .inList(let v, let items, let negated):
      let list = try items.map { try value($0, universe) }.joined(separator: ", ")
      let test = sure("\(try value(v, universe)) IN (\(list))")
      return negated ? "(NOT \(test))" : test
    case .between(let v, let low, let high, let negated):
      let test = sure("\(try value(v, universe)) BETWEEN \(try value(low, universe)) AND \(try value(high, universe))")
      return negated ? "(NOT \(test))" : test
    case .like(let v, let pattern, let negated):
      let test = sure("\(try value(v, universe)) LIKE \(dialect.string(pattern))")
      return negated ? "(NOT \(test))" : test
    case .isNull(let v, let negated):
      return "(\(try value(v, universe)) IS \(negated ? "NOT " : "")NULL)"
    case .truth(let v):
      return sure(try value(v, universe))
    }
  }
}
