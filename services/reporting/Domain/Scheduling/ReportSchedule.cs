using Cronos;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Domain.Scheduling;

/// <summary>What to do with a run that was missed (the service was down at its time).</summary>
public enum CatchUpPolicy
{
    /// <summary>Run once for the latest missed time, however many were missed.</summary>
    Once,
    /// <summary>Record the latest missed time as skipped and wait for the next one.</summary>
    Skip,
}

/// <summary>
/// When a subscription runs: a five-field cron expression (or a Cronos macro such as <c>@daily</c>) read in an IANA
/// time zone, so "0 6 * * *" in America/New_York is 06:00 local on both sides of a DST change.
/// </summary>
public sealed record ReportSchedule(CronExpression Cron, TimeZoneInfo Zone, CatchUpPolicy CatchUp)
{
    public static string PolicyName(CatchUpPolicy policy) => policy == CatchUpPolicy.Skip ? "skip" : "once";

    /// <summary>
    /// Parses the three fields, each violation named by <paramref name="prefix"/> + field ("schedule.cron"). An
    /// empty catch-up policy is "once".
    /// </summary>
    public static (ReportSchedule? Schedule, IReadOnlyList<FieldViolation> Violations) Parse(string cron, string timeZone, string catchUp, string prefix = "")
    {
        var violations = new List<FieldViolation>();
        CronExpression? expression = null;
        if (string.IsNullOrWhiteSpace(cron))
        {
            violations.Add(new FieldViolation(prefix + "cron", "is required (e.g. \"0 6 * * *\" for 06:00 every day)"));
        }
        else
        {
            try
            {
                expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                violations.Add(new FieldViolation(prefix + "cron", $"'{cron}' is not a five-field cron expression: {ex.Message}"));
            }
        }

        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            violations.Add(new FieldViolation(prefix + "time_zone", "is required: an IANA time zone such as Europe/Berlin or UTC"));
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out zone))
        {
            violations.Add(new FieldViolation(prefix + "time_zone", $"'{timeZone}' is not an IANA time zone (e.g. America/New_York, Europe/Berlin, UTC)"));
        }

        CatchUpPolicy? policy = catchUp?.Trim() switch
        {
            null or "" or "once" => CatchUpPolicy.Once,
            "skip" => CatchUpPolicy.Skip,
            _ => null,
        };
        if (policy is null)
        {
            violations.Add(new FieldViolation(prefix + "catch_up", $"'{catchUp}' must be once or skip"));
        }

        return violations.Count == 0 ? (new ReportSchedule(expression!, zone!, policy!.Value), violations) : (null, violations);
    }
}
