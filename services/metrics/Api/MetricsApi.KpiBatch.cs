using System.Globalization;
using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using KpiSeriesResult = Suite.Contracts.Metrics.V1.KpiSeriesResult;

namespace Suite.Metrics.Api;

/// <summary>
/// Many KPI series in one call (JSON: POST /v1/kpis:batch). A caller with thousands of small queries per minute
/// (alerting) pays the gRPC/HTTP/2 cost of a call once per batch instead of once per query.
/// </summary>
public sealed partial class MetricsApi
{
    public const int MaxBatchQueries = 500;

    /// <summary>Buckets of all valid queries together: keeps a response near 3 MB, under gRPC's default 4 MB limit.</summary>
    public const long MaxBatchPoints = 100_000;

    /// <summary>Queries of one batch read at once: enough to overlap PostgreSQL round trips, few enough to leave pool connections to others.</summary>
    public const int BatchParallelism = 4;

    public override async Task<GetKpiSeriesBatchResponse> GetKpiSeriesBatch(GetKpiSeriesBatchRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var ct = context.CancellationToken;
        if (request.Queries.Count > MaxBatchQueries)
        {
            throw GrpcErrors.InvalidArgument("queries", $"at most {MaxBatchQueries} queries per call (got {request.Queries.Count}): split the batch");
        }

        // Validate every query first (a batch names the same custom KPI many times: look each name up once).
        var customs = new Dictionary<string, Task<Domain.KpiDefinition?>>(StringComparer.Ordinal);
        Task<Domain.KpiDefinition?> FindCustom(string t, string name, CancellationToken token) =>
            customs.TryGetValue(name, out var found) ? found : customs[name] = customKpis.FindAsync(t, name, token);
        var results = new KpiSeriesResult[request.Queries.Count];
        var valid = new List<(int Index, KpiQuery Query)>();
        long points = 0;
        for (var i = 0; i < request.Queries.Count; i++)
        {
            var validation = await ValidateAsync(tenant, request.Queries[i], FindCustom, ct);
            if (validation.Query is { } query)
            {
                valid.Add((i, query));
                points += query.Granularity.BucketCount(query.From, query.To);
            }
            else
            {
                results[i] = new KpiSeriesResult { Error = InvalidQuery(i, validation.Violations) };
            }
        }
        if (points > MaxBatchPoints)
        {
            throw GrpcErrors.InvalidArgument("queries", $"the queries span {points} buckets, at most {MaxBatchPoints} per call are allowed: split the batch or use coarser granularities");
        }

        await Parallel.ForEachAsync(valid, new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = ct }, async (item, token) =>
        {
            try
            {
                results[item.Index] = new KpiSeriesResult { Series = await SeriesAsync(tenant, item.Query, token) };
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // One failed read (a timeout, a lost connection) fails its query, not the whole batch; no stack trace to the caller.
                var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
                logger.LogError(ex, "GetKpiSeriesBatch: query {Index} ({Kpi}) of {Tenant} failed (trace {TraceId})", item.Index, item.Query.Kpi.Name, tenant, traceId);
                results[item.Index] = new KpiSeriesResult
                {
                    Error = new KpiQueryError { Code = (int)StatusCode.Internal, Message = $"internal error (trace {traceId})" },
                };
            }
        });

        var response = new GetKpiSeriesBatchResponse();
        response.Results.AddRange(results);
        return response;
    }

    /// <summary>The query's violations as its own INVALID_ARGUMENT, fields named queries[i].field.</summary>
    private static KpiQueryError InvalidQuery(int index, IReadOnlyList<FieldViolation> violations)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"queries[{index}].");
        var error = new KpiQueryError
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = string.Join("; ", violations.Select(v => $"{prefix}{v.Field}: {v.Description}")),
        };
        error.FieldViolations.AddRange(violations.Select(v => new KpiFieldViolation { Field = prefix + v.Field, Description = v.Description }));
        return error;
    }
}
