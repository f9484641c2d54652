import ArqlLanguage

/// A query with every name, date and window resolved: what the executor runs and what
/// `explain` prints.
struct BoundQuery {
  /// One output metric (several columns for an aged balance).
  struct Item {
    let name: String
    let tree: MetricTree
    let unit: MetricUnit
    /// Set when the item is an aged balance on its own: one column per bucket.
    let aging: AgingSpec?
    /// The formula text shown by `explain`.
    let formula: String
  }

  /// One grouping key.
  enum Group: Hashable {
    case attribute(String, grain: TimeUnit?)
    case bucket(String, edges: [Int64])
    case defined(String, ValueExpr)

    var name: String {
      switch self {
      case .attribute(let n, let g): return g.map { "\(n)_\($0.word)" } ?? n
      case .bucket(let n, _): return n + "_bucket"
      case .defined(let n, _): return n
      }
    }
  }

  var items: [Item]
  var groups: [Group]
  /// `by month`: one evaluation per bucket of the window.
  var grain: TimeUnit?
  var filter: BoolExpr?
  var having: BoolExpr?
  var window: DateRange
  /// Whether any metric needs the window.
  var usesWindow: Bool
  var asOf: Int32
  var asOfSource: String
  /// The comparison's window and as-of date, and its name.
  var comparison: (window: DateRange, asOf: Int32, label: String)?
  var trend: Bool
  var ranking: Ranking?
  var order: [OrderItem]?
  var limit: Int?
  var pivot: PivotItem?
  var notes: [String]
}
