/// The day counts a metric tree's day ratios use: the window's length (in days and months), and the lengths of
/// the countback periods back from the as-of date.
struct TreeDays {
  var window = 0
  /// The calendar months the window touches (CEI's monthly-average sales).
  var months = 1
  var periods: [Int] = []
}
