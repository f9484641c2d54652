import ArqlLedger

/// One evaluation of a query: point-in-time metrics at `asOf`, window metrics over `window`.
/// A grain makes one context per bucket; a comparison adds the shifted contexts.
struct EvaluationContext: Hashable {
  let asOf: Int32
  let window: DateRange
  /// The bucket label when grouped by a grain.
  let bucket: String?
}
