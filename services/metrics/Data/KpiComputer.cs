using Npgsql;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Data;

/// <summary>A KPI series for a validated query: distinct-user KPIs from daily_users, percentiles from the rollups' sketches, the others from the rollups.</summary>
public sealed class KpiComputer(KpiSeriesReader rollups, ActiveUserReader users, KpiSketchReader sketches)
{
    public async Task<KpiSeriesResult> ComputeAsync(string tenant, KpiQuery query, CancellationToken ct, NpgsqlConnection? conn = null)
    {
        if (query.Kpi.Users is { } windows)
        {
            var (buckets, total) = await users.ReadAsync(tenant, query, windows, ct, conn);
            return KpiSeriesBuilder.Build(query, buckets, total);
        }
        if (query.Kpi.Quantile is not null)
        {
            return KpiSeriesBuilder.BuildQuantile(query, await sketches.ReadAsync(tenant, query, ct, conn));
        }
        return KpiSeriesBuilder.Build(query, await rollups.ReadAsync(tenant, query, ct, conn));
    }
}
