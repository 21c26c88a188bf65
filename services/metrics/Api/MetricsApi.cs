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
public sealed partial class MetricsApi(KpiComputer kpis, CustomKpiStore customKpis, DailyKpiEtl etl, NpgsqlDataSource dataSource, TimeProvider clock) : MetricsGrpc.MetricsBase
{
    public override async Task<KpiSeries> GetKpiSeries(GetKpiSeriesRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        HttpQueryFilters.AddTo(request.Filters, context.GetHttpContext().Request.Query);
        var custom = KpiCatalog.Find(request.Kpi) is null && request.Kpi.Length is > 0 and <= 63
            ? await customKpis.FindAsync(tenant, request.Kpi, context.CancellationToken)
            : null;
        var validation = KpiRequestValidator.Validate(request, custom);
        if (validation.Query is not { } query)
        {
            throw GrpcErrors.InvalidArgument(validation.Violations);
        }
        var series = await kpis.ComputeAsync(tenant, query, context.CancellationToken);

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
