using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Api;

/// <summary>ETL of daily_kpis for the caller's tenant (JSON: POST /v1/etl/runs, GET /v1/etl/status).</summary>
public sealed partial class MetricsApi
{
    public override async Task<RunEtlResponse> RunEtl(RunEtlRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var (days, violations) = EtlPlan.RunDays(request.FromDate, request.ToDate, EtlPlan.DayOf(clock.GetUtcNow()));
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var response = new RunEtlResponse();
        response.Days.AddRange((await etl.RunAsync(tenant, days, context.CancellationToken)).Select(ToProto));
        return response;
    }

    public override async Task<GetEtlStatusResponse> GetEtlStatus(GetEtlStatusRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var (days, violations) = EtlPlan.StatusDays(request.Days, EtlPlan.DayOf(clock.GetUtcNow()));
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var runs = await DailyKpiStore.LatestRunsAsync(dataSource, tenant, days[0], days[^1], context.CancellationToken);
        var statuses = EtlPlan.Statuses(days, runs);

        var response = new GetEtlStatusResponse();
        response.Days.AddRange(statuses.Select(ToProto));
        response.MissingDates.AddRange(statuses.Where(s => s.Status == EtlStatus.Missing).Select(s => EtlPlan.Format(s.Day)));
        response.FailedDates.AddRange(statuses.Where(s => s.Status == EtlStatus.Failed).Select(s => EtlPlan.Format(s.Day)));
        return response;
    }

    private static EtlDay ToProto(EtlDayStatus s) => new()
    {
        Date = EtlPlan.Format(s.Day),
        Status = s.Status.ToString().ToLowerInvariant(),
        Rows = s.Rows,
        DurationMs = s.DurationMs,
        Error = s.Error ?? "",
        FinishedAt = s.FinishedAt is { } t ? Timestamp.FromDateTimeOffset(t) : null,
    };
}
