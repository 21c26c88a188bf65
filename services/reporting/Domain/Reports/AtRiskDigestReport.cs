using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Domain.Reports;

/// <summary>
/// The weekly at-risk digest (pure): accounts at high or critical churn risk now, riskiest first, with their reasons
/// and the recommended action; which of them reached their level during the period ("new this week"); counts by level.
/// </summary>
public static class AtRiskDigestReport
{
    public const string Title = "Weekly at-risk digest";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>New this period: reached its current level at or after the period's start (unknown counts as earlier).</summary>
    public static bool IsNew(AtRiskAccount account, DateTimeOffset periodFrom) => account.LevelSince >= periodFrom;

    public static ReportDocument Build(string tenant, string period, DateTimeOffset generatedAt, DateTimeOffset periodFrom,
        IReadOnlyList<AtRiskAccount> accounts, RiskCounts counts)
    {
        var ordered = accounts.OrderByDescending(a => a.Probability).ThenBy(a => a.AccountId, StringComparer.Ordinal).ToList();
        long NewAt(string level) => ordered.Count(a => a.Level == level && IsNew(a, periodFrom));
        var (newCritical, newHigh) = (NewAt("critical"), NewAt("high"));
        var complete = ordered.Count >= counts.Total;

        var headlines = new List<Headline>
        {
            new("Critical", counts.Critical, Count(counts.Critical), $"{Count(newCritical)} new this week", counts.Critical > 0 ? Flag.Alert : Flag.Good),
            new("High", counts.High, Count(counts.High), $"{Count(newHigh)} new this week", counts.High > 0 ? Flag.Warning : Flag.Good),
            new("New this week", newCritical + newHigh, Count(newCritical + newHigh)),
            new("Earlier", counts.Total - newCritical - newHigh, Count(counts.Total - newCritical - newHigh)),
        };
        var byLevel = new TableBlock("Accounts by level",
            [new("Level", ColumnKind.Text, 1.5f), new("Accounts", ColumnKind.Number), new("New this week", ColumnKind.Number), new("Earlier", ColumnKind.Number)],
            new (string Name, long All, long New)[] { ("critical", counts.Critical, newCritical), ("high", counts.High, newHigh) }
                .Select(l => (IReadOnlyList<Cell>)[Cell.Of(l.Name), Number(l.All), Number(l.New), Number(l.All - l.New)]).ToList());
        var table = new TableBlock("Accounts at risk, riskiest first",
        [
            new("Account", ColumnKind.Text, 1.2f), new("Probability", ColumnKind.Percent, 0.8f), new("Level", ColumnKind.Text, 0.6f),
            new("Since", ColumnKind.Date, 0.75f), new("New", ColumnKind.Text, 0.4f), new("Top features", ColumnKind.Text, 2.2f),
            new("Recommended action", ColumnKind.Text, 2.05f),
        ],
        ordered.Select(a => (IReadOnlyList<Cell>)
        [
            Cell.Of(a.AccountId),
            new(PercentText(a.Probability), a.Probability),
            new(a.Level, null, a.Level == "critical" ? Flag.Alert : Flag.Warning),
            a.LevelSince is { } since ? new Cell(since.UtcDateTime.ToString("yyyy-MM-dd", Invariant), DateOnly.FromDateTime(since.UtcDateTime)) : Cell.Of("n/a"),
            Cell.Of(IsNew(a, periodFrom) ? "yes" : "no"),
            Cell.Of(RiskWording.Features(a.TopFeatures)),
            Cell.Of(RiskWording.Action(a.Interventions)),
        ]).ToList())
        { EmptyText = "No account is at high or critical churn risk." };

        return new ReportDocument(Title, tenant, period, generatedAt,
        [
            new HeadlineBlock(headlines),
            new TextBlock(counts.Total == 0
                ? "No account is at high or critical churn risk."
                : $"{Count(counts.Total)} account{(counts.Total == 1 ? " is" : "s are")} at high or critical churn risk; " +
                  $"{Count(newCritical + newHigh)} reached their level this week." +
                  (complete ? "" : $" The {Count(ordered.Count)} riskiest are listed; new-this-week counts cover those listed.")),
            new ChartBlock("Accounts by churn risk level", ChartKind.Bar, ["High", "Critical"],
            [
                new ChartSeries("New this week", [newHigh, newCritical]),
                new ChartSeries("Earlier", [counts.High - newHigh, counts.Critical - newCritical]),
            ], "accounts"),
            byLevel,
            new SectionBlock("Accounts"),
            table,
        ]);
    }

    public static string PercentText(double fraction) => (fraction * 100).ToString("0.0", Invariant) + " %";

    private static string Count(long value) => value.ToString("#,##0", Invariant);

    private static Cell Number(long value) => new(Count(value), value);
}
