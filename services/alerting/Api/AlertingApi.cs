using Grpc.Core;
using Npgsql;
using Suite.Alerting.Data;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Pipeline;
using Suite.Alerting.Jobs;
using Suite.Contracts.Alerting.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using Suite.ServiceDefaults.Messaging;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Api;

/// <summary>Rules CRUD and alert listing, always within the caller's tenant (incidents: AlertingApi.Incidents.cs).</summary>
public sealed partial class AlertingApi(
    NpgsqlDataSource db,
    RuleRepository rules,
    AlertRepository alerts,
    OutboxSignal outboxSignal,
    NotificationSignal notificationSignal,
    TimeProvider clock,
    Incidents.IncidentActions incidentActions,
    Incidents.Watch.IncidentWatchHub incidentWatchHub,
    Configuration.Runtime.IConfigSource configs,
    Channels.TestNotifier testNotifier) : Contracts.Alerting.V1.Alerting.AlertingBase
{
    public override async Task<Rule> CreateRule(Rule request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var draft = RuleMapping.ToDraft(request);
        var violations = RuleValidation.Validate(draft);
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var now = clock.GetUtcNow();
        var rule = RuleValidation.ToRule(draft, Guid.CreateVersion7(now), tenant, now);
        // Due at once: a new rule is evaluated in the next cycle, not one interval later.
        await rules.InsertAsync(rule, now, context.CancellationToken);
        return RuleMapping.ToProto(rule);
    }

    public override async Task<ListRulesResponse> ListRules(ListRulesRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var response = new ListRulesResponse();
        response.Rules.AddRange((await rules.ListAsync(tenant, context.CancellationToken)).Select(RuleMapping.ToProto));
        return response;
    }

    /// <summary>Deletes a rule; an alert it has firing is resolved (with resolved notifications) in the same transaction.</summary>
    public override async Task<DeleteRuleResponse> DeleteRule(DeleteRuleRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        if (!Guid.TryParse(request.Id, out var id))
        {
            throw GrpcErrors.InvalidArgument("id", "id must be a rule id (UUID)");
        }
        var ct = context.CancellationToken;
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTenantTransactionAsync(tenant, ct);
        var held = await RuleRepository.LockAsync(conn, tx, id, tenant, ct);
        if (held is null || held.DeletedAt is not null)
        {
            // Another tenant's rule is indistinguishable from a missing one.
            throw GrpcErrors.NotFound($"rule {id} not found");
        }
        var firing = await AlertRepository.GetFiringAsync(conn, tx, id, ct);
        if (firing is not null)
        {
            await AlertTransitions.RecordAsync(conn, tx, new AlertTransition(
                NotificationKind.Resolved, held.Rule, firing.Id, firing.Fingerprint, firing.LastValue, firing.StartedAt, now),
                new PipelineContext(now), ct);
        }
        await RuleRepository.MarkDeletedAsync(conn, tx, id, now, ct);
        await tx.CommitAsync(ct);
        if (firing is not null)
        {
            outboxSignal.Notify();
            notificationSignal.Notify();
        }
        return new DeleteRuleResponse();
    }

    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var response = new ListAlertsResponse();
        response.Alerts.AddRange((await alerts.ListAsync(tenant, context.CancellationToken)).Select(RuleMapping.ToProto));
        return response;
    }
}
