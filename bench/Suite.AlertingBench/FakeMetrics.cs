using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;

namespace Suite.AlertingBench;

/// <summary>
/// The metrics service as the alerting service sees it, kept trivial so the cycle measures alerting: Kestrel h2c on
/// 127.0.0.1 answering GetKpiSeries with a fixed ratio total (0.1, or 0.9 for the "hot" (tenant, shard) pairs once
/// <see cref="Firing"/> is set) and one point per bucket of the asked range (at most 60), stable within a minute;
/// GetKpiSeriesBatch answers each query the same way. Counts calls, queries and the time spent in its own request pipeline.
/// </summary>
public sealed class FakeMetrics : IAsyncDisposable
{
    public const double Calm = 0.1;
    public const double Hot = 0.9;

    private readonly WebApplication _app;
    private long _calls;
    private long _queries;
    private long _serverTicks;

    private FakeMetrics(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Address { get; }

    /// <summary>(tenant, shard filter) pairs answered with <see cref="Hot"/> while <see cref="Firing"/>.</summary>
    public ConcurrentDictionary<(string Tenant, string Shard), bool> HotShards { get; } = new();

    public volatile bool Firing;

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Series answered: one per GetKpiSeries call, one per query of a GetKpiSeriesBatch call.</summary>
    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>Time spent inside this server's pipeline (request read to response written), all calls together.</summary>
    public TimeSpan ServerTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _serverTicks));

    public static async Task<FakeMetrics> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        FakeMetrics? self = null;
        builder.Services.AddSingleton(_ => self!);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next(context);
            Interlocked.Add(ref self!._serverTicks, Stopwatch.GetTimestamp() - started);
            Interlocked.Increment(ref self._calls);
        });
        app.MapGrpcService<Service>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        self = new FakeMetrics(app, address);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal KpiSeries Answer(string? tenant, GetKpiSeriesRequest request)
    {
        Interlocked.Increment(ref _queries);
        var shard = request.Filters.TryGetValue("shard", out var s) ? s : "";
        var value = Firing && tenant is not null && HotShards.ContainsKey((tenant, shard)) ? Hot : Calm;
        var series = new KpiSeries
        {
            Kpi = request.Kpi,
            Unit = "ratio",
            Total = new KpiPoint { HasValue = true, Value = value, Numerator = (long)(value * 1000), Denominator = 1000 },
        };
        var step = request.Granularity switch
        {
            Granularity.Day => TimeSpan.FromDays(1),
            Granularity.Hour => TimeSpan.FromHours(1),
            _ => TimeSpan.FromMinutes(1),
        };
        var to = request.To.ToDateTimeOffset();
        var first = Floor(request.From.ToDateTimeOffset(), step);
        var count = Math.Min(60, (int)Math.Ceiling((to - first) / step));
        for (var i = 0; i < count; i++)
        {
            var start = first + i * step;
            // 100..102 by bucket: a z-score over these stays far below k = 3, whatever the minute.
            var v = 100 + (start.ToUnixTimeSeconds() / (long)step.TotalSeconds % 3);
            series.Points.Add(new KpiPoint { Start = Timestamp.FromDateTimeOffset(start), HasValue = true, Value = v, Numerator = 100 });
        }
        return series;
    }

    private static DateTimeOffset Floor(DateTimeOffset t, TimeSpan step) => new(t.UtcTicks - t.UtcTicks % step.Ticks, TimeSpan.Zero);

    private sealed class Service(FakeMetrics fake) : Metrics.MetricsBase
    {
        public override Task<KpiSeries> GetKpiSeries(GetKpiSeriesRequest request, ServerCallContext context) =>
            Task.FromResult(fake.Answer(context.RequestHeaders.GetValue("x-suite-tenant"), request));

        public override Task<GetKpiSeriesBatchResponse> GetKpiSeriesBatch(GetKpiSeriesBatchRequest request, ServerCallContext context)
        {
            var tenant = context.RequestHeaders.GetValue("x-suite-tenant");
            var response = new GetKpiSeriesBatchResponse();
            foreach (var query in request.Queries)
            {
                response.Results.Add(new KpiSeriesResult { Series = fake.Answer(tenant, query) });
            }
            return Task.FromResult(response);
        }
    }
}
