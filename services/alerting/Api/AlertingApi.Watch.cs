using Grpc.Core;
using Suite.Alerting.Incidents;
using Suite.Alerting.Incidents.Watch;
using Suite.Contracts.Alerting.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using IncidentProto = Suite.Contracts.Alerting.V1.Incident;

namespace Suite.Alerting.Api;

/// <summary>WatchAlerts: the tenant's open incidents, then every change, for in-app notifications.</summary>
public sealed partial class AlertingApi
{
    private static readonly TimeSpan FeedWait = TimeSpan.FromSeconds(5);

    public override async Task WatchAlerts(WatchAlertsRequest request, IServerStreamWriter<IncidentProto> responseStream, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var unknown = request.States.Select((s, i) => (s, i)).Where(x => !IncidentStates.IsKnown(x.s)).ToList();
        if (unknown.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(unknown.Select(x => new FieldViolation($"states[{x.i}]", "must be firing, acknowledged or resolved")));
        }
        var states = request.States.ToHashSet(StringComparer.Ordinal);
        bool Wanted(Incidents.Incident i) => states.Count == 0 || states.Contains(i.State);

        var ct = context.CancellationToken;
        // Subscribe before reading the snapshot, so nothing committed in between is lost; what both carry is
        // sent once, thanks to the per-incident change sequence.
        using var watch = await incidentWatchHub.SubscribeAsync(tenant, FeedWait, ct);
        var sent = new Dictionary<Guid, long>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, watch.Ended);
        try
        {
            foreach (var (incident, seq) in await IncidentStore.ListOpenWithSeqAsync(db, tenant, ct))
            {
                sent[incident.Id] = seq;
                if (Wanted(incident))
                {
                    await responseStream.WriteAsync(ToProto(incident), stop.Token);
                }
            }
            await foreach (var change in watch.Changes.ReadAllAsync(stop.Token))
            {
                if (sent.TryGetValue(change.Incident.Id, out var last) && last >= change.Seq)
                {
                    continue;
                }
                sent[change.Incident.Id] = change.Seq;
                if (Wanted(change.Incident))
                {
                    await responseStream.WriteAsync(ToProto(change.Incident), stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is not RpcException && !ct.IsCancellationRequested && watch.EndReason is { } reason)
        {
            // Dropped by the hub (too slow, or the feed broke): the cancelled write or the closed queue says why.
            throw reason;
        }
        // Only the hub completes the queue, and always with a reason.
        throw watch.EndReason ?? new RpcException(new Status(StatusCode.Unavailable, "the incident change feed ended; watch again"));
    }
}
