import ArqlEngine

/// The heading of a result column in a table for people: an aged balance's bucket columns
/// short (`Current`, `1–30`, ... `> 120`, `Unapplied`, `Total`, and `_prev`, `_change` after
/// them), and in French (`set locale = fr`) the common metrics and dimensions in French.
/// Machine formats keep the column names.
public enum ColumnHeading {
  /// The heading of the column named `name` in `table`.
  public static func text(_ name: String, in table: ResultTable, locale: NumberLocale) -> String {
    if let (bucket, suffix) = table.agingBucket(of: name) {
      return bucketHeading(bucket, locale) + suffixHeading(suffix, locale)
    }
    guard locale == .fr else { return name }
    for suffix in ResultTable.derivedSuffixes where name.hasSuffix(suffix) && name.count > suffix.count {
      let base = String(name.dropLast(suffix.count))
      if let french = french[base] { return french + suffixHeading(suffix, locale) }
    }
    return french[name] ?? name
  }

  /// Whether a column is an aged balance's total (kept when a table is too wide).
  static func isAgingTotal(_ name: String, in table: ResultTable) -> Bool {
    table.agingBucket(of: name).map { $0.bucket == "total" && $0.suffix.isEmpty } ?? false
  }

  /// Whether a column is an aged balance's unapplied credits (left out first when a table is too wide).
  static func isAgingUnapplied(_ name: String, in table: ResultTable) -> Bool {
    table.agingBucket(of: name).map { $0.bucket == "unapplied" } ?? false
  }

  static func bucketHeading(_ bucket: String, _ locale: NumberLocale) -> String {
    let fr = locale == .fr
    switch bucket {
    case "current": return fr ? "Non échu" : "Current"
    case "unapplied": return fr ? "Non affecté" : "Unapplied"
    case "total": return "Total"
    default: return ResultTable.agingRange(bucket) ?? bucket
    }
  }

  static func suffixHeading(_ suffix: String, _ locale: NumberLocale) -> String {
    let fr = locale == .fr
    switch suffix {
    case "_prev": return fr ? " préc." : " prev"
    case "_change": return fr ? " écart" : " Δ"
    case "_change_pct": return fr ? " écart %" : " Δ %"
    case "_trend_change": return fr ? " tendance" : " trend"
    default: return ""
    }
  }

  /// French headings of the common metrics and dimensions (others keep their name).
  static let french: [String: String] = [
    // dimensions
    "customer": "client", "name": "raison sociale", "customer_name": "raison sociale", "division": "division",
    "sales_rep": "commercial", "collector": "recouvreur", "category": "catégorie", "country": "pays", "currency": "devise",
    "invoice": "facture", "doc_type": "type", "status": "statut", "due_date": "échéance", "doc_date": "date pièce",
    "posting_date": "date comptable", "payment_date": "date règlement", "day": "jour", "week": "semaine", "month": "mois",
    "quarter": "trimestre", "year": "année", "fiscal_quarter": "trimestre fiscal", "fiscal_year": "exercice",
    "period": "période", "days_past_due": "jours de retard", "open_amount": "reste dû", "dispute": "litige", "promise": "promesse",
    "customer_id": "client", "amount": "montant", "agent": "agent",
    // metrics
    "balance": "encours", "gross_open": "encours brut", "overdue": "échu", "not_due": "non échu", "unapplied": "non affecté",
    "open_count": "pièces ouvertes", "credit_sales": "ventes", "collected": "encaissé", "item_count": "factures",
    "dso": "DSO", "countback_dso": "DSO épuisement", "delinquent_dso": "DSO retard", "bpdso": "DSO optimal", "cei": "CEI",
    "dbt": "retard moyen", "avg_days_to_pay": "délai de paiement", "avg_terms": "délai contractuel",
    "disputed_amount": "en litige", "open_disputes": "litiges ouverts", "overdue_share": "taux d'échu",
    "overdue_60_share": "échu > 60 j", "overdue_90_share": "échu > 90 j", "credit_limits": "limites de crédit",
    "credit_utilisation": "utilisation limite", "credit_overrun": "dépassement", "customers_over_limit": "clients en dépassement",
    "payment_delay": "retard pondéré", "payment_class": "classe payeur", "risk_score": "score de risque",
    "concentration": "concentration", "collection_rate": "taux de recouvrement", "on_time_rate": "taux à échéance",
    "dispute_rate": "taux de litige", "lettering_rate": "taux de lettrage", "auto_match_rate": "lettrage auto",
    "unmatched_cash": "encaissements non lettrés", "actions": "relances", "promise_kept_rate": "promesses tenues",
    "ht_open": "encours HT", "provision": "provision", "provision_rate": "taux de provision", "booked_provision": "provision comptabilisée",
    "forecast": "prévision", "real_exposure": "encours réel", "risk_exposure": "encours de risque", "ar_turnover": "rotation",
  ]
}
