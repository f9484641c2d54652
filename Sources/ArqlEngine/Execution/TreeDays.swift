/// The day counts a metric tree's day ratios use: the window's length, and the lengths of
/// the countback periods back from the as-of date.
struct TreeDays {
  var window = 0
  var periods: [Int] = []
}
