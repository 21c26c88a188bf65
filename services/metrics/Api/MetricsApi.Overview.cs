using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using KpiSeriesResult = Suite.Metrics.Domain.KpiSeriesResult;

namespace Suite.Metrics.Api;

/// <summary>The daily overview (JSON: GET /v1/overview/{date}) and the live KPI stream for dashboards.</summary>
public sealed partial class MetricsApi
{

    public override async Task<GetOverviewResponse> GetOverview(GetOverviewRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var violations = new List<FieldViolation>();
        if (EtlPlan.PastDay("date", request.Date, EtlPlan.DayOf(clock.GetUtcNow()), violations) is not { } day)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var from = new DateTimeOffset(day.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var response = new GetOverviewResponse { Date = EtlPlan.Format(day) };
        var byName = new Dictionary<string, KpiSeriesResult>(StringComparer.Ordinal);
        foreach (var kpi in KpiCatalog.All.Concat(await customKpis.ListAsync(tenant, context.CancellationToken)))
        {
            var (numerator, denominator) = kpi.Resolve(Domain.KpiDefinition.NoFilters);
            var series = await kpis.ComputeAsync(tenant, new KpiQuery(kpi, from, from.AddDays(2), KpiGranularity.Day, numerator, denominator), context.CancellationToken);
            byName[kpi.Name] = series;
            var (previous, current) = (series.Points[0], series.Points[1]);
            var item = new OverviewKpi { Name = kpi.Name, Unit = kpi.UnitName, Day = ToProto(current), PreviousDay = ToProto(previous) };
            if (Overview.Change(previous, current) is { } change)
            {
                item.Change = change;
            }
            response.Kpis.Add(item);
        }
        response.QuoteConversion = Compare(byName["portal_quote_conversion_rate"].Points[1], byName["staff_quote_conversion_rate"].Points[1]);
        return response;
    }

    private static ConversionComparison Compare(KpiValue portal, KpiValue staff)
    {
        var result = new ConversionComparison
        {
            PortalOrders = portal.Numerator, PortalQuotes = portal.Denominator, StaffOrders = staff.Numerator, StaffQuotes = staff.Denominator,
        };
        if (portal.HasValue)
        {
            result.PortalRate = portal.Value;
        }
        if (staff.HasValue)
        {
            result.StaffRate = staff.Value;
        }
        // Orders are a flow per bucket and may exceed the quotes of the day: the test needs proportions.
        if (TwoProportionZTest.Run(portal.Numerator, portal.Denominator, staff.Numerator, staff.Denominator) is { } test)
        {
            result.Z = test.Z;
            result.PValue = test.PValue;
            result.Significant = test.SignificantAt(0.05);
            if (test.P2 > 0)
            {
                result.Lift = test.Lift;
            }
        }
        return result;
    }

    public override async Task WatchKpis(WatchKpisRequest request, IServerStreamWriter<KpiUpdate> responseStream, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var custom = await customKpis.ListAsync(tenant, context.CancellationToken);
        var (watch, violations) = Overview.ValidateWatch(request, name => KpiCatalog.Find(name) ?? custom.FirstOrDefault(k => k.Name == name));
        if (watch is null)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var last = new Dictionary<string, KpiValue>(StringComparer.Ordinal);
        var ct = context.CancellationToken;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var bucket = watch.Granularity.BucketStart(clock.GetUtcNow());
                foreach (var kpi in watch.Kpis)
                {
                    var (numerator, denominator) = kpi.Resolve(Domain.KpiDefinition.NoFilters);
                    var query = new KpiQuery(kpi, bucket, bucket + watch.Granularity.Step(), watch.Granularity, numerator, denominator);
                    var point = (await kpis.ComputeAsync(tenant, query, ct)).Points.Single();
                    if (!last.TryGetValue(kpi.Name, out var previous) || previous != point)
                    {
                        last[kpi.Name] = point;
                        await responseStream.WriteAsync(new KpiUpdate { Kpi = kpi.Name, Unit = kpi.UnitName, Point = ToProto(point) }, ct);
                    }
                }
                await Task.Delay(watch.Interval, clock, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away: the normal end of a watch
        }
    }
}
