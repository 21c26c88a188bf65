using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion.Api;

/// <summary>
/// gRPC (and JSON: POST /v1/events, /v1/batch, /v1/erasures, GET /v1/stats) entry point. The tenant comes from the
/// token; an event is acknowledged only after the transaction holding it and its outbox message commits.
/// </summary>
public sealed class IngestionApi(
    IngestionPipeline pipeline,
    ErasureStore erasures,
    StatsBuffer statsBuffer,
    StatsStore statsStore,
    IngestionMetrics metrics,
    ILogger<IngestionApi> logger) : Contracts.Ingestion.V1.Ingestion.IngestionBase
{
    public override Task<TrackResponse> Track(Event request, ServerCallContext context) =>
        pipeline.TrackAsync(context.RequireTenant(), request, context.CancellationToken);

    public override Task<BatchAck> TrackBatch(EventBatch request, ServerCallContext context) =>
        pipeline.CommitAsync(pipeline.Prepare(context.RequireTenant(), request, "track_batch"), context.CancellationToken);

    public override Task Ingest(IAsyncStreamReader<EventBatch> requestStream, IServerStreamWriter<BatchAck> responseStream, ServerCallContext context) =>
        IngestStream.RunAsync(pipeline, context.RequireTenant(), requestStream, responseStream, context.CancellationToken);

    public override async Task<EraseUserResponse> EraseUser(EraseUserRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        // Admin (or service) only: enforced by the access table (RoleInterceptor).
        var user = context.GetHttpContext().User;
        var violations = new List<FieldViolation>();
        if (string.IsNullOrEmpty(request.UserId))
        {
            violations.Add(new FieldViolation("user_id", "is required"));
        }
        else if (request.UserId.Length > EventLimits.MaxIdLength)
        {
            violations.Add(new FieldViolation("user_id", $"must be at most {EventLimits.MaxIdLength} characters"));
        }
        if (request.Reason.Length > 512)
        {
            violations.Add(new FieldViolation("reason", "must be at most 512 characters"));
        }
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        var requestedBy = user.FindFirst(SuiteClaims.Subject)?.Value ?? "unknown";
        var result = await erasures.EraseUserAsync(tenant, request.UserId, requestedBy, request.Reason.Length == 0 ? null : request.Reason, context.CancellationToken);
        metrics.ErasedEvents.Add(result.EventsErased);
        logger.LogInformation("Erased {Count} events of one user of tenant {Tenant} (audit {AuditId}, requested by {RequestedBy})",
            result.EventsErased, tenant, result.AuditId, requestedBy);
        return new EraseUserResponse
        {
            UserId = request.UserId,
            EventsErased = result.EventsErased,
            AuditId = result.AuditId.ToString(),
            ErasedAt = Timestamp.FromDateTimeOffset(result.ErasedAt),
        };
    }

    public override async Task<IngestionStats> GetIngestionStats(GetIngestionStatsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        // Under the flush lock: every count is either still buffered or already in the database, never both.
        await statsBuffer.FlushLock.WaitAsync(context.CancellationToken);
        try
        {
            var totals = await statsStore.ReadAsync(tenant, context.CancellationToken);
            if (statsBuffer.Peek(tenant) is { } pending)
            {
                totals.Add(pending);
            }
            return ProtoMapping.ToProto(totals);
        }
        finally
        {
            statsBuffer.FlushLock.Release();
        }
    }
}
