using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Domain.Reports;

/// <summary>What a set of alerts came to over a period; times to resolve over those resolved with a known start.</summary>
public sealed record AlertStats(int Fired, int Resolved, int OpenAtEnd, TimeSpan? MeanTimeToResolve, TimeSpan? MedianTimeToResolve, TimeSpan OpenTime);

/// <summary>
/// The alert summary (pure) over [from, to), from alerting's AlertFired / AlertResolved as reporting stored them.
/// Fired: started in the period. Resolved: resolved in the period, also when it started before (its time to resolve
/// is the whole start-to-resolve time, not clipped). Open at period end: started before the end, not resolved before
/// it — including alerts that started before the period. Open time: firing time within the period (clipped to it).
/// An alert whose AlertFired never arrived counts as resolved, with severity "unknown" and no duration. Durations'
/// raw values (CSV, XLSX, headline values) are hours.
/// </summary>
public static class AlertSummaryReport
{
    public const string Title = "Alert summary";
    public const string UnknownSeverity = "unknown";

    /// <summary>The alert list stops here (the most severe first); the other tables count every alert.</summary>
    public const int ListedAlerts = 200;

    /// <summary>Alerting's severities, most severe first; always shown, even at zero.</summary>
    public static readonly IReadOnlyList<string> Severities = ["critical", "warning", "info"];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static AlertStats Stats(IReadOnlyCollection<AlertRecord> alerts, DateTimeOffset from, DateTimeOffset to)
    {
        var times = alerts.Where(a => a.ResolvedIn(from, to)).Select(a => a.TimeToResolve).OfType<TimeSpan>().Order().ToList();
        return new AlertStats(
            alerts.Count(a => a.FiredIn(from, to)),
            alerts.Count(a => a.ResolvedIn(from, to)),
            alerts.Count(a => a.OpenAtEnd(to)),
            times.Count == 0 ? null : TimeSpan.FromTicks((long)times.Average(t => (double)t.Ticks)),
            Median(times),
            alerts.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.OpenTimeIn(from, to)));
    }

    public static string SeverityOf(AlertRecord alert) =>
        string.IsNullOrWhiteSpace(alert.Severity) ? UnknownSeverity : alert.Severity.Trim().ToLowerInvariant();

    public static ReportDocument Build(string tenant, string period, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone,
        DateTimeOffset generatedAt, IReadOnlyList<AlertRecord> records)
    {
        var alerts = records.Where(a => a.Touches(from, to)).ToList();
        var total = Stats(alerts, from, to);
        var critical = alerts.Count(a => a.FiredIn(from, to) && SeverityOf(a) == "critical");
        var carried = alerts.Count(a => a.OpenAtEnd(to) && a.StartedAt < from);
        var orphans = alerts.Count(a => a.StartedAt is null);

        var headlines = new List<Headline>
        {
            new("Alerts fired", total.Fired, Count(total.Fired)),
            new("Critical fired", critical, Count(critical), Flag: critical > 0 ? Flag.Alert : Flag.None, Note: critical > 0 ? "above 0" : null),
            new("Resolved", total.Resolved, Count(total.Resolved)),
            new("Open at period end", total.OpenAtEnd, Count(total.OpenAtEnd), Flag: total.OpenAtEnd > 0 ? Flag.Warning : Flag.Good,
                Note: carried > 0 ? $"{Count(carried)} started before the period" : null),
            new("Mean time to resolve", Hours(total.MeanTimeToResolve), DurationText(total.MeanTimeToResolve)),
        };

        var severities = Severities.Concat(alerts.Select(SeverityOf).Where(s => !Severities.Contains(s)).Distinct().Order(StringComparer.Ordinal)
            .OrderBy(s => s == UnknownSeverity)).ToList();
        var bySeverity = new TableBlock("By severity",
        [
            new("Severity", ColumnKind.Text, 1.2f), new("Fired", ColumnKind.Number, 0.7f), new("Resolved", ColumnKind.Number, 0.8f),
            new("Open at end", ColumnKind.Number, 0.9f), new("Mean to resolve", ColumnKind.Number, 1.1f), new("Median to resolve", ColumnKind.Number, 1.1f),
            new("Open time", ColumnKind.Number, 1.1f),
        ],
        severities.Select(s =>
        {
            var stats = Stats(alerts.Where(a => SeverityOf(a) == s).ToList(), from, to);
            return (IReadOnlyList<Cell>)
            [
                new(s, null, SeverityFlag(s)), Number(stats.Fired), Number(stats.Resolved), Number(stats.OpenAtEnd),
                Duration(stats.MeanTimeToResolve), Duration(stats.MedianTimeToResolve), Duration(stats.OpenTime),
            ];
        }).ToList());

        var rules = alerts.GroupBy(a => a.RuleId).Select(g =>
        {
            var latest = g.OrderBy(a => a.StartedAt ?? a.ResolvedAt).ThenBy(a => a.AlertId).Last();
            var severity = g.Where(a => a.StartedAt is not null).OrderBy(a => a.StartedAt).Select(SeverityOf).LastOrDefault() ?? UnknownSeverity;
            return (Name: latest.RuleName, Id: g.Key, Severity: severity, Stats: Stats(g.ToList(), from, to));
        })
        .OrderByDescending(r => r.Stats.OpenTime).ThenByDescending(r => r.Stats.Fired).ThenBy(r => SeverityRank(r.Severity))
        .ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)
        .ToList();
        var byRule = new TableBlock("By rule, worst first",
        [
            new("Rule", ColumnKind.Text, 2f), new("Severity", ColumnKind.Text, 0.9f), new("Fired", ColumnKind.Number, 0.6f),
            new("Resolved", ColumnKind.Number, 0.8f), new("Open at end", ColumnKind.Number, 0.9f), new("Mean to resolve", ColumnKind.Number, 1.1f),
            new("Median to resolve", ColumnKind.Number, 1.1f), new("Open time", ColumnKind.Number, 1.1f),
        ],
        rules.Select(r => (IReadOnlyList<Cell>)
        [
            Cell.Of(r.Name), new(r.Severity, null, SeverityFlag(r.Severity)), Number(r.Stats.Fired), Number(r.Stats.Resolved),
            Number(r.Stats.OpenAtEnd), Duration(r.Stats.MeanTimeToResolve), Duration(r.Stats.MedianTimeToResolve), Duration(r.Stats.OpenTime),
        ]).ToList())
        { EmptyText = "No alerts." };

        var listed = alerts.OrderBy(a => SeverityRank(SeverityOf(a))).ThenBy(a => a.StartedAt ?? a.ResolvedAt).ThenBy(a => a.AlertId).Take(ListedAlerts).ToList();
        var list = new TableBlock("Alerts",
        [
            new("Rule", ColumnKind.Text, 1.8f), new("Severity", ColumnKind.Text, 0.8f), new("KPI", ColumnKind.Text, 1.3f),
            new("Value", ColumnKind.Number, 0.7f), new("Threshold", ColumnKind.Number, 0.8f), new("Started", ColumnKind.Date, 1.2f),
            new("Resolved", ColumnKind.Date, 1.2f), new("Duration", ColumnKind.Number, 1.1f),
        ],
        listed.Select(a => (IReadOnlyList<Cell>)
        [
            Cell.Of(a.RuleName), new(SeverityOf(a), null, SeverityFlag(SeverityOf(a))), Cell.Of(a.Kpi ?? ""), Decimal(a.Value), Decimal(a.Threshold),
            Time(a.StartedAt, zone, "unknown"), Time(a.ResolvedAt < to ? a.ResolvedAt : null, zone, "open"), AlertDuration(a, to),
        ]).ToList())
        { EmptyText = "No alerts." };

        var days = Days(from, to, zone);
        var firedPerDay = alerts.Where(a => a.FiredIn(from, to))
            .CountBy(a => (Severity: SeverityOf(a), Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.StartedAt!.Value, zone).DateTime)))
            .ToDictionary();
        var chart = new ChartBlock("Alerts fired per day by severity", ChartKind.Bar,
            days.Select(d => d.ToString("yyyy-MM-dd", Invariant)).ToList(),
            severities.Where(s => s != UnknownSeverity)
                .Select(s => new ChartSeries(s, days.Select(d => (double?)firedPerDay.GetValueOrDefault((s, d))).ToList())).ToList(),
            "alerts");

        var blocks = new List<ReportBlock> { new HeadlineBlock(headlines), new TextBlock(Summary(alerts.Count, total.OpenAtEnd, carried, orphans)), chart, bySeverity };
        blocks.Add(new SectionBlock("Rules"));
        blocks.Add(byRule);
        blocks.Add(new SectionBlock("Alerts"));
        if (alerts.Count > listed.Count)
        {
            blocks.Add(new TextBlock($"The {Count(listed.Count)} most severe of {Count(alerts.Count)} alerts are listed; the tables above count them all."));
        }
        blocks.Add(list);
        return new ReportDocument(Title, tenant, period, generatedAt, blocks);
    }

    /// <summary>"45 s", "12 min", "2 h 15 min", "3 d 4 h"; "n/a" for none.</summary>
    public static string DurationText(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "n/a";
        }
        var seconds = (long)Math.Round(d.TotalSeconds, MidpointRounding.AwayFromZero);
        if (seconds < 60)
        {
            return $"{seconds} s";
        }
        var minutes = (long)Math.Round(seconds / 60.0, MidpointRounding.AwayFromZero);
        if (minutes < 60)
        {
            return $"{minutes} min";
        }
        var hours = minutes / 60;
        if (hours < 24)
        {
            return minutes % 60 == 0 ? $"{hours} h" : $"{hours} h {minutes % 60} min";
        }
        return hours % 24 == 0 ? $"{hours / 24:#,##0} d" : $"{hours / 24:#,##0} d {hours % 24} h";
    }

    /// <summary>The local days [from, to) touches in <paramref name="zone"/>, in order.</summary>
    public static IReadOnlyList<DateOnly> Days(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        if (to <= from)
        {
            return [];
        }
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to.AddTicks(-1), zone).DateTime);
        return Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
    }

    private static string Summary(int alerts, int open, int carried, int orphans)
    {
        if (alerts == 0)
        {
            return "No alert fired, resolved or was open in the period.";
        }
        var text = "Fired: started in the period. Resolved: resolved in the period (time to resolve from its start, also when that was "
            + "before the period). Open: still firing at the period's end. Open time: firing time within the period.";
        if (carried > 0)
        {
            text += $" {Count(carried)} of the {Count(open)} alert{(open == 1 ? "" : "s")} open at the end started before the period.";
        }
        if (orphans > 0)
        {
            text += $" {Count(orphans)} alert{(orphans == 1 ? " was" : "s were")} resolved without a fired record received: counted as resolved, "
                + "with no severity or duration.";
        }
        return text;
    }

    private static TimeSpan? Median(IReadOnlyList<TimeSpan> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    };

    /// <summary>Known severities in their order, then any other, then unknown.</summary>
    private static int SeverityRank(string severity) => severity switch
    {
        "critical" => 0,
        "warning" => 1,
        "info" => 2,
        UnknownSeverity => 99,
        _ => 50,
    };

    private static Flag SeverityFlag(string severity) => severity switch
    {
        "critical" => Flag.Alert,
        "warning" => Flag.Warning,
        _ => Flag.None,
    };

    private static double? Hours(TimeSpan? duration) => duration?.TotalHours;

    private static string Count(long value) => value.ToString("#,##0", Invariant);

    private static Cell Number(long value) => new(Count(value), value);

    private static Cell Duration(TimeSpan? duration) => new(DurationText(duration), Hours(duration));

    private static Cell Decimal(double? value) => value is { } v ? new(v.ToString("0.####", Invariant), v) : new("", null);

    private static Cell Time(DateTimeOffset? at, TimeZoneInfo zone, string none) =>
        at is { } t ? new(TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", Invariant), t) : new(none, null);

    /// <summary>Start to resolve; an open alert's runs to the period's end and says so; unknown without a start.</summary>
    private static Cell AlertDuration(AlertRecord a, DateTimeOffset to) => a switch
    {
        { StartedAt: null } => new("", null),
        { TimeToResolve: { } ttr } when a.ResolvedAt < to => new(DurationText(ttr), ttr.TotalHours),
        _ => new(DurationText(to - a.StartedAt!.Value) + " (open)", (to - a.StartedAt!.Value).TotalHours),
    };
}
