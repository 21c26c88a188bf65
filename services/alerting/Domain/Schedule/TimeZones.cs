namespace Suite.Alerting.Domain.Schedule;

/// <summary>IANA time zone lookup (the host's tzdata on Linux), with messages instead of exceptions for config checks.</summary>
public static class TimeZones
{
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <exception cref="ArgumentException">The id is not a known time zone; the message names <paramref name="field"/>.</exception>
    public static TimeZoneInfo Find(string? id, string field = "timeZone") =>
        TryFind(id, out var zone) ? zone : throw new ArgumentException($"{field}: unknown time zone '{id}'", field);
}
