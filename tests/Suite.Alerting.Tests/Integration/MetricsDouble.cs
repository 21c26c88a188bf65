using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Suite.Contracts.Metrics.V1;

namespace Suite.Alerting.Tests.Integration;

/// <summary>
/// A stand-in for the metrics service (its neighbour in these tests): a real gRPC server on a free port that
/// answers GetKpiSeries with the total the test sets, and records each call.
/// </summary>
public sealed class MetricsDouble : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsDouble(WebApplication app, KpiBoard board)
    {
        _app = app;
        Board = board;
    }

    public KpiBoard Board { get; }

    public string Address { get; private set; } = "";

    public static async Task<MetricsDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();   // not the copied appsettings.json of the service (its Kestrel ports)
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var board = new KpiBoard();
        builder.Services.AddSingleton(board);
        var app = builder.Build();
        app.MapGrpcService<MetricsService>();
        var metrics = new MetricsDouble(app, board);
        await app.StartAsync();
        metrics.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return metrics;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>What the double answers, per tenant and KPI, and what it was asked.</summary>
    public sealed class KpiBoard
    {
        private readonly ConcurrentDictionary<(string Tenant, string Kpi), KpiPoint> _totals = new();

        public ConcurrentQueue<Call> Calls { get; } = new();

        public void Set(string tenant, string kpi, double value, long numerator, long denominator) =>
            _totals[(tenant, kpi)] = new KpiPoint { HasValue = true, Value = value, Numerator = numerator, Denominator = denominator };

        public KpiPoint? Get(string tenant, string kpi) => _totals.TryGetValue((tenant, kpi), out var p) ? p : null;

        public int CallsFor(string tenant) => Calls.Count(c => c.Tenant == tenant);
    }

    public sealed record Call(string? Tenant, bool HasBearer, GetKpiSeriesRequest Request);

    private sealed class MetricsService(KpiBoard board) : Metrics.MetricsBase
    {
        public override Task<KpiSeries> GetKpiSeries(GetKpiSeriesRequest request, ServerCallContext context)
        {
            var tenant = context.RequestHeaders.GetValue("x-suite-tenant");
            var bearer = context.RequestHeaders.GetValue("authorization")?.StartsWith("Bearer ", StringComparison.Ordinal) == true;
            board.Calls.Enqueue(new Call(tenant, bearer, request));
            if (tenant is null || !bearer)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "service token and tenant header required"));
            }
            var total = board.Get(tenant, request.Kpi)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"unknown KPI {request.Kpi}"));
            return Task.FromResult(new KpiSeries { Kpi = request.Kpi, Unit = total.Denominator > 0 ? "ratio" : "count", Total = total });
        }
    }
}
