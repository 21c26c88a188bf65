using System.Data;
using System.Diagnostics;
using Npgsql;
using Suite.ServiceDefaults.Data;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Metrics.Jobs;

/// <summary>
/// Recomputes daily_kpis for one tenant and UTC day: every built-in KPI and the tenant's own, without filters, read and written in one
/// repeatable-read transaction (delete then insert), so a re-run gives identical rows and readers never see half a
/// day. Each run is recorded in etl_job_runs, a failure too (in its own statement after the rollback). The day's account health
/// scores are stored in the same transaction and band changes against the previous day announced (AccountHealthChanged).
/// </summary>
public sealed class DailyKpiEtl(NpgsqlDataSource dataSource, KpiComputer kpis, CustomKpiStore customKpis, OutboxSignal outboxSignal, MetricsTelemetry telemetry, TimeProvider clock, ILogger<DailyKpiEtl> logger)
{

    public async Task<IReadOnlyList<EtlDayStatus>> RunAsync(string tenant, IEnumerable<DateOnly> days, CancellationToken ct)
    {
        var results = new List<EtlDayStatus>();
        foreach (var day in days)
        {
            results.Add(await RunDayAsync(tenant, day, ct));
        }
        return results;
    }

    public async Task<EtlDayStatus> RunDayAsync(string tenant, DateOnly day, CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        // Serializes runs of the same (tenant, day) across replicas; taken before the snapshot of the transaction.
        await LockAsync(conn, "pg_advisory_lock", tenant, day, ct);
        try
        {
            await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var rows = await ComputeAsync(conn, tenant, day, ct);
            await DailyKpiStore.ReplaceDayAsync(conn, tx, tenant, day, rows, ct);
            var announced = await AccountHealthStore.RecordDayAsync(conn, tx, tenant, day, clock.GetUtcNow(), ct);
            var run = new EtlDayStatus(day, EtlStatus.Succeeded, rows.Count, watch.ElapsedMilliseconds, null, clock.GetUtcNow());
            await DailyKpiStore.RecordRunAsync(conn, tx, tenant, run, startedAt, ct);
            await tx.CommitAsync(ct);
            telemetry.EtlRunEnded(succeeded: true);
            if (announced > 0)
            {
                outboxSignal.Notify();
            }
            return run;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Daily KPI ETL failed for {Tenant} {Day}", tenant, day);
            var run = new EtlDayStatus(day, EtlStatus.Failed, 0, watch.ElapsedMilliseconds, ex.Message, clock.GetUtcNow());
            await DailyKpiStore.RecordRunAsync(conn, null, tenant, run, startedAt, ct);
            telemetry.EtlRunEnded(succeeded: false);
            return run;
        }
        finally
        {
            await LockAsync(conn, "pg_advisory_unlock", tenant, day, CancellationToken.None);
        }
    }

    private static async Task LockAsync(NpgsqlConnection conn, string function, string tenant, DateOnly day, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select {function}(hashtextextended('metrics.etl:' || @tenant || ':' || @day, 0))", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("day", EtlPlan.Format(day));
        await cmd.ExecuteScalarAsync(ct);
    }

    private async Task<IReadOnlyList<DailyKpiRow>> ComputeAsync(NpgsqlConnection conn, string tenant, DateOnly day, CancellationToken ct)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = new List<DailyKpiRow>();
        foreach (var kpi in KpiCatalog.All.Concat(await customKpis.ListAsync(tenant, ct)))
        {
            var (numerator, denominator) = kpi.Resolve(KpiDefinition.NoFilters);
            var query = new KpiQuery(kpi, from, from.AddDays(1), KpiGranularity.Day, numerator, denominator);
            var point = (await kpis.ComputeAsync(tenant, query, ct, conn)).Points.Single();
            rows.Add(new DailyKpiRow(kpi.Name, point.Numerator, point.Denominator, point.HasValue, point.Value));
        }
        return rows;
    }
}
