using Suite.Alerting.Domain.Escalation;

namespace Suite.Alerting.Incidents;

/// <summary>What one worker pass does to an incident: the steps to fire now, the state after, and when to look again.</summary>
public sealed record EscalationOutcome(IReadOnlyList<EscalationStep> Fire, string State, FiredStep? LastFired, DateTimeOffset? NextDueAt);

/// <summary>Pure: runs <see cref="EscalationDecisions"/> for one incident at <c>now</c>.</summary>
public static class EscalationPass
{
    /// <summary>
    /// Fires every step that is due (several when levels have no delay), each recorded as fired at <paramref name="now"/>:
    /// the next level's delay counts from when the previous one really went out, also after a restart. An
    /// acknowledgement whose timeout has passed re-opens the incident (state firing). The next due time is the next
    /// step's, else the re-open instant of a current acknowledgement, else null (nothing more to do).
    /// </summary>
    public static EscalationOutcome Run(Incident incident, DateTimeOffset now)
    {
        if (incident.State == IncidentStates.Resolved)
        {
            return new EscalationOutcome([], incident.State, incident.LastFired, null);
        }
        var policy = incident.Policy;
        var escalation = incident.Escalation;
        var state = incident.State;
        if (state == IncidentStates.Acknowledged && EscalationDecisions.ReopensAt(policy, escalation) is { } reopens && reopens <= now)
        {
            state = IncidentStates.Firing;
        }

        var fire = new List<EscalationStep>();
        // Bounded: each iteration moves one step forward through a finite policy (reminders are at least a positive
        // interval apart, so at most one is due per pass; +1 lets a pass that finds the whole policy due fire it).
        var limit = policy.Levels.Count * (policy.Repeat + 1) + 1;
        while (fire.Count < limit && EscalationDecisions.Next(policy, escalation, now) is { } step && EscalationDecisions.IsDue(step, now))
        {
            fire.Add(step);
            escalation = escalation with { LastFired = new FiredStep(step.Level, step.Repeat, now) };
        }

        DateTimeOffset? next = EscalationDecisions.Next(policy, escalation, now)?.DueAt;
        if (next is null && state == IncidentStates.Acknowledged)
        {
            next = EscalationDecisions.ReopensAt(policy, escalation);
        }
        return new EscalationOutcome(fire, state, escalation.LastFired, next);
    }

    /// <summary>When a new incident's first step is due (its level 0 delay after the start), or null for an empty policy.</summary>
    public static DateTimeOffset? FirstDue(EscalationPolicy policy, DateTimeOffset startedAt) =>
        EscalationDecisions.Next(policy, new EscalationState(startedAt), startedAt)?.DueAt;
}
