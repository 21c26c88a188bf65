using System.Globalization;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Domain;

public enum EtlStatus
{
    Missing,
    Succeeded,
    Failed,
}

/// <summary>The latest ETL run of one (tenant, UTC day), or Missing when it never ran.</summary>
public sealed record EtlDayStatus(DateOnly Day, EtlStatus Status, int Rows, long DurationMs, string? Error, DateTimeOffset? FinishedAt)
{
    public static EtlDayStatus MissingOn(DateOnly day) => new(day, EtlStatus.Missing, 0, 0, null, null);
}

/// <summary>Pure decisions of the daily KPI ETL: which days a request or the nightly run covers.</summary>
public static class EtlPlan
{
    public const int MaxDays = 366;
    public const int DefaultStatusDays = 7;
    public const string DateFormat = "yyyy-MM-dd";

    public static string Format(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The UTC day of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);

    /// <summary>A request's UTC day (yyyy-MM-dd, not after today); null with the reason added to <paramref name="violations"/>.</summary>
    public static DateOnly? PastDay(string field, string text, DateOnly today, List<FieldViolation> violations)
    {
        if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            violations.Add(new FieldViolation(field, "must be a UTC day as yyyy-MM-dd"));
            return null;
        }
        if (day > today)
        {
            violations.Add(new FieldViolation(field, "is in the future"));
            return null;
        }
        return day;
    }

    /// <summary>Validates RunEtl dates: yyyy-MM-dd, from ≤ to ≤ today (UTC), at most <see cref="MaxDays"/> days.</summary>
    public static (IReadOnlyList<DateOnly> Days, IReadOnlyList<FieldViolation> Violations) RunDays(string fromDate, string toDate, DateOnly today)
    {
        var violations = new List<FieldViolation>();
        DateOnly? Parse(string field, string text)
        {
            if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
            violations.Add(new FieldViolation(field, string.IsNullOrEmpty(text) ? "is required" : "must be a date yyyy-MM-dd"));
            return null;
        }
        var from = Parse("from_date", fromDate);
        var to = Parse("to_date", toDate);
        if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                violations.Add(new FieldViolation("to_date", "must not be before from_date"));
            }
            else if (t.DayNumber - f.DayNumber + 1 > MaxDays)
            {
                violations.Add(new FieldViolation("to_date", $"at most {MaxDays} days per run"));
            }
            else if (t > today)
            {
                violations.Add(new FieldViolation("to_date", "must not be after today (UTC)"));
            }
        }
        return violations.Count > 0 ? ([], violations) : (Range(from!.Value, to!.Value), []);
    }

    /// <summary>The last <paramref name="days"/> complete UTC days (yesterday and before), oldest first; 0 = the default.</summary>
    public static (IReadOnlyList<DateOnly> Days, IReadOnlyList<FieldViolation> Violations) StatusDays(int days, DateOnly today)
    {
        if (days is < 0 or > MaxDays)
        {
            return ([], [new FieldViolation("days", $"must be 0 (= {DefaultStatusDays}) to {MaxDays}")]);
        }
        var n = days == 0 ? DefaultStatusDays : days;
        return (Range(today.AddDays(-n), today.AddDays(-1)), []);
    }

    /// <summary>The status of every day: its latest run, or Missing.</summary>
    public static IReadOnlyList<EtlDayStatus> Statuses(IEnumerable<DateOnly> days, IReadOnlyDictionary<DateOnly, EtlDayStatus> latestRuns) =>
        days.Select(d => latestRuns.GetValueOrDefault(d) ?? EtlDayStatus.MissingOn(d)).ToList();

    /// <summary>
    /// The nightly run: yesterday always (late events may have arrived since a run), plus every older day of the
    /// look-back that is missing or failed — a night the service was down is caught up the next night.
    /// </summary>
    public static IReadOnlyList<DateOnly> NightlyDays(DateOnly today, int lookbackDays, IReadOnlyDictionary<DateOnly, EtlDayStatus> latestRuns)
    {
        var yesterday = today.AddDays(-1);
        return Range(today.AddDays(-lookbackDays), yesterday)
            .Where(d => d == yesterday || latestRuns.GetValueOrDefault(d)?.Status is null or EtlStatus.Failed or EtlStatus.Missing)
            .ToList();
    }

    public static IReadOnlyList<DateOnly> Range(DateOnly first, DateOnly last) =>
        Enumerable.Range(0, Math.Max(0, last.DayNumber - first.DayNumber + 1)).Select(first.AddDays).ToList();
}
