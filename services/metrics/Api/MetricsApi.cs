using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.Metrics.Jobs;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using MetricsGrpc = Suite.Contracts.Metrics.V1.Metrics;

namespace Suite.Metrics.Api;

/// <summary>KPI queries (JSON: GET /v1/kpis, /v1/kpis/{kpi}/series). Always scoped to the token's tenant.</summary>
public sealed partial class MetricsApi(KpiComputer kpis, CustomKpiStore customKpis, DailyKpiEtl etl, NpgsqlDataSource dataSource, TimeProvider clock,
    ILogger<MetricsApi> logger) : MetricsGrpc.MetricsBase
{
    public override async Task<KpiSeries> GetKpiSeries(GetKpiSeriesRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        HttpQueryFilters.AddTo(request.Filters, context.GetHttpContext().Request.Query);
        var validation = await ValidateAsync(tenant, request, customKpis.FindAsync, context.CancellationToken);
        if (validation.Query is not { } query)
        {
            throw GrpcErrors.InvalidArgument(validation.Violations);
        }
        return await SeriesAsync(tenant, query, context.CancellationToken);
    }

    /// <summary>
    /// Validates a series request against the catalog and the tenant's own KPIs (GetKpiSeries and each query of
    /// GetKpiSeriesBatch). <paramref name="findCustom"/> looks up a tenant's own KPI by name (null when it has none).
    /// </summary>
    private static async Task<KpiQueryValidation> ValidateAsync(string tenant, GetKpiSeriesRequest request,
        Func<string, string, CancellationToken, Task<Domain.KpiDefinition?>> findCustom, CancellationToken ct)
    {
        var custom = KpiCatalog.Find(request.Kpi) is null && request.Kpi.Length is > 0 and <= 63
            ? await findCustom(tenant, request.Kpi, ct)
            : null;
        return KpiRequestValidator.Validate(request, custom);
    }

    /// <summary>The series of a validated query, as the API answers it.</summary>
    private async Task<KpiSeries> SeriesAsync(string tenant, KpiQuery query, CancellationToken ct)
    {
        var series = await kpis.ComputeAsync(tenant, query, ct);
        var response = new KpiSeries { Kpi = query.Kpi.Name, Unit = query.Kpi.UnitName, Total = ToProto(series.Total) };
        response.Points.AddRange(series.Points.Select(ToProto));
        return response;
    }

    private static KpiPoint ToProto(KpiValue v) => new()
    {
        Start = Timestamp.FromDateTimeOffset(v.Start),
        HasValue = v.HasValue,
        Value = v.Value,
        Numerator = v.Numerator,
        Denominator = v.Denominator,
    };
}
