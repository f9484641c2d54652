import ArqlLanguage
import Testing

@Suite("Parser smoke")
struct SmokeTests {
  @Test("examples", arguments: [
    "dso by division last 90 days",
    "countback dso by division as of 2025-06-30",
    "aged balance by customer top 20",
    "cei by month last 12 months",
    "overdue where division = 'North' by sales_rep",
    "dso, bpdso, delinquent_dso by quarter ytd",
    "balance, overdue by division vs previous quarter",
    "cei by division this quarter vs same period last year",
    "dso trend last 6 months where division in ('North', 'East')",
    "overdue by customer where days_past_due > 90 and not disputed order by overdue desc limit 50",
    "aged_balance(buckets: [30, 60, 90, 180]) by division as csv to 'aging.csv'",
    "define metric severe_overdue = overdue where days_past_due > 90 'Open items more than 90 days late'\nsevere_overdue by sales_rep top 10 chart bar",
    "define metric overdue_ratio = overdue / balance format percent\noverdue_ratio by division pivot by quarter last 4 quarters",
    "param div: text = 'North'\nlet cutoff = 2025-06-30\ndso by customer where division = $div as of $cutoff bottom 10 as json",
    "collection forecast by week next 8 weeks where division = 'South'",
    "define query north_aging = aged balance where division = 'North' by customer top 20\nrun north_aging as of end of previous quarter as markdown",
    "explain sql postgres cei by month last 12 months",
  ])
  func examples(_ text: String) {
    let result = TestVocabulary.parse(text)
    guard case .complete(let script) = result else {
      Issue.record("\(result)")
      return
    }
    let formatted = Formatter.format(script)
    let again = TestVocabulary.parse(formatted)
    #expect(again.script == script, "\(formatted)")
    print(formatted)
  }
}
