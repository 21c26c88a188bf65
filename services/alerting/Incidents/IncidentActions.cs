using Npgsql;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Escalation;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Incidents;

public enum IncidentActionOutcome
{
    Done,
    /// <summary>Already in that state (a second click, a retried call): nothing changed.</summary>
    AlreadyDone,
    NotFound,
    /// <summary>Acknowledging a resolved incident.</summary>
    AlreadyResolved,
}

public sealed record IncidentActionResult(IncidentActionOutcome Outcome, Incident? Incident);

/// <summary>Acknowledge and resolve, for the gRPC API and the signed links alike. Each runs under the incident's row lock.</summary>
public sealed class IncidentActions(
    NpgsqlDataSource db, [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource allTenants, IConfigSource configs, EscalationSignal escalationSignal, IncidentDeliverySignal deliverySignal, TimeProvider clock)
{
    /// <summary>Stops escalation; with an ack timeout the incident re-opens at ack + timeout unless resolved by then.</summary>
    /// <param name="tenant">The caller's tenant (API), or null for a signed link (the link is bound to the incident).</param>
    public async Task<IncidentActionResult> AcknowledgeAsync(Guid id, string? tenant, string by, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await OpenAsync(tenant, ct);
        await using var tx = await BeginAsync(conn, tenant, ct);
        var incident = await IncidentStore.LockAsync(conn, tx, id, tenant, ct);
        if (incident is null)
        {
            return new(IncidentActionOutcome.NotFound, null);
        }
        if (incident.State == IncidentStates.Resolved)
        {
            return new(IncidentActionOutcome.AlreadyResolved, incident);
        }
        if (incident.State == IncidentStates.Acknowledged)
        {
            return new(IncidentActionOutcome.AlreadyDone, incident);
        }
        var acked = incident with { State = IncidentStates.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = by };
        acked = acked with { NextDueAt = EscalationDecisions.ReopensAt(acked.Policy, acked.Escalation) };
        await IncidentStore.AcknowledgeAsync(conn, tx, id, now, by, acked.NextDueAt, ct);
        await tx.CommitAsync(ct);
        escalationSignal.Notify();
        return new(IncidentActionOutcome.Done, acked);
    }

    /// <summary>Ends the incident; every address told about the firing gets a resolved notification (if its recipient wants it).</summary>
    public async Task<IncidentActionResult> ResolveAsync(Guid id, string? tenant, string by, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await OpenAsync(tenant, ct);
        await using var tx = await BeginAsync(conn, tenant, ct);
        var incident = await IncidentStore.LockAsync(conn, tx, id, tenant, ct);
        if (incident is null)
        {
            return new(IncidentActionOutcome.NotFound, null);
        }
        if (incident.State == IncidentStates.Resolved)
        {
            return new(IncidentActionOutcome.AlreadyDone, incident);
        }
        var config = await configs.GetAsync(incident.Tenant, ct);
        await DeliveryStore.DropGroupingAsync(conn, tx, id, ct);
        var notified = await DeliveryStore.NotifiedAsync(conn, tx, id, ct);
        var planned = DeliveryPlanning.ForResolve(notified, config.Recipients, incident.Severity, now);
        var resolved = incident with { State = IncidentStates.Resolved, ResolvedAt = now, ResolvedBy = by, NextDueAt = null };
        var inserted = await DeliveryStore.InsertAsync(conn, tx, IncidentNotice.Of(resolved, IncidentNoticeKind.Resolved, now), 0, 0, planned, now, ct);
        await IncidentStore.ResolveAsync(conn, tx, id, now, by, ct);
        await tx.CommitAsync(ct);
        if (inserted > 0)
        {
            deliverySignal.Notify();
        }
        return new(IncidentActionOutcome.Done, resolved);
    }

    // The API acts as the caller's tenant. A signed link names an incident, not a tenant: it is looked up in every
    // tenant (the all-tenants scope), the link's signature being the authority.
    private async Task<NpgsqlConnection> OpenAsync(string? tenant, CancellationToken ct) =>
        await (tenant is null ? allTenants : db).OpenConnectionAsync(ct);

    private static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection conn, string? tenant, CancellationToken ct) =>
        tenant is null ? await conn.BeginTransactionAsync(ct) : await conn.BeginTenantTransactionAsync(tenant, ct);
}
