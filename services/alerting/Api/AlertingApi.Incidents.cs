using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Alerting.Incidents;
using Suite.Contracts.Alerting.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using IncidentRow = Suite.Alerting.Incidents.Incident;
using IncidentProto = Suite.Contracts.Alerting.V1.Incident;

namespace Suite.Alerting.Api;

/// <summary>Incidents: acknowledge, resolve and list, within the caller's tenant.</summary>
public sealed partial class AlertingApi
{
    private const int DefaultIncidentLimit = 100;
    private const int MaxIncidentLimit = 1000;

    public override async Task<IncidentProto> Acknowledge(AcknowledgeRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var id = ParseIncidentId(request.IncidentId);
        var result = await incidentActions.AcknowledgeAsync(id, tenant, Actor(request.By, context), context.CancellationToken);
        return result.Outcome switch
        {
            IncidentActionOutcome.NotFound => throw GrpcErrors.NotFound($"incident {id} not found"),
            IncidentActionOutcome.AlreadyResolved => throw GrpcErrors.FailedPrecondition($"incident {id} is resolved"),
            _ => ToProto(result.Incident!),
        };
    }

    public override async Task<IncidentProto> Resolve(ResolveRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var id = ParseIncidentId(request.IncidentId);
        var result = await incidentActions.ResolveAsync(id, tenant, Actor(request.By, context), context.CancellationToken);
        return result.Outcome == IncidentActionOutcome.NotFound
            ? throw GrpcErrors.NotFound($"incident {id} not found")
            : ToProto(result.Incident!);
    }

    public override async Task<ListIncidentsResponse> ListIncidents(ListIncidentsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var violations = new List<FieldViolation>();
        if (request.State.Length > 0 && !IncidentStates.IsKnown(request.State))
        {
            violations.Add(new("state", "must be firing, acknowledged, resolved or empty"));
        }
        if (request.Limit is < 0 or > MaxIncidentLimit)
        {
            violations.Add(new("limit", $"must be between 0 (default {DefaultIncidentLimit}) and {MaxIncidentLimit}"));
        }
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var rows = await IncidentStore.ListAsync(db, tenant, request.State.Length > 0 ? request.State : null,
            request.Limit > 0 ? request.Limit : DefaultIncidentLimit, context.CancellationToken);
        var response = new ListIncidentsResponse();
        response.Incidents.AddRange(rows.Select(ToProto));
        return response;
    }

    private static Guid ParseIncidentId(string text) =>
        Guid.TryParse(text, out var id) ? id : throw GrpcErrors.InvalidArgument("incident_id", "incident_id must be an incident id (UUID)");

    /// <summary>Who acted, for the record: as given (trimmed, at most 200 characters), else the caller's subject.</summary>
    private static string Actor(string by, ServerCallContext context)
    {
        var given = by.Trim();
        if (given.Length > 200)
        {
            throw GrpcErrors.InvalidArgument("by", "at most 200 characters");
        }
        return given.Length > 0 ? given : context.GetHttpContext().User.FindFirst(SuiteClaims.Subject)?.Value ?? "unknown";
    }

    internal static IncidentProto ToProto(IncidentRow i)
    {
        var proto = new IncidentProto
        {
            Id = i.Id.ToString(),
            AlertName = i.AlertName,
            Fingerprint = i.Fingerprint,
            Severity = i.Severity,
            State = i.State,
            StartedAt = Timestamp.FromDateTimeOffset(i.StartedAt),
            AcknowledgedBy = i.AcknowledgedBy ?? "",
            ResolvedBy = i.ResolvedBy ?? "",
            Route = i.RoutePath,
            Policy = i.Policy.Name,
            LastLevel = i.LastFired?.Level ?? -1,
            LastRepeat = i.LastFired?.Repeat ?? 0,
        };
        foreach (var (name, value) in i.Labels)
        {
            proto.Labels[name] = value;
        }
        foreach (var (name, value) in i.Annotations)
        {
            proto.Annotations[name] = value;
        }
        if (i.AcknowledgedAt is { } acked)
        {
            proto.AcknowledgedAt = Timestamp.FromDateTimeOffset(acked);
        }
        if (i.ResolvedAt is { } resolved)
        {
            proto.ResolvedAt = Timestamp.FromDateTimeOffset(resolved);
        }
        if (i.NextDueAt is { } due)
        {
            proto.NextDueAt = Timestamp.FromDateTimeOffset(due);
        }
        return proto;
    }
}
