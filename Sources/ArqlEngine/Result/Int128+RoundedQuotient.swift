extension Int128 {
  /// `self / divisor` rounded half away from zero (`divisor` ≠ 0), exact except for
  /// `Int128.min / ±1`, whose magnitude has no Int128 and is clamped: the one rounding of the
  /// engine's integer divisions (a payer's delay in whole days, HT to the cent, a provision
  /// from basis points).
  func roundedQuotient(dividingBy divisor: Int128) -> Int128 {
    let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: divisor.magnitude)
    // remainder ≥ |divisor| − remainder, without doubling the remainder.
    let rounded = Int128(clamping: quotient) + (remainder >= divisor.magnitude - remainder ? 1 : 0)
    return (self < 0) != (divisor < 0) ? -rounded : rounded
  }
}
