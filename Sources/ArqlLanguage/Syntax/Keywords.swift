/// The words of the language. Reserved words cannot be bare identifiers (use backticks);
/// unit, grain, format and other words are contextual: keywords only where the grammar
/// expects them. `grammar/arql.ebnf` lists the same reserved words; a test checks it.
public enum Keywords {
  /// Words that start or structure clauses and statements.
  public static let reserved: Set<String> = [
    "and", "as", "asc", "between", "bottom", "by", "case", "chart", "define", "desc", "else", "end", "explain", "false",
    "from", "having", "in", "is", "last", "let", "like", "limit", "load", "next", "not", "null", "of", "or", "order",
    "param", "per", "pivot", "previous", "run", "set", "this", "to", "top", "trend", "true", "vs", "when", "where",
    "then", "with", "ytd", "qtd", "mtd", "par",
  ]

  /// French words read as the English keyword (`balance par client`): only where that keyword
  /// is expected, so a metric phrase that holds one (`dso par epuisement`) still matches first.
  public static let synonyms: [String: String] = ["par": "by"]

  /// French names of the native dimensions (accents taken off, `MetricVocabulary.fold`), read
  /// as the native name when the ledger has no column of that name itself.
  public static let frenchDimensions: [String: String] = [
    "client": "customer", "code_client": "customer", "raison_sociale": "name", "nom": "name", "nom_client": "name",
    "categorie": "category", "pays": "country", "devise": "currency", "commercial": "sales_rep", "recouvreur": "collector",
    "gestionnaire": "collector", "facture": "invoice", "piece": "invoice", "type_piece": "doc_type", "statut": "status",
    "echeance": "due_date", "date_echeance": "due_date", "date_piece": "doc_date", "date_facture": "doc_date",
    "date_comptable": "posting_date", "montant": "amount", "montant_ht": "net_amount", "plafond": "credit_limit",
    "encours_autorise": "credit_limit", "delai_paiement": "payment_terms_days", "reglement": "payment_id",
    "date_reglement": "payment_date", "litige": "dispute", "motif": "reason", "litigieux": "disputed", "relance": "action",
    "promesse": "promise", "retard": "days_past_due", "jours_de_retard": "days_past_due",
    "anciennete": "age", "montant_ouvert": "open_amount", "reste_du": "open_amount",
  ]

  /// French time grains after `par` (`par mois`), accents taken off.
  public static let frenchGrains: [String: TimeUnit] = [
    "jour": .day, "semaine": .week, "mois": .month, "trimestre": .quarter, "annee": .year, "an": .year,
  ]

  /// The English keyword a word stands for (the word itself when it is no synonym).
  public static func canonical(_ word: String) -> String { synonyms[word] ?? word }

  /// Time units, singular and plural.
  public static let units: [String: TimeUnit] = [
    "day": .day, "days": .day, "week": .week, "weeks": .week, "month": .month, "months": .month,
    "quarter": .quarter, "quarters": .quarter, "year": .year, "years": .year,
    "fiscal_quarter": .fiscalQuarter, "fiscal_quarters": .fiscalQuarter, "fiscal_year": .fiscalYear,
    "fiscal_years": .fiscalYear,
  ]

  /// Output formats after `as`.
  public static let formats: [String] = ["table", "ascii", "vertical", "csv", "csv_fr", "tsv", "json", "jsonl", "markdown", "html"]

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
    "by", "par", "where", "having", "last", "next", "this", "previous", "ytd", "qtd", "mtd", "today", "yesterday", "from", "in",
    "as of", "vs", "trend", "top", "bottom", "order by", "limit", "pivot", "as", "chart", "to",
  ]

  /// Words that start a statement.
  public static let statementStarts: [String] = ["explain", "backtest", "list", "define", "run", "let", "param", "set", "load"]
}
