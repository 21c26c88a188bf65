using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Domain.Reports;

/// <summary>Retained users of a cohort at one period; both null when metrics says the period is not reachable yet.</summary>
public sealed record RetentionCell(long? Retained, double? Rate);

/// <summary>A cohort (signup week or month, UTC) with its size and one cell per period 0, 1, … in order.</summary>
public sealed record CohortRow(DateOnly Start, long Size, IReadOnlyList<RetentionCell> Periods);

/// <summary>
/// The cohort retention report (pure): the retention triangle (cohort, size, period 0..n as %), the size-weighted
/// average retention at periods 1 and 3 as headlines, and the retention curves of the latest cohorts as a chart.
/// </summary>
public static class CohortRetentionReport
{
    public const string Title = "Cohort retention";
    public const string TableTitle = "Retention by cohort";

    /// <summary>Curves drawn: more than four lines are hard to tell apart.</summary>
    public const int ChartCohorts = 4;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Average retention at <paramref name="period"/>: retained users over cohort users, summed over the cohorts that
    /// reached it (weighted by size, so a cohort of 3 users does not count as much as one of 3,000); null when none did.
    /// </summary>
    public static double? AverageRetention(IReadOnlyList<CohortRow> cohorts, int period)
    {
        var reached = cohorts.Where(c => c.Size > 0 && period < c.Periods.Count && c.Periods[period].Retained is not null).ToList();
        var size = reached.Sum(c => c.Size);
        return size == 0 ? null : reached.Sum(c => c.Periods[period].Retained!.Value) / (double)size;
    }

    public static string CohortLabel(DateOnly start, CohortUnit unit) =>
        start.ToString(unit == CohortUnit.Month ? "yyyy-MM" : "yyyy-MM-dd", Invariant);

    public static ReportDocument Build(string tenant, string period, DateTimeOffset generatedAt, CohortRetentionParameters parameters, IReadOnlyList<CohortRow> cohorts)
    {
        var name = parameters.PeriodName;
        var unitText = parameters.Unit == CohortUnit.Week ? "ISO week (Monday)" : "month";
        var modeText = parameters.Mode == RetentionKind.NDay
            ? "n_day: retained when active exactly on that day"
            : "unbounded: retained when active on that day or any later day";
        var intro = new TextBlock($"Users grouped by the UTC {unitText} of their signup (first event). {name} k is day signup + {parameters.PeriodDays}·k; " +
            $"mode {modeText}. Averages are weighted by cohort size, over the cohorts that reached the period.");
        if (cohorts.Count == 0)
        {
            return new ReportDocument(Title, tenant, period, generatedAt, [intro, new TextBlock("No signups in these cohorts.")]);
        }

        var p1 = AverageRetention(cohorts, 1);
        var p3 = AverageRetention(cohorts, 3);
        var users = cohorts.Sum(c => c.Size);
        var headlines = new List<Headline>
        {
            new($"{name} 1 retention", p1, Percent(p1), Note: "average, weighted by cohort size"),
            new($"{name} 3 retention", p3, Percent(p3), Note: "average, weighted by cohort size"),
            new("Cohorts", cohorts.Count, cohorts.Count.ToString(Invariant)),
            new("Users", users, users.ToString("#,##0", Invariant)),
        };

        var periods = parameters.Cohorts;
        var columns = new List<TableColumn> { new("Cohort", ColumnKind.Date, 1.1f), new("Size", ColumnKind.Number, 0.9f) };
        columns.AddRange(Enumerable.Range(0, periods).Select(k => new TableColumn($"{name[0]}{k}", ColumnKind.Percent, 0.75f)));
        var rows = cohorts.Select(c =>
        {
            var row = new List<Cell> { new(CohortLabel(c.Start, parameters.Unit), c.Start), new(c.Size.ToString("#,##0", Invariant), c.Size) };
            row.AddRange(Enumerable.Range(0, periods).Select(k => k < c.Periods.Count && c.Periods[k].Rate is { } r ? new Cell(Percent(r), r) : Cell.Of("")));
            return (IReadOnlyList<Cell>)row;
        }).ToList();

        var blocks = new List<ReportBlock>
        {
            new HeadlineBlock(headlines),
            intro,
            new TableBlock(TableTitle, columns, rows),
            new TextBlock($"{name[0]}k: share of the cohort retained at {name.ToLowerInvariant()} k; blank where it is not reachable yet."),
        };
        blocks.Add(Curves(parameters, cohorts) is { } chart ? chart : new TextBlock($"No cohort has reached {name.ToLowerInvariant()} 1 yet: no curves to draw."));
        return new ReportDocument(Title, tenant, period, generatedAt, blocks);
    }

    /// <summary>The latest cohorts that reached period 1 (a curve needs two points), oldest first, in %.</summary>
    private static ChartBlock? Curves(CohortRetentionParameters parameters, IReadOnlyList<CohortRow> cohorts)
    {
        static int Reached(CohortRow c) => c.Periods.Select((p, k) => p.Rate is null ? -1 : k).DefaultIfEmpty(-1).Max();
        var latest = cohorts.Where(c => Reached(c) >= 1).TakeLast(ChartCohorts).ToList();
        if (latest.Count == 0)
        {
            return null;
        }
        var last = latest.Max(Reached);
        var categories = Enumerable.Range(0, last + 1).Select(k => $"{parameters.PeriodName} {k}").ToList();
        var series = latest.Select(c => new ChartSeries(CohortLabel(c.Start, parameters.Unit),
            Enumerable.Range(0, last + 1).Select(k => k < c.Periods.Count && c.Periods[k].Rate is { } r ? r * 100 : (double?)null).ToList())).ToList();
        return new ChartBlock($"Retention curves, latest {latest.Count} cohorts", ChartKind.Line, categories, series, "% retained");
    }

    private static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0.0", Invariant) + " %" : "n/a";
}
