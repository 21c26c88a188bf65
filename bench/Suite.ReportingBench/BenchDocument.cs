using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.ReportingBench;

/// <summary>
/// A realistic large report: 6 headlines, 6 charts (three 90-day daily series, a 52-week line, 12 months of grouped
/// bars, an 8-slice pie) and 3 tables (200 accounts, 90 days, 52 weeks), with sections and text. Seeded: the same every run.
/// </summary>
public static class BenchDocument
{
    public static ReportDocument Build()
    {
        var random = new Random(42);
        var start = new DateOnly(2026, 1, 1);
        var days = Enumerable.Range(0, 90).Select(d => start.AddDays(d)).ToList();
        var dayNames = days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        var logins = days.Select(_ => (double?)random.Next(8_000, 12_000)).ToList();
        var failed = logins.Select(l => (double?)(l!.Value * (0.02 + random.NextDouble() * 0.1))).ToList();
        var unique = logins.Select(l => (double?)(l!.Value * 0.6)).ToList();
        var weeks = Enumerable.Range(1, 52).Select(w => $"2025-W{w:00}").ToList();
        var months = Enumerable.Range(1, 12).Select(m => new DateOnly(2025, m, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture)).ToList();
        string Pct(double v) => (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";
        string Num(double v) => v.ToString("#,##0", CultureInfo.InvariantCulture);

        var accounts = Enumerable.Range(1, 200).Select(i =>
        {
            var health = random.NextDouble();
            var mrr = random.Next(5_000, 900_000) / 100m;
            return (IReadOnlyList<Cell>)
            [
                Cell.Of($"Account {i:000} GmbH & Co. KG"),
                new Cell(mrr.ToString("$#,##0.00", CultureInfo.InvariantCulture), mrr),
                new Cell(Pct(health), health, health < 0.2 ? Flag.Alert : health < 0.4 ? Flag.Warning : Flag.None),
                Cell.Of(health < 0.2 ? "call this week" : health < 0.4 ? "check in" : "none"),
                new Cell(start.AddDays(random.Next(90)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start.AddDays(random.Next(90))),
            ];
        }).ToList();
        var daily = days.Select((d, i) => (IReadOnlyList<Cell>)
        [
            new Cell(dayNames[i], d),
            new Cell(Num(logins[i]!.Value), logins[i]),
            new Cell(Num(failed[i]!.Value), failed[i]),
            new Cell(Pct(failed[i]!.Value / logins[i]!.Value), failed[i]!.Value / logins[i]!.Value, failed[i]!.Value / logins[i]!.Value > 0.1 ? Flag.Alert : Flag.None),
        ]).ToList();
        var weekly = weeks.Select(w =>
        {
            var quotes = random.Next(300, 900);
            var portal = random.Next(100, quotes);
            return (IReadOnlyList<Cell>)[Cell.Of(w), new Cell(Num(quotes), quotes), new Cell(Num(portal), portal), new Cell(Pct(portal / (double)quotes), portal / (double)quotes)];
        }).ToList();

        return new ReportDocument("Executive overview, Q1 2026", "acme", "2026-01-01 to 2026-03-31 (Europe/Berlin)",
            new DateTimeOffset(2026, 4, 1, 6, 0, 0, TimeSpan.Zero),
            [
                new HeadlineBlock(
                [
                    new Headline("MRR", 1_234_567.89, "$1,234,567.89", "+3.1 % vs previous quarter", Flag.Good),
                    new Headline("ARR", 14_814_814.68, "$14,814,814.68"),
                    new Headline("Churn", 0.021, "2.10 %", "-0.4 pt"),
                    new Headline("NRR", 1.07, "107.00 %"),
                    new Headline("Login failure rate", 0.112, "11.20 %", Flag: Flag.Alert, Note: "above 10 %"),
                    new Headline("At-risk accounts", 23, "23", Flag: Flag.Warning),
                ]),
                new SectionBlock("Activity"),
                new TextBlock("Daily logins, failures and unique users over the quarter, then the weekly quote mix and monthly revenue movements."),
                new ChartBlock("Logins per day", ChartKind.Line, dayNames, [new ChartSeries("logins", logins), new ChartSeries("unique users", unique), new ChartSeries("failed", failed)], "logins"),
                new ChartBlock("Failed logins per day", ChartKind.Bar, dayNames, [new ChartSeries("failed", failed)], "logins"),
                new ChartBlock("Failure rate per day", ChartKind.Line, dayNames, [new ChartSeries("failure rate", failed.Zip(logins, (f, l) => (double?)(f!.Value / l!.Value * 100)).ToList())], "%"),
                new ChartBlock("Quotes per week", ChartKind.Line, weeks, [new ChartSeries("quotes", weekly.Select(r => (double?)Convert.ToDouble(r[1].Value, CultureInfo.InvariantCulture)).ToList())]),
                new ChartBlock("Revenue movements per month", ChartKind.Bar, months,
                    [new ChartSeries("new", months.Select(_ => (double?)random.Next(10_000, 40_000)).ToList()), new ChartSeries("churned", months.Select(_ => (double?)random.Next(2_000, 15_000)).ToList())], "$"),
                new ChartBlock("Accounts by engagement tier", ChartKind.Pie, ["power user", "normal", "low engagement", "no activity", "no users", "trial", "paused", "other"],
                    [new ChartSeries("accounts", [42, 88, 35, 12, 5, 9, 3, 6])]),
                new SectionBlock("Accounts"),
                new TableBlock("Accounts by health", [new TableColumn("Account", Width: 2.2f), new TableColumn("MRR", ColumnKind.Money), new TableColumn("Health", ColumnKind.Percent), new TableColumn("Action", Width: 1.2f), new TableColumn("Last login", ColumnKind.Date)], accounts),
                new SectionBlock("Daily and weekly figures"),
                new TableBlock("Logins per day", [new TableColumn("Day", ColumnKind.Date), new TableColumn("Logins", ColumnKind.Number), new TableColumn("Failed", ColumnKind.Number), new TableColumn("Failure rate", ColumnKind.Percent)], daily),
                new TableBlock("Quotes per week", [new TableColumn("Week"), new TableColumn("Quotes", ColumnKind.Number), new TableColumn("Portal", ColumnKind.Number), new TableColumn("Portal share", ColumnKind.Percent)], weekly),
            ])
        {
            FileBase = "executive-overview_2026-q1",
        };
    }
}
