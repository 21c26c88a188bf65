namespace Suite.Alerting.Domain.Escalation;

/// <summary>The next notification of an escalation: level, repeat round, when it is due and to whom.</summary>
public sealed record EscalationStep(int Level, int Repeat, DateTimeOffset DueAt, IReadOnlyList<string> Targets);

/// <summary>Pure escalation decisions over an <see cref="EscalationPolicy"/> and an <see cref="EscalationState"/>.</summary>
public static class EscalationDecisions
{
    /// <summary>
    /// The next step, whether or not it is due yet (see <see cref="IsDue"/>), or null when escalation is over or paused:
    /// <list type="bullet">
    /// <item>resolved → null (resolve ends it);</item>
    /// <item>acknowledged and no <see cref="EscalationPolicy.AckTimeout"/>, or <c>now</c> before ack + timeout → null
    /// (<see cref="ReopensAt"/> says when to look again);</item>
    /// <item>otherwise the step after <see cref="EscalationState.LastFired"/> in the order level 0 … last level,
    /// then again from level 0 for repeat rounds 1 … <see cref="EscalationPolicy.Repeat"/>; after the last level of
    /// the last round, a reminder to the last level's targets every <see cref="EscalationPolicy.RemindEvery"/>
    /// (numbered as further rounds, so each has its own delivery key), or null without it.</item>
    /// </list>
    /// Due time: the previous step's time + the level's delay (level 0 of the first round: the alert start + its
    /// delay). After an acknowledgement timed out, escalation re-opens with the level AFTER the last fired one (the
    /// acknowledger had their chance) and never earlier than the re-open instant: due = max(usual due, ack + timeout).
    /// Steps that fell due while acknowledged are not replayed; escalation goes on from there.
    /// </summary>
    public static EscalationStep? Next(EscalationPolicy policy, EscalationState state, DateTimeOffset now)
    {
        if (policy.Levels.Count == 0 || state.ResolvedAt is not null)
        {
            return null;
        }
        DateTimeOffset? reopenedAt = null;
        if (state.AcknowledgedAt is { } ackedAt)
        {
            if (policy.AckTimeout is not { } timeout || now < ackedAt + timeout)
            {
                return null;
            }
            reopenedAt = ackedAt + timeout;
        }

        int level, repeat;
        DateTimeOffset previous;
        if (state.LastFired is not { } last)
        {
            (level, repeat, previous) = (0, 0, state.StartedAt);
        }
        else if (last.Level + 1 < policy.Levels.Count)
        {
            (level, repeat, previous) = (last.Level + 1, last.Repeat, last.At);
        }
        else if (last.Repeat < policy.Repeat)
        {
            (level, repeat, previous) = (0, last.Repeat + 1, last.At);
        }
        else if (policy.RemindEvery is { } remind)
        {
            return Reopened(new EscalationStep(last.Level, last.Repeat + 1, last.At + remind, policy.Levels[last.Level].Targets), reopenedAt);
        }
        else
        {
            return null;
        }

        return Reopened(new EscalationStep(level, repeat, previous + policy.Levels[level].Delay, policy.Levels[level].Targets), reopenedAt);
    }

    private static EscalationStep Reopened(EscalationStep step, DateTimeOffset? reopenedAt) =>
        reopenedAt is { } reopened && step.DueAt < reopened ? step with { DueAt = reopened } : step;

    public static bool IsDue(EscalationStep step, DateTimeOffset now) => now >= step.DueAt;

    /// <summary>When an acknowledged, unresolved escalation re-opens (ack + timeout), or null if it does not.</summary>
    public static DateTimeOffset? ReopensAt(EscalationPolicy policy, EscalationState state) =>
        state.ResolvedAt is null && state.AcknowledgedAt is { } ackedAt && policy.AckTimeout is { } timeout
            ? ackedAt + timeout
            : null;
}
