using Suite.Alerting.Domain.Labels;

namespace Suite.Alerting.Domain.Schedule;

/// <summary>When a silence applies: a one-off interval or weekly windows.</summary>
public abstract record SilenceSchedule;

/// <summary>Active from <see cref="StartsAt"/> (inclusive) to <see cref="EndsAt"/> (exclusive).</summary>
public sealed record OneOffSchedule(DateTimeOffset StartsAt, DateTimeOffset EndsAt) : SilenceSchedule;

/// <summary>
/// Active inside any of <see cref="Windows"/>, read in the IANA zone <see cref="TimeZone"/> (kept as the id so that
/// validation can report an unknown zone; DST semantics are <see cref="WeeklyWindow"/>'s).
/// </summary>
public sealed record WeeklySchedule(string TimeZone, IReadOnlyList<WeeklyWindow> Windows) : SilenceSchedule;

/// <summary>
/// An Alertmanager-style silence: alerts whose labels match ALL <see cref="Matchers"/> are not notified while the
/// silence is active. Active = inside the schedule and before <see cref="ExpiresAt"/> (if set: it ends a recurring
/// silence, and cuts a one-off short). Validate before use: an unknown time zone throws at evaluation.
/// </summary>
public sealed record Silence(string Id, IReadOnlyList<LabelMatcher> Matchers, SilenceSchedule Schedule, DateTimeOffset? ExpiresAt = null)
{
    public bool IsActive(DateTimeOffset now)
    {
        if (ExpiresAt is { } expires && now >= expires)
        {
            return false;
        }
        return Schedule switch
        {
            OneOffSchedule once => once.StartsAt <= now && now < once.EndsAt,
            WeeklySchedule weekly => weekly.Windows.Any(w => w.Contains(now, TimeZones.Find(weekly.TimeZone))),
            _ => throw new InvalidOperationException($"unknown silence schedule {Schedule.GetType().Name}"),
        };
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels, DateTimeOffset now) =>
        Matchers.Count > 0 && IsActive(now) && LabelMatcher.All(Matchers, labels);

    /// <summary>Config errors, each starting with the field it is about.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            errors.Add("id: required");
        }
        if (Matchers.Count == 0)
        {
            errors.Add("matchers: at least one matcher is required");
        }
        else if (Matchers.All(m => m.Matches(EmptyLabels)))
        {
            // Alertmanager's rule: a silence whose matchers all accept "" would silence every alert.
            errors.Add("matchers: at least one matcher must not match the empty string");
        }
        switch (Schedule)
        {
            case OneOffSchedule once:
                if (once.EndsAt <= once.StartsAt)
                {
                    errors.Add("endsAt: must be after startsAt");
                }
                if (ExpiresAt is { } expires && expires <= once.StartsAt)
                {
                    errors.Add("expiresAt: must be after startsAt");
                }
                break;
            case WeeklySchedule weekly:
                if (!TimeZones.TryFind(weekly.TimeZone, out _))
                {
                    errors.Add($"timeZone: unknown time zone '{weekly.TimeZone}'");
                }
                if (weekly.Windows.Count == 0)
                {
                    errors.Add("windows: at least one window is required");
                }
                errors.AddRange(WeeklyWindows.Validate(weekly.Windows));
                break;
            default:
                errors.Add("schedule: required (one-off or weekly)");
                break;
        }
        return errors;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
}

public static class Silences
{
    /// <summary>The first silence (in the given order) that is active and matches, or null: the alert is not silenced.</summary>
    public static Silence? FirstMatching(IEnumerable<Silence> silences, IReadOnlyDictionary<string, string> labels, DateTimeOffset now) =>
        silences.FirstOrDefault(s => s.Matches(labels, now));
}
