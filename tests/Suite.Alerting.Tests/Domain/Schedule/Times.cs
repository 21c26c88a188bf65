using System.Globalization;

namespace Suite.Alerting.Tests.Domain.Schedule;

/// <summary>Zones and instants for the schedule tests; instants are written in UTC ("2026-03-08T06:00Z").</summary>
internal static class Times
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? UtcOrNull(string? text) => text is null ? null : Utc(text);
}
