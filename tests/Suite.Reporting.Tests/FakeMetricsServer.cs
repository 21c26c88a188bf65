using System.Globalization;
using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using MetricsBase = Suite.Contracts.Metrics.V1.Metrics.MetricsBase;

namespace Suite.Reporting.Tests;

/// <summary>
/// A test double of the neighbouring metrics service: the real gRPC contract on a real h2c port, the suite's JWT
/// auth (so reporting's service identity and tenant header are checked as metrics checks them), and fixed data.
/// login_success_rate answers 90 %, 75 %, (none), 98 %, 87 % per bucket → 350 / 400 = 87.50 % in total.
/// GetAccountHealth answers <see cref="Accounts"/> (worst first) whatever the day.
/// GetCohortRetention answers <see cref="Cohorts"/>; GetKpiSeriesBatch answers quote_requests (see <see cref="Quotes"/>).
/// GetRevenueMetrics answers <see cref="Revenue"/>: EUR from 2025-03 to 2026-02, nothing for other months.
/// </summary>
public sealed class FakeMetricsServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly Calls _calls;

    private FakeMetricsServer(LoopbackServer server, Calls calls)
    {
        _server = server;
        _calls = calls;
        Received = calls.Queue;
    }

    public string Address => _server.Address.ToString().TrimEnd('/');

    /// <summary>Every GetKpiSeries call: the tenant it was made for and the request.</summary>
    public ConcurrentQueue<(string Tenant, GetKpiSeriesRequest Request)> Received { get; }

    /// <summary>Every GetCohortRetention call: the tenant and the request.</summary>
    public ConcurrentQueue<(string Tenant, GetCohortRetentionRequest Request)> CohortRequests => _calls.Cohorts;

    /// <summary>Every GetKpiSeriesBatch query: the tenant and the query.</summary>
    public ConcurrentQueue<(string Tenant, GetKpiSeriesRequest Request)> BatchQueries => _calls.Batch;

    public static async Task<FakeMetricsServer> StartAsync()
    {
        var calls = new Calls();
        var server = await FakeGrpcServer.StartAsync<FakeMetricsService, Calls>(calls);
        return new FakeMetricsServer(server, calls);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>What GetAccountHealth answers: one critical, one at risk, one healthy account (of 5 in total).</summary>
    public static IReadOnlyList<AccountHealth> Accounts { get; } =
    [
        new() { AccountId = "acct-critical", Score = 18.5, Band = "critical", ActiveDays = 1, TicketsOpened = 4, Orders = 0, Users = 0 },
        new() { AccountId = "acct-risk", Score = 52, Band = "at_risk", ActiveDays = 3, TicketsOpened = 0, Orders = 2, Users = 2 },
        new() { AccountId = "acct-power", Score = 96, Band = "healthy", ActiveDays = 25, TicketsOpened = 0, Orders = 40, Users = 14 },
    ];

    /// <summary>
    /// What GetCohortRetention answers: (size, retained per period) of four cohorts starting at the request's from, a
    /// period apart; null is "not reachable yet", periods beyond the request's offsets are dropped.
    /// Period 1 over all: (90 + 50 + 20) / (200 + 100 + 50) = 45.7 %; period 3: 40 / 200 = 20.0 %.
    /// </summary>
    public static IReadOnlyList<(long Size, long?[] Retained)> Cohorts { get; } =
    [
        (200, [200, 90, 60, 40]),
        (100, [100, 50, 30, null]),
        (50, [50, 20, null, null]),
        (10, [10, null, null, null]),
    ];

    /// <summary>
    /// quote_requests' total in a batch query, by the service_code filter and the month the query starts in (its from
    /// + 12 hours, so a local midnight of any zone counts as that day): portal 100 + 10 × month, staff 50, else 0.
    /// </summary>
    public static long Quotes(string? channel, DateTimeOffset from) => channel switch
    {
        "portal" => 100 + 10 * from.AddHours(12).Month,
        "staff" => 50,
        _ => 0,
    };

    /// <summary>
    /// EUR month-end MRR rising by 500.00 a month from 7,000.00 (2025-03) to 12,500.00 (2026-02); January and February
    /// with every movement and ratio (February: NRR 95.83 %, logo churn 4 %, ARPU 250.00, LTV 6,250.00).
    /// </summary>
    public static RevenueMetrics? Revenue(string month)
    {
        var index = (int.Parse(month[..4], CultureInfo.InvariantCulture) - 2025) * 12 + int.Parse(month[5..], CultureInfo.InvariantCulture) - 3;
        return (month, index) switch
        {
            ("2026-02", _) => new()
            {
                Currency = "EUR", MrrMinor = 1_250_000, ArrMinor = 15_000_000, StartMrrMinor = 1_200_000, NewMrrMinor = 100_000, ExpansionMrrMinor = 50_000,
                ContractionMrrMinor = 20_000, ChurnedMrrMinor = 80_000, PayingAccounts = 50, StartPayingAccounts = 50, NewAccounts = 2, ChurnedAccounts = 2,
                ArpuMinor = 25_000, LogoChurnRate = 0.04, RevenueChurnRate = 100_000 / 1_200_000.0, NetRevenueRetention = 1_150_000 / 1_200_000.0,
                GrossRevenueRetention = 1_100_000 / 1_200_000.0, QuickRatio = 1.5, LtvMinor = 625_000,
            },
            ("2026-01", _) => new()
            {
                Currency = "EUR", MrrMinor = 1_200_000, ArrMinor = 14_400_000, StartMrrMinor = 1_100_000, NewMrrMinor = 150_000, ExpansionMrrMinor = 30_000,
                ContractionMrrMinor = 10_000, ChurnedMrrMinor = 70_000, PayingAccounts = 50, StartPayingAccounts = 40, NewAccounts = 12, ChurnedAccounts = 2,
                ArpuMinor = 24_000, LogoChurnRate = 0.05, RevenueChurnRate = 80_000 / 1_100_000.0, NetRevenueRetention = 1_050_000 / 1_100_000.0,
                GrossRevenueRetention = 1_020_000 / 1_100_000.0, QuickRatio = 2.25, LtvMinor = 480_000,
            },
            (_, >= 0 and < 10) => new()
            {
                Currency = "EUR", MrrMinor = 700_000 + 50_000 * index, ArrMinor = 12 * (700_000 + 50_000 * index), StartMrrMinor = 650_000 + 50_000 * index,
                NewMrrMinor = 50_000, PayingAccounts = 40, StartPayingAccounts = 40,
            },
            _ => null,
        };
    }

    public sealed class Calls
    {
        public ConcurrentQueue<(string Tenant, GetKpiSeriesRequest Request)> Queue { get; } = new();
        public ConcurrentQueue<(string Tenant, GetCohortRetentionRequest Request)> Cohorts { get; } = new();
        public ConcurrentQueue<(string Tenant, GetKpiSeriesRequest Request)> Batch { get; } = new();
    }

    private sealed class FakeMetricsService(Calls calls) : MetricsBase
    {
        public override Task<KpiSeries> GetKpiSeries(GetKpiSeriesRequest request, ServerCallContext context)
        {
            var tenant = context.RequireTenant();
            calls.Queue.Enqueue((tenant, request));

            var violations = new List<FieldViolation>();
            if (request.Kpi is not ("login_success_rate" or "events_count"))
            {
                violations.Add(new FieldViolation("kpi", $"unknown KPI '{request.Kpi}'; known: login_success_rate, events_count"));
            }
            if (request.From is null)
            {
                violations.Add(new FieldViolation("from", "is required"));
            }
            if (request.To is null)
            {
                violations.Add(new FieldViolation("to", "is required"));
            }
            else if (request.From is not null && request.From.ToDateTimeOffset() >= request.To.ToDateTimeOffset())
            {
                violations.Add(new FieldViolation("to", "must be after from"));
            }
            if (violations.Count > 0)
            {
                throw GrpcErrors.InvalidArgument(violations);
            }

            var start = request.From!.ToDateTimeOffset();
            var series = new KpiSeries { Kpi = request.Kpi };
            if (request.Kpi == "login_success_rate")
            {
                series.Unit = "ratio";
                (long Num, long Den)[] buckets = [(90, 100), (75, 100), (0, 0), (98, 100), (87, 100)];
                series.Points.AddRange(buckets.Select((b, i) => Point(start.AddHours(i), b.Num, b.Den)));
                series.Total = Point(start, 350, 400);
            }
            else
            {
                series.Unit = "count";
                long[] counts = [1200, 0, 3400];
                series.Points.AddRange(counts.Select((c, i) => new KpiPoint { Start = Timestamp.FromDateTimeOffset(start.AddHours(i)), HasValue = true, Value = c, Numerator = c }));
                series.Total = new KpiPoint { Start = Timestamp.FromDateTimeOffset(start), HasValue = true, Value = 4600, Numerator = 4600 };
            }
            return Task.FromResult(series);
        }

        public override Task<GetAccountHealthResponse> GetAccountHealth(GetAccountHealthRequest request, ServerCallContext context)
        {
            context.RequireTenant();
            var response = new GetAccountHealthResponse { Date = request.Date, Healthy = 3, AtRisk = 1, Critical = 1, TotalAccounts = 5 };
            response.Accounts.AddRange(Accounts);
            return Task.FromResult(response);
        }

        public override Task<GetCohortRetentionResponse> GetCohortRetention(GetCohortRetentionRequest request, ServerCallContext context)
        {
            calls.Cohorts.Enqueue((context.RequireTenant(), request));
            var from = DateOnly.FromDateTime(request.From.ToDateTime());
            var response = new GetCohortRetentionResponse();
            foreach (var (cohort, i) in Cohorts.Select((c, i) => (c, i)))
            {
                var start = request.CohortGranularity == CohortGranularity.Month ? from.AddMonths(i) : from.AddDays(7 * i);
                var proto = new CohortRetention { CohortStart = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Size = cohort.Size };
                foreach (var (offset, k) in request.DayOffsets.Select((o, k) => (o, k)))
                {
                    var o = new CohortOffsetRetention { DayOffset = offset };
                    if (k < cohort.Retained.Length && cohort.Retained[k] is { } retained)
                    {
                        o.Retained = retained;
                        o.Rate = (double)retained / cohort.Size;
                    }
                    proto.Offsets.Add(o);
                }
                response.Cohorts.Add(proto);
            }
            return Task.FromResult(response);
        }

        public override Task<GetKpiSeriesBatchResponse> GetKpiSeriesBatch(GetKpiSeriesBatchRequest request, ServerCallContext context)
        {
            var tenant = context.RequireTenant();
            var response = new GetKpiSeriesBatchResponse();
            foreach (var query in request.Queries)
            {
                calls.Batch.Enqueue((tenant, query));
                var total = query.Kpi == "quote_requests" ? Quotes(query.Filters.GetValueOrDefault("service_code"), query.From.ToDateTimeOffset()) : 0;
                response.Results.Add(new KpiSeriesResult
                {
                    Series = new KpiSeries
                    {
                        Kpi = query.Kpi,
                        Unit = "count",
                        Total = new KpiPoint { Start = query.From, HasValue = true, Value = total, Numerator = total },
                    },
                });
            }
            return Task.FromResult(response);
        }

        public override Task<GetRevenueMetricsResponse> GetRevenueMetrics(GetRevenueMetricsRequest request, ServerCallContext context)
        {
            context.RequireTenant();
            var response = new GetRevenueMetricsResponse { Month = request.Month };
            if (Revenue(request.Month) is { } eur)
            {
                response.Currencies.Add(eur);
            }
            return Task.FromResult(response);
        }

        private static KpiPoint Point(DateTimeOffset start, long numerator, long denominator) => new()
        {
            Start = Timestamp.FromDateTimeOffset(start),
            HasValue = denominator > 0,
            Value = denominator > 0 ? (double)numerator / denominator : 0,
            Numerator = numerator,
            Denominator = denominator,
        };
    }
}
