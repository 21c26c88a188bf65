using Grpc.Core;
using Npgsql;
using Suite.Reporting.Data;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Subscriptions;
using Suite.Reporting.Reports.Types;
using Suite.Reporting.Scheduling;

namespace Suite.Reporting.Reports;

/// <summary>What an on-demand call produced: the stored report and the run that records it.</summary>
public sealed record OnDemandResult(StoredReport Report, Guid RunId);

/// <summary>
/// GenerateReport's work: the KPI report or a business report, rendered and stored, and the call recorded as an
/// "on_demand" run whether it succeeded or failed (so ListRuns shows what was asked and what went wrong).
/// </summary>
public sealed class OnDemandReports(ReportGenerator generator, IEnumerable<IReportType> types, NpgsqlDataSource db, TimeProvider clock,
    ILogger<OnDemandReports> logger)
{
    /// <summary>The business report types this service version builds (the API's list of known types).</summary>
    public IReadOnlyCollection<string> Available { get; } = types.Select(t => t.Name).ToList();

    public Task<OnDemandResult> KpiAsync(ReportRequest request, CancellationToken ct) =>
        RecordAsync(request.Tenant, ReportTypes.Kpi, request.From, request.To, async () =>
        {
            var report = await generator.GenerateAsync(request, ct);
            return (report, [$"{report.Kpi}: {ValueFormatter.FormatValue(report.Unit, report.TotalValue.HasValue, report.TotalValue ?? 0)}"]);
        }, ct);

    public Task<OnDemandResult> BusinessAsync(string tenant, OnDemandRequest request, ReportFormatKind format, CancellationToken ct)
    {
        var type = types.Single(t => t.Name == request.ReportType);
        var context = new ReportContext(tenant, request.From, request.To, request.Zone, request.Parameters, clock.GetUtcNow());
        return RecordAsync(tenant, request.ReportType, request.From, request.To, async () =>
        {
            var (document, reports) = await generator.GenerateAsync(type, context, [format], ct);
            return (reports[0], document.Headlines.Select(SubscriptionRunner.HeadlineText).ToList());
        }, ct);
    }

    private async Task<OnDemandResult> RecordAsync(string tenant, string reportType, DateTimeOffset? from, DateTimeOffset? to,
        Func<Task<(StoredReport Report, IReadOnlyList<string> Headlines)>> generate, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var id = Guid.CreateVersion7(started);
        ReportRun Run(string status, StoredReport? report, IReadOnlyList<string> headlines, string? error)
        {
            var finished = clock.GetUtcNow();
            return new ReportRun(id, tenant, null, reportType, null, from, to, RunTriggers.OnDemand, status, 1, started, finished,
                (int)Math.Min(int.MaxValue, (finished - started).TotalMilliseconds), report?.Content.LongLength, [],
                report is null ? [] : [report.Id], 0, error, started, headlines);
        }

        try
        {
            var (report, headlines) = await generate();
            await RunStore.InsertFinishedAsync(db, Run(RunStatuses.Succeeded, report, headlines, null), ct);
            return new OnDemandResult(report, id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = ex is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : ex.Message;
            // The caller gets the original error; the record is best effort (the database may be what failed).
            try
            {
                await RunStore.InsertFinishedAsync(db, Run(RunStatuses.Failed, null, [], error), CancellationToken.None);
            }
            catch (NpgsqlException recordFailure)
            {
                logger.LogWarning(recordFailure, "On-demand {Type} run {Run} failed and could not be recorded", reportType, id);
            }
            throw;
        }
    }
}
