using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;

namespace Suite.Reporting.Clients;

/// <summary>
/// Several KPI queries of one tenant in one metrics call (GetKpiSeriesBatch): what a business report with a dozen
/// numbers needs. A query metrics refuses is the report's error (its parameters or the catalog are wrong); a metrics
/// service that is down is Unavailable.
/// </summary>
public sealed class MetricsBatchSource(MetricsClient client, ReportingOptions options, ILogger<MetricsBatchSource> logger)
{
    public async Task<IReadOnlyList<KpiSeries>> QueryAsync(string tenant, IReadOnlyList<GetKpiSeriesRequest> queries, CancellationToken ct)
    {
        var request = new GetKpiSeriesBatchRequest();
        request.Queries.AddRange(queries);
        GetKpiSeriesBatchResponse response;
        try
        {
            response = await client.GetKpiSeriesBatchAsync(request, GrpcExtensions.ForTenant(tenant, ct, options.MetricsTimeout));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            throw;
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.InvalidArgument)
        {
            logger.LogWarning("Metrics GetKpiSeriesBatch failed with {Code}: {Detail}", ex.StatusCode, ex.Status.Detail);
            throw new RpcException(new Status(StatusCode.Unavailable, $"the metrics service is unavailable ({ex.StatusCode}); retry later"));
        }

        var series = new List<KpiSeries>(queries.Count);
        for (var i = 0; i < response.Results.Count; i++)
        {
            var result = response.Results[i];
            if (result.ResultCase != KpiSeriesResult.ResultOneofCase.Series)
            {
                var detail = result.Error is { } e ? $"{e.Message} {string.Join("; ", e.FieldViolations.Select(v => $"{v.Field}: {v.Description}"))}" : "no answer";
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"metrics refused {queries[i].Kpi}: {detail.Trim()}"));
            }
            series.Add(result.Series);
        }
        return series;
    }
}
