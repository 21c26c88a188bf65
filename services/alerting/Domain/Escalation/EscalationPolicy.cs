namespace Suite.Alerting.Domain.Escalation;

/// <summary>
/// One level: notify <see cref="Targets"/> (people, Slack channels, email lists: opaque receiver names here) once
/// <see cref="Delay"/> has passed since the previous step fired. Level 0's delay counts from the alert start in
/// the first round, and from the last level's firing in a repeat round.
/// </summary>
public sealed record EscalationLevel(TimeSpan Delay, IReadOnlyList<string> Targets);

/// <summary>
/// Ordered levels, run once and then repeated from level 0 up to <see cref="Repeat"/> more times. An
/// acknowledgement stops escalation; if <see cref="AckTimeout"/> is set and passes without a resolve, escalation
/// re-opens (see <see cref="EscalationDecisions.Next"/>). Resolving ends it. <see cref="RemindEvery"/> (the route's
/// repeat_interval) keeps reminding the last level's targets after the last round while nobody acknowledged.
/// </summary>
public sealed record EscalationPolicy(string Name, IReadOnlyList<EscalationLevel> Levels, int Repeat, TimeSpan? AckTimeout, TimeSpan? RemindEvery = null)
{
    /// <summary>Config errors, each starting with the field it is about.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name: required");
        }
        if (Levels.Count == 0)
        {
            errors.Add("levels: at least one level is required");
        }
        for (var i = 0; i < Levels.Count; i++)
        {
            var level = Levels[i];
            if (level.Delay < TimeSpan.Zero)
            {
                errors.Add($"levels[{i}].delay: must not be negative");
            }
            if (level.Targets.Count == 0)
            {
                errors.Add($"levels[{i}].targets: at least one target is required");
            }
            for (var t = 0; t < level.Targets.Count; t++)
            {
                if (string.IsNullOrWhiteSpace(level.Targets[t]))
                {
                    errors.Add($"levels[{i}].targets[{t}]: must not be empty");
                }
            }
        }
        if (Repeat < 0)
        {
            errors.Add("repeat: must be 0 or more");
        }
        if (AckTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add("ackTimeout: must be positive (or unset: an acknowledgement then holds until resolve)");
        }
        if (RemindEvery is { } remind && remind <= TimeSpan.Zero)
        {
            errors.Add("remindEvery: must be positive (or unset: no reminders)");
        }
        return errors;
    }
}
