/// One generated SQL statement and what its result columns hold: the context index `k`, one
/// column per group spec (`g0`, `g1`, ...), then one integer column per leaf value.
struct SQLStatement {
  /// What one leaf column of the result holds.
  enum Part: Hashable {
    /// The leaf's value.
    case value
    /// One column of an aged balance (its buckets, then the unapplied column).
    case agingColumn(Int)
    /// The net sales of countback period `p` (0 = month to date).
    case period(Int)
    /// The open items whose amount without VAT was estimated (no net_amount): HT_ESTIMATED.
    case estimated
  }

  /// A leaf column: the leaf and which of its values.
  struct Column: Hashable {
    let leaf: MetricLeaf
    let part: Part
  }

  /// The SQL text.
  var text: String
  /// The number of group columns after `k`.
  var groupColumns: Int
  /// The leaf columns after the group columns, in order.
  var columns: [Column]
}
