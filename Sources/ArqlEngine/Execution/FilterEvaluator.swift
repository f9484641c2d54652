import ArqlLanguage
import ArqlLedger

/// Turns a condition into a row mask over one universe. Common shapes run as column loops
/// (a dimension compared with a constant is decided once per dictionary value, numbers and
/// dates compare in integers); anything else (arithmetic, functions, two columns) falls back
/// to row-wise evaluation.
struct FilterEvaluator {
  let count: Int
  let parameters: Parameters
  let lookup: (String) -> AttributeColumn?
  let defined: [String: ValueExpr]

  // MARK: - Conditions

  func mask(_ e: BoolExpr) throws -> [Bool] {
    switch e {
    case .and(let parts):
      var result = [Bool](repeating: true, count: count)
      for part in parts {
        let m = try mask(part)
        for i in 0..<count where !m[i] { result[i] = false }
      }
      return result
    case .or(let parts):
      var result = [Bool](repeating: false, count: count)
      for part in parts {
        let m = try mask(part)
        for i in 0..<count where m[i] { result[i] = true }
      }
      return result
    case .not(let inner):
      return try mask(inner).map { !$0 }
    case .compare(let l, let op, let r):
      if let fast = try compareFast(l, op, r) { return fast }
      if let fast = try compareFast(r, op.mirrored, l) { return fast }
      return try rowWise(e)
    case .inList(let v, let items, let negated):
      if case .column(let id) = v, let column = try attribute(id) {
        let values = try items.map { try constant($0) }
        return try membership(column, values, negated: negated)
      }
      return try rowWise(e)
    case .between(let v, let low, let high, let negated):
      let m = try mask(.and([.compare(v, .greaterEqual, low), .compare(v, .lessEqual, high)]))
      return negated ? m.map { !$0 } : m
    case .like(let v, let pattern, let negated):
      if case .column(let id) = v, case .text(let codes, let labels)? = try attribute(id) {
        let matcher = LikePattern(pattern)
        let table = labels.map { matcher.matches($0) != negated }
        return codes.map { $0 >= 0 ? table[Int($0)] : false }
      }
      return try rowWise(e)
    case .isNull(let v, let negated):
      if case .column(let id) = v, let column = try attribute(id) {
        return (0..<count).map { (column.scalar($0) == nil) != negated }
      }
      return try rowWise(e)
    case .truth(let v):
      if case .column(let id) = v, let column = try attribute(id) {
        guard case .bool(let values) = column else {
          throw EngineError.typeMismatch("'\(id.name)' is \(column.typeName), not true/false: compare it with a value", at: id.range)
        }
        return values
      }
      return try rowWise(e)
    }
  }

  /// The column named by an identifier (a user dimension is evaluated row-wise, so nil here).
  func attribute(_ id: Identifier) throws -> AttributeColumn? {
    if defined[id.name] != nil { return nil }
    guard let column = lookup(id.name) else { throw unknownColumn(id) }
    return column
  }

  func unknownColumn(_ id: Identifier) -> EngineError {
    EngineError(.unknownDimension, "unknown column '\(id.name)'", at: id.range)
  }

  /// A literal or `$parameter` as a scalar; nil for null.
  func constant(_ v: ValueExpr) throws -> Scalar? {
    switch v {
    case .literal(let l, _): return try Scalar(l)
    case .parameter(let p):
      guard let value = parameters.values[p.name] else { throw EngineError.unknownParameter(p.name, at: p.range) }
      if case .literal(let l) = value { return try Scalar(l) }
      if case .value(let inner) = value { return try constant(inner) }
      throw EngineError.typeMismatch("$\(p.name) is not a value", at: p.range)
    case .negate(let inner):
      if case .number(let n)? = try constant(inner) { return .number(-n) }
      throw EngineError.typeMismatch("only numbers can be negated")
    default:
      throw EngineError.typeMismatch("expected a value")
    }
  }

  func isConstant(_ v: ValueExpr) -> Bool {
    switch v {
    case .literal, .parameter: return true
    case .negate(let inner): return isConstant(inner)
    default: return false
    }
  }

  /// `column op constant` in a column loop.
  func compareFast(_ l: ValueExpr, _ op: ComparisonOperator, _ r: ValueExpr) throws -> [Bool]? {
    guard case .column(let id) = l, isConstant(r), let column = try attribute(id) else { return nil }
    guard let value = try constant(r) else {
      // Comparing with null is never true (use 'is null').
      return [Bool](repeating: false, count: count)
    }
    switch (column, value) {
    case (.text(let codes, let labels), .text(let s)):
      let table = labels.map { op.holds(Scalar.compare(.text($0), .text(s)) ?? 0) }
      return codes.map { $0 >= 0 ? table[Int($0)] : false }
    case (.number(let values, let scale, let valid), .number):
      guard case .literal(let literal, _) = r.unwrappedLiteral(parameters), case .number(let exact) = literal else {
        return nil
      }
      return numberMask(values, scale: scale, valid: valid, op, exact)
    case (.day(let values, let valid), .day(let d)):
      return (0..<values.count).map { i in (valid?[i] ?? true) && op.holds(values[i] == d ? 0 : (values[i] < d ? -1 : 1)) }
    case (.bool(let values), .bool(let b)):
      return values.map { op.holds($0 == b ? 0 : (!$0 ? -1 : 1)) }
    default:
      throw EngineError.typeMismatch("'\(id.name)' is \(column.typeName) and cannot be compared with \(value)", at: id.range)
    }
  }

  /// Exact comparison of scaled integers with a decimal constant.
  func numberMask(_ values: ColumnArray<Int64>, scale: Int, valid: [Bool]?, _ op: ComparisonOperator, _ c: ExactNumber) -> [Bool] {
    // Bring both sides to the larger scale.
    let target = max(scale, c.scale)
    var columnFactor: Int64 = 1
    for _ in 0..<(target - scale) { columnFactor *= 10 }
    var constant = c.mantissa
    for _ in 0..<(target - c.scale) { constant = constant.multipliedReportingOverflow(by: 10).overflow ? Int64.max : constant * 10 }
    var result = [Bool](repeating: false, count: values.count)
    for i in 0..<values.count where valid?[i] ?? true {
      let v = values[i].multipliedReportingOverflow(by: columnFactor)
      let x = v.overflow ? (values[i] > 0 ? Int64.max : Int64.min) : v.partialValue
      result[i] = op.holds(x == constant ? 0 : (x < constant ? -1 : 1))
    }
    return result
  }

  func membership(_ column: AttributeColumn, _ values: [Scalar?], negated: Bool) throws -> [Bool] {
    let present = values.compactMap { $0 }
    if case .text(let codes, let labels) = column {
      let wanted = Set(present.compactMap { if case .text(let s) = $0 { return s } else { return nil } })
      let table = labels.map { wanted.contains($0) != negated }
      return codes.map { $0 >= 0 ? table[Int($0)] : false }
    }
    return (0..<count).map { row in
      guard let v = column.scalar(row) else { return false }
      return present.contains { Scalar.compare(v, $0) == 0 } != negated
    }
  }

  // MARK: - Row-wise

  func rowWise(_ e: BoolExpr) throws -> [Bool] {
    var result = [Bool](repeating: false, count: count)
    var columns: [String: AttributeColumn] = [:]
    for row in 0..<count { result[row] = try holds(e, row, &columns) }
    return result
  }

  func holds(_ e: BoolExpr, _ row: Int, _ columns: inout [String: AttributeColumn]) throws -> Bool {
    switch e {
    case .and(let parts): return try parts.allSatisfy { try holds($0, row, &columns) }
    case .or(let parts): return try parts.contains { try holds($0, row, &columns) }
    case .not(let inner): return try !holds(inner, row, &columns)
    case .compare(let l, let op, let r):
      guard let a = try value(l, row, &columns), let b = try value(r, row, &columns) else { return false }
      guard let c = Scalar.compare(a, b) else { throw EngineError.typeMismatch("cannot compare \(a) with \(b)") }
      return op.holds(c)
    case .inList(let v, let items, let negated):
      guard let a = try value(v, row, &columns) else { return false }
      var found = false
      for item in items where try value(item, row, &columns).map({ Scalar.compare(a, $0) == 0 }) ?? false { found = true }
      return found != negated
    case .between(let v, let low, let high, let negated):
      guard let a = try value(v, row, &columns), let lo = try value(low, row, &columns), let hi = try value(high, row, &columns)
      else { return false }
      let inside = (Scalar.compare(a, lo) ?? -1) >= 0 && (Scalar.compare(a, hi) ?? 1) <= 0
      return inside != negated
    case .like(let v, let pattern, let negated):
      guard case .text(let s)? = try value(v, row, &columns) else { return false }
      return LikePattern(pattern).matches(s) != negated
    case .isNull(let v, let negated):
      return (try value(v, row, &columns) == nil) != negated
    case .truth(let v):
      guard let a = try value(v, row, &columns) else { return false }
      guard case .bool(let b) = a else { throw EngineError.typeMismatch("a condition must be true/false") }
      return b
    }
  }

  func value(_ e: ValueExpr, _ row: Int, _ columns: inout [String: AttributeColumn]) throws -> Scalar? {
    switch e {
    case .literal, .parameter:
      return try constant(e)
    case .column(let id):
      if let definition = defined[id.name] { return try value(definition, row, &columns) }
      if let column = columns[id.name] { return column.scalar(row) }
      guard let column = lookup(id.name) else { throw unknownColumn(id) }
      columns[id.name] = column
      return column.scalar(row)
    case .negate(let inner):
      guard let v = try value(inner, row, &columns) else { return nil }
      guard case .number(let n) = v else { throw EngineError.typeMismatch("only numbers can be negated") }
      return .number(-n)
    case .binary(let op, let l, let r):
      guard let a = try value(l, row, &columns), let b = try value(r, row, &columns) else { return nil }
      switch (a, b) {
      case let (.number(x), .number(y)):
        switch op {
        case .add: return .number(x + y)
        case .subtract: return .number(x - y)
        case .multiply: return .number(x * y)
        case .divide: return y == 0 ? nil : .number(x / y)
        }
      case let (.day(x), .day(y)) where op == .subtract: return .number(Double(x - y))
      case let (.day(x), .number(y)) where op == .add || op == .subtract:
        return .day(op == .add ? x + Int32(y) : x - Int32(y))
      default:
        throw EngineError.typeMismatch("'\(op.rawValue)' needs numbers (or a date and a number of days)")
      }
    case .call(let name, let arguments):
      let values = try arguments.map { try value($0, row, &columns) }
      switch (name.name, values.count) {
      case ("lower", 1): if case .text(let s)? = values[0] { return .text(s.lowercased()) } else { return nil }
      case ("upper", 1): if case .text(let s)? = values[0] { return .text(s.uppercased()) } else { return nil }
      case ("abs", 1): if case .number(let n)? = values[0] { return .number(abs(n)) } else { return nil }
      case ("days", 2):
        guard case .day(let a)? = values[0], case .day(let b)? = values[1] else { return nil }
        return .number(Double(b - a))
      default:
        throw EngineError(.unsupported, "unknown function '\(name.name)/\(arguments.count)'", at: name.range,
                          notes: ["functions: lower(text), upper(text), abs(number), days(from_date, to_date)"])
      }
    case .caseWhen(let branches, let otherwise):
      for branch in branches where try holds(branch.condition, row, &columns) { return try value(branch.value, row, &columns) }
      return try otherwise.flatMap { try value($0, row, &columns) }
    }
  }
}

extension ComparisonOperator {
  /// Whether the operator holds for an ordering result (< 0, 0, > 0).
  func holds(_ order: Int) -> Bool {
    switch self {
    case .equal: return order == 0
    case .notEqual: return order != 0
    case .less: return order < 0
    case .lessEqual: return order <= 0
    case .greater: return order > 0
    case .greaterEqual: return order >= 0
    }
  }

  /// The operator with its sides swapped (`a < b` ⇔ `b > a`).
  var mirrored: ComparisonOperator {
    switch self {
    case .less: return .greater
    case .lessEqual: return .greaterEqual
    case .greater: return .less
    case .greaterEqual: return .lessEqual
    default: return self
    }
  }
}

extension ValueExpr {
  /// A literal, with parameters replaced by their literal value.
  func unwrappedLiteral(_ parameters: Parameters) -> ValueExpr {
    if case .parameter(let p) = self, case .literal(let l)? = parameters.values[p.name] { return .literal(l, p.range) }
    if case .negate(let inner) = self, case .literal(.number(let n), let r) = inner.unwrappedLiteral(parameters) {
      return .literal(.number(ExactNumber(mantissa: -n.mantissa, scale: n.scale)), r)
    }
    return self
  }
}

/// SQL `LIKE`: `%` any run, `_` one character; case-sensitive.
struct LikePattern {
  let parts: [Character]

  init(_ pattern: String) { parts = Array(pattern) }

  func matches(_ text: String) -> Bool {
    let s = Array(text)
    var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: parts.count + 1), count: s.count + 1)
    func go(_ i: Int, _ j: Int) -> Bool {
      if let known = memo[i][j] { return known }
      let result: Bool
      if j == parts.count {
        result = i == s.count
      } else if parts[j] == "%" {
        result = go(i, j + 1) || (i < s.count && go(i + 1, j))
      } else {
        result = i < s.count && (parts[j] == "_" || parts[j] == s[i]) && go(i + 1, j + 1)
      }
      memo[i][j] = result
      return result
    }
    return go(0, 0)
  }
}
