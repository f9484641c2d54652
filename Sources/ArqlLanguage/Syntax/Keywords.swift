/// The words of the language. Reserved words cannot be bare identifiers (use backticks);
/// unit, grain, format and other words are contextual: keywords only where the grammar
/// expects them. `grammar/arql.ebnf` lists the same reserved words; a test checks it.
public enum Keywords {
  /// Words that start or structure clauses and statements.
  public static let reserved: Set<String> = [
    "and", "as", "asc", "between", "bottom", "by", "case", "chart", "define", "desc", "else", "end", "explain", "false",
    "from", "having", "in", "is", "last", "let", "like", "limit", "load", "next", "not", "null", "of", "or", "order",
    "param", "per", "pivot", "previous", "run", "set", "this", "to", "top", "trend", "true", "vs", "when", "where",
    "then", "with", "ytd", "qtd", "mtd",
  ]

  /// Time units, singular and plural.
  public static let units: [String: TimeUnit] = [
    "day": .day, "days": .day, "week": .week, "weeks": .week, "month": .month, "months": .month,
    "quarter": .quarter, "quarters": .quarter, "year": .year, "years": .year,
    "fiscal_quarter": .fiscalQuarter, "fiscal_quarters": .fiscalQuarter, "fiscal_year": .fiscalYear,
    "fiscal_years": .fiscalYear,
  ]

  /// Output formats after `as`.
  public static let formats: [String] = ["table", "ascii", "csv", "tsv", "json", "jsonl", "markdown", "html"]

  /// Chart kinds after `chart`.
  public static let chartKinds: [String] = ["bar", "line", "spark", "stacked"]

  /// SQL dialects after `explain sql`.
  public static let dialects: [String] = ["postgres", "duckdb", "spark"]

  /// Types of `param` and definition parameters.
  public static let typeNames: [String] = ["text", "number", "date", "period", "bool", "list"]

  /// Number formats of `define metric ... format`.
  public static let numberFormats: [String] = ["percent", "days", "currency", "integer", "decimal"]

  /// Words that start a clause (for "expected" lists and error recovery).
  public static let clauseStarts: [String] = [
    "by", "where", "having", "last", "next", "this", "previous", "ytd", "qtd", "mtd", "today", "yesterday", "from", "in",
    "as of", "vs", "trend", "top", "bottom", "order by", "limit", "pivot", "as", "chart", "to",
  ]

  /// Words that start a statement.
  public static let statementStarts: [String] = ["explain", "backtest", "define", "run", "let", "param", "set", "load"]
}
