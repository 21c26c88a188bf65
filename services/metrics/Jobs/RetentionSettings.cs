using System.Globalization;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Configuration;

namespace Suite.Metrics.Jobs;

/// <summary>
/// Metrics:Retention — Enabled (true), Minute (7.00:00:00), Hour and Day (730.00:00:00), Interval (01:00:00),
/// UserEvents (90.00:00:00, the funnel event log).
/// </summary>
public sealed record RetentionSettings(bool Enabled, RetentionPolicy Policy, TimeSpan Interval)
{
    public static readonly TimeSpan DefaultUserEvents = TimeSpan.FromDays(90);

    public TimeSpan UserEvents { get; init; } = DefaultUserEvents;

    public const string Section = "Metrics:Retention";
    private static readonly string[] Known = ["Enabled", "Minute", "Hour", "Day", "Interval", "UserEvents"];

    /// <summary>Parses and validates the section; throws with every problem listed (fail fast at start-up).</summary>
    public static RetentionSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var problems = StrictOptions.UnknownKeys(section, Known).ToList();
        var enabled = true;
        if (section["Enabled"] is { } e && !bool.TryParse(e, out enabled))
        {
            problems.Add($"{Section}:Enabled must be true or false");
        }
        TimeSpan Span(string key, TimeSpan fallback)
        {
            if (section[key] is not { } text)
            {
                return fallback;
            }
            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            problems.Add($"{Section}:{key} must be a time span such as 7.00:00:00");
            return fallback;
        }
        var defaults = RetentionPolicy.Default;
        var policy = new RetentionPolicy(Span("Minute", defaults.Minute), Span("Hour", defaults.Hour), Span("Day", defaults.Day));
        var interval = Span("Interval", TimeSpan.FromHours(1));
        var userEvents = Span("UserEvents", DefaultUserEvents);
        if (userEvents <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:UserEvents must be positive");
        }
        problems.AddRange(policy.Problems());
        if (interval <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:Interval must be positive");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", problems));
        }
        return new RetentionSettings(enabled, policy, interval) { UserEvents = userEvents };
    }
}
