using Npgsql;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Escalation;
using Suite.Alerting.Domain.Routing;
using Suite.Alerting.Domain.Schedule;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Incidents;

/// <summary>Why a raise did or did not open an incident.</summary>
public enum RaiseOutcome
{
    Opened,
    /// <summary>An open incident with the same fingerprint exists: the same alert again.</summary>
    Duplicate,
    Silenced,
    Inhibited,
}

public sealed record RaiseResult(RaiseOutcome Outcome, Guid? IncidentId = null, string? Reason = null);

/// <summary>
/// Opens incidents: dedup by fingerprint, route (first match wins the policy), silences and inhibit rules, then
/// the incident row with its first due time. The escalation worker takes it from there.
/// </summary>
public sealed class IncidentIntake(NpgsqlDataSource db, IConfigSource configs, EscalationSignal signal, TimeProvider clock, ILogger<IncidentIntake> logger)
{
    /// <summary>In its own transaction; wakes the escalation worker when an incident was opened.</summary>
    public async Task<RaiseResult> RaiseAsync(
        string tenant, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations,
        string severity, DateTimeOffset at, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTenantTransactionAsync(tenant, ct);
        var result = await RaiseAsync(conn, tx, tenant, labels, annotations, severity, at, ct);
        await tx.CommitAsync(ct);
        if (result.Outcome == RaiseOutcome.Opened)
        {
            signal.Notify();
        }
        return result;
    }

    /// <summary>Inside the caller's transaction (consumers add their inbox row); the caller wakes the worker after commit.</summary>
    public async Task<RaiseResult> RaiseAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string> annotations, string severity, DateTimeOffset at, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // The event's own time, but never in the future: a publisher's clock ahead of ours must not delay level 0.
        var startedAt = at > now ? now : at;
        var fingerprint = AlertFingerprint.Of(tenant, labels);
        if (await IncidentStore.OpenExistsAsync(conn, tx, tenant, fingerprint, ct))
        {
            return new RaiseResult(RaiseOutcome.Duplicate);
        }

        var config = await configs.GetAsync(tenant, ct);
        if (Silences.FirstMatching(config.Silences, labels, now) is { } silence)
        {
            logger.LogInformation("Alert {Fingerprint} of tenant {Tenant} is silenced by {Silence}", fingerprint, tenant, silence.Id);
            return new RaiseResult(RaiseOutcome.Silenced, Reason: silence.Id);
        }
        if (config.Inhibitions.Count > 0 &&
            Inhibition.IsInhibited(labels, await IncidentStore.OpenLabelsAsync(conn, tx, tenant, ct), config.Inhibitions))
        {
            logger.LogInformation("Alert {Fingerprint} of tenant {Tenant} is inhibited", fingerprint, tenant);
            return new RaiseResult(RaiseOutcome.Inhibited);
        }

        var match = config.Routes.Match(labels)[0];
        // The route's repeat_interval reminds the last level's targets while nobody acknowledges (the SLA).
        var policy = (config.PolicyFor(match) ?? ReceiverOnly(match.Receiver)) with { RemindEvery = match.Timing.RepeatInterval };
        var incident = new Incident(
            Guid.CreateVersion7(now), tenant, fingerprint,
            labels.TryGetValue("alertname", out var name) ? name : fingerprint,
            labels, annotations, severity, IncidentStates.Firing, startedAt,
            null, null, null, null, match.Path, policy, null, EscalationPass.FirstDue(policy, startedAt),
            GroupingOf(match, labels));
        return await IncidentStore.TryInsertAsync(conn, tx, incident, ct)
            ? new RaiseResult(RaiseOutcome.Opened, incident.Id)
            : new RaiseResult(RaiseOutcome.Duplicate);
    }

    /// <summary>The alert's group on a route with group_by; null notifies on its own.</summary>
    public static IncidentGrouping? GroupingOf(RouteMatch match, IReadOnlyDictionary<string, string> labels) =>
        match.Grouped
            ? new IncidentGrouping(AlertGroups.GroupKey(match, labels), AlertGroups.GroupLabels(match, labels), match.Timing.GroupWait, match.Timing.GroupInterval)
            : null;

    /// <summary>A route without a policy: its receiver alone, at once (then reminded every repeat_interval).</summary>
    public static EscalationPolicy ReceiverOnly(string receiver) =>
        new($"receiver:{receiver}", [new EscalationLevel(TimeSpan.Zero, [receiver])], 0, null);
}
