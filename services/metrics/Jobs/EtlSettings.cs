using Cronos;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Configuration;

namespace Suite.Metrics.Jobs;

/// <summary>
/// Metrics:Etl — Enabled (true), Cron (5 fields, "30 2 * * *"), TimeZone (IANA or Windows id, "UTC") the cron is
/// read in, LookbackDays (7: missing or failed days this far back are caught up).
/// </summary>
public sealed record EtlSettings(bool Enabled, CronExpression Cron, TimeZoneInfo TimeZone, int LookbackDays)
{
    public const string Section = "Metrics:Etl";
    private static readonly string[] Known = ["Enabled", "Cron", "TimeZone", "LookbackDays"];

    /// <summary>The next run strictly after <paramref name="now"/>, in the configured time zone (DST handled by Cronos).</summary>
    public DateTimeOffset? NextRun(DateTimeOffset now) => Cron.GetNextOccurrence(now, TimeZone);

    public static EtlSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var problems = StrictOptions.UnknownKeys(section, Known).ToList();
        var enabled = true;
        if (section["Enabled"] is { } e && !bool.TryParse(e, out enabled))
        {
            problems.Add($"{Section}:Enabled must be true or false");
        }
        var cronText = section["Cron"] ?? "30 2 * * *";
        CronExpression? cron = null;
        try
        {
            cron = CronExpression.Parse(cronText, CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            problems.Add($"{Section}:Cron '{cronText}' is not a 5-field cron expression ({ex.Message})");
        }
        var zoneId = section["TimeZone"] ?? "UTC";
        TimeZoneInfo? zone = null;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems.Add($"{Section}:TimeZone '{zoneId}' is not a known time zone (e.g. UTC, Europe/Berlin)");
        }
        var lookback = 7;
        if (section["LookbackDays"] is { } l && (!int.TryParse(l, out lookback) || lookback is < 1 or > EtlPlan.MaxDays))
        {
            problems.Add($"{Section}:LookbackDays must be a whole number from 1 to {EtlPlan.MaxDays}");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", problems));
        }
        return new EtlSettings(enabled, cron!, zone!, lookback);
    }
}
