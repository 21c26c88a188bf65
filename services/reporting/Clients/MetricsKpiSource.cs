using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Reporting.Domain;
using Suite.ServiceDefaults.Grpc;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;

namespace Suite.Reporting.Clients;

/// <summary>The KPI series of a tenant, from the metrics service over gRPC.</summary>
public sealed record KpiSeriesData(string Kpi, string Unit, IReadOnlyList<KpiPointData> Points, KpiPointData Total);

/// <summary>
/// Calls metrics' GetKpiSeries on behalf of a tenant. The caller's mistakes (bad KPI, range, filters) come back as
/// metrics answered them, field violations included; a metrics service that is down or failing is Unavailable.
/// </summary>
public sealed class MetricsKpiSource(MetricsClient client, ReportingOptions options, ILogger<MetricsKpiSource> logger)
{
    public async Task<KpiSeriesData> GetSeriesAsync(ReportRequest request, CancellationToken ct)
    {
        var query = new GetKpiSeriesRequest
        {
            Kpi = request.Kpi,
            From = request.From is { } from ? Timestamp.FromDateTimeOffset(from) : null,
            To = request.To is { } to ? Timestamp.FromDateTimeOffset(to) : null,
            Granularity = ToProto(request.Granularity),
        };
        foreach (var (key, value) in request.Filters)
        {
            query.Filters[key] = value;
        }

        KpiSeries series;
        try
        {
            series = await client.GetKpiSeriesAsync(query, GrpcExtensions.ForTenant(request.Tenant, ct, options.MetricsTimeout));
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.OutOfRange or StatusCode.FailedPrecondition)
        {
            var status = ex.GetRpcStatus();
            throw status is not null ? status.ToRpcException() : new RpcException(new Status(ex.StatusCode, ex.Status.Detail));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            throw;
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Metrics GetKpiSeries failed with {Code}: {Detail}", ex.StatusCode, ex.Status.Detail);
            throw new RpcException(new Status(StatusCode.Unavailable, $"the metrics service is unavailable ({ex.StatusCode}); retry later"));
        }

        return new KpiSeriesData(
            string.IsNullOrEmpty(series.Kpi) ? request.Kpi : series.Kpi,
            series.Unit,
            series.Points.Select(ToDomain).ToList(),
            series.Total is null ? new KpiPointData(request.From ?? DateTimeOffset.UnixEpoch, false, 0, 0, 0) : ToDomain(series.Total));
    }

    private static KpiPointData ToDomain(KpiPoint p) =>
        new(p.Start?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch, p.HasValue, p.Value, p.Numerator, p.Denominator);

    private static Granularity ToProto(ReportGranularity granularity) => granularity switch
    {
        ReportGranularity.Minute => Granularity.Minute,
        ReportGranularity.Hour => Granularity.Hour,
        ReportGranularity.Day => Granularity.Day,
        _ => Granularity.Unspecified,
    };
}
