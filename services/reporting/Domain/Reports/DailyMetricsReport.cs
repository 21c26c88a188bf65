using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Domain.Reports;

/// <summary>One day's portal activity: counts of the events the daily report reads (see services/reporting/README.md).</summary>
public sealed record DailyActivity(
    long Logins,
    long FailedLogins,
    long Lockouts,
    long QuotesRequested,
    long QuotesApproved,
    long OrderViews,
    long ArtworkUploads,
    long ProofsApproved,
    long SuspiciousActivities,
    long ActiveUsers)
{
    /// <summary>Every attempt to log in: successful, failed, and those that ended in a lockout.</summary>
    public long LoginAttempts => Logins + FailedLogins + Lockouts;
}

/// <summary>Logins and failed logins per hour of the day, for the chart.</summary>
public sealed record HourlyLogins(IReadOnlyList<DateTimeOffset> Hours, IReadOnlyList<long> Logins, IReadOnlyList<long> Failed);

/// <summary>The three rates the business watches, null when there was no login attempt.</summary>
public sealed record DailyRates(double? Failure, double? Lockout, double? Suspicious);

/// <summary>
/// The daily metrics report (pure): counts of the day with the change against the previous day, the failure,
/// lockout and suspicious rates, and the business's alert conditions flagged — login failure &gt; 10 %, lockout &gt; 2 %,
/// suspicious activity &gt; 1 %.
/// </summary>
public static class DailyMetricsReport
{
    public const string Title = "Daily metrics report";
    public const double FailureRateLimit = 0.10;
    public const double LockoutRateLimit = 0.02;
    public const double SuspiciousRateLimit = 0.01;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Failure rate: failed / (successful + failed) logins, as metrics' login_success_rate counts them. Lockout and
    /// suspicious rates: per login attempt (successful + failed + lockouts), as metrics' account_lockout_rate and
    /// suspicious_activity_rate.
    /// </summary>
    public static DailyRates Rates(DailyActivity a) => new(
        Ratio(a.FailedLogins, a.Logins + a.FailedLogins),
        Ratio(a.Lockouts, a.LoginAttempts),
        Ratio(a.SuspiciousActivities, a.LoginAttempts));

    /// <summary>Change against the previous day as a fraction; null when the previous day had none (no base to compare).</summary>
    public static double? Growth(long today, long previous) => previous == 0 ? null : (today - previous) / (double)previous;

    public static ReportDocument Build(string tenant, string period, DateTimeOffset generatedAt, DailyActivity today, DailyActivity previous, HourlyLogins hourly, TimeZoneInfo zone)
    {
        var rates = Rates(today);
        var before = Rates(previous);
        var conditions = new (string Name, double? Value, double? Before, double Limit)[]
        {
            ("Login failure rate", rates.Failure, before.Failure, FailureRateLimit),
            ("Lockout rate", rates.Lockout, before.Lockout, LockoutRateLimit),
            ("Suspicious activity rate", rates.Suspicious, before.Suspicious, SuspiciousRateLimit),
        };

        var headlines = new List<Headline>
        {
            Count("Logins", today.Logins, previous.Logins),
            Count("Active users", today.ActiveUsers, previous.ActiveUsers),
            Count("Quotes requested", today.QuotesRequested, previous.QuotesRequested),
        };
        headlines.AddRange(conditions.Select(c => RateHeadline(c.Name, c.Value, c.Before, c.Limit)));

        var counts = new (string Name, long Today, long Before)[]
        {
            ("Logins", today.Logins, previous.Logins),
            ("Failed logins", today.FailedLogins, previous.FailedLogins),
            ("Lockouts", today.Lockouts, previous.Lockouts),
            ("Active users", today.ActiveUsers, previous.ActiveUsers),
            ("Quotes requested", today.QuotesRequested, previous.QuotesRequested),
            ("Quotes approved", today.QuotesApproved, previous.QuotesApproved),
            ("Order views", today.OrderViews, previous.OrderViews),
            ("Artwork uploads", today.ArtworkUploads, previous.ArtworkUploads),
            ("Proofs approved", today.ProofsApproved, previous.ProofsApproved),
            ("Suspicious activities", today.SuspiciousActivities, previous.SuspiciousActivities),
        };
        var activity = new TableBlock("Activity",
            [new("Metric", ColumnKind.Text, 2f), new("Today", ColumnKind.Number), new("Previous day", ColumnKind.Number), new("Change", ColumnKind.Percent)],
            counts.Select(c => (IReadOnlyList<Cell>)[Cell.Of(c.Name), Number(c.Today), Number(c.Before), Change(Growth(c.Today, c.Before))]).ToList());
        var alerts = new TableBlock("Alert conditions",
            [new("Condition", ColumnKind.Text, 2f), new("Today", ColumnKind.Percent), new("Limit", ColumnKind.Percent), new("Status", ColumnKind.Text)],
            conditions.Select(c =>
            {
                var flagged = c.Value > c.Limit;
                return (IReadOnlyList<Cell>)[Cell.Of(c.Name), Percent(c.Value), Percent(c.Limit), new Cell(flagged ? "ALERT" : "ok", null, flagged ? Flag.Alert : Flag.Good)];
            }).ToList());
        var chart = new ChartBlock("Logins per hour", ChartKind.Line,
            hourly.Hours.Select(h => TimeZoneInfo.ConvertTime(h, zone).ToString("HH:mm", Invariant)).ToList(),
            [new ChartSeries("Logins", hourly.Logins.Select(v => (double?)v).ToList()), new ChartSeries("Failed logins", hourly.Failed.Select(v => (double?)v).ToList())],
            "logins");

        var flaggedCount = conditions.Count(c => c.Value > c.Limit);
        return new ReportDocument(Title, tenant, period, generatedAt,
        [
            new HeadlineBlock(headlines),
            new TextBlock(flaggedCount == 0
                ? "No alert condition was met."
                : $"{flaggedCount} alert condition{(flaggedCount == 1 ? " was" : "s were")} met: " +
                  string.Join(", ", conditions.Where(c => c.Value > c.Limit).Select(c => $"{c.Name.ToLowerInvariant()} {PercentText(c.Value)} > {PercentText(c.Limit)}")) + "."),
            new SectionBlock("Activity"),
            activity,
            chart,
            new SectionBlock("Alert conditions"),
            alerts,
        ]);
    }

    public static string CountText(long value) => value.ToString("#,##0", Invariant);

    public static string PercentText(double? fraction) => fraction is { } f ? (f * 100).ToString("0.00", Invariant) + " %" : "n/a";

    /// <summary>"+5.2 %", "−3.0 %", "0.0 %", or "n/a" without a base.</summary>
    public static string ChangeText(double? growth) => growth switch
    {
        null => "n/a",
        > 0 => "+" + (growth.Value * 100).ToString("0.0", Invariant) + " %",
        < 0 => "−" + (-growth.Value * 100).ToString("0.0", Invariant) + " %",
        _ => "0.0 %",
    };

    private static double? Ratio(long part, long whole) => whole == 0 ? null : part / (double)whole;

    private static Headline Count(string label, long today, long previous) =>
        new(label, today, CountText(today), ChangeText(Growth(today, previous)) + " vs previous day");

    private static Headline RateHeadline(string label, double? value, double? previous, double limit)
    {
        var flagged = value > limit;
        var change = value is { } v && previous is { } p ? $"{(v >= p ? "+" : "−")}{(Math.Abs(v - p) * 100).ToString("0.00", Invariant)} pp vs previous day" : null;
        return new Headline(label, value, PercentText(value), change, flagged ? Flag.Alert : Flag.Good,
            flagged ? $"above {PercentText(limit)}" : $"limit {PercentText(limit)}");
    }

    private static Cell Number(long value) => new(CountText(value), value);

    private static Cell Percent(double? value) => new(PercentText(value), value);

    private static Cell Change(double? growth) => new(ChangeText(growth), growth);
}
