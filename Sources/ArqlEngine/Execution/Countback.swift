/// The countback ("par épuisement") walk of kpi-spec §3.2.
enum Countback {
  /// Days of sales the balance represents: the balance is taken away from each period's net
  /// sales, most recent first; a period fully absorbed counts all its days, the period where
  /// the balance runs out counts the covered fraction. A credit balance is 0 days; a period
  /// with no or negative net sales counts all its days and is crossed (or, with `.stop`, ends
  /// the walk); a balance the periods do not exhaust counts every period's days.
  /// Returns the days and the flags the walk raises (kpi-spec §1.8): `CREDIT_BALANCE`,
  /// `NEG_MONTH`, `AR_NOT_EXHAUSTED`.
  static func walk<S: Sequence<Int64>>(balance: Int64, sales: S, lengths: [Int], zeroMonth: CountbackZeroMonth)
    -> (days: Double, flags: [ResultFlag])
  {
    guard balance > 0 else { return (0, [.creditBalance]) }
    var remaining = balance
    var days = 0.0
    var flags: [ResultFlag] = []
    for (s, length) in zip(sales, lengths) {
      if s <= 0 {
        flags.append(.negativeMonth)
        if zeroMonth == .stop { return (days, flags) }
      }
      let s = max(0, s)
      if s > 0 && remaining <= s { return (days + Double(remaining) / Double(s) * Double(length), flags) }
      remaining -= s
      days += Double(length)
    }
    return (days, flags + [.arNotExhausted])
  }
}
