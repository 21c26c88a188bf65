using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Suite.Contracts.Metrics.V1;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>
/// A stand-in for the metrics service (its neighbour in these tests): a real gRPC server on a free port that
/// answers GetKpiSeries (and each query of GetKpiSeriesBatch) with the total the test sets, and records each query.
/// </summary>
public sealed class MetricsDouble : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private MetricsDouble(LoopbackServer server, KpiBoard board)
    {
        _server = server;
        Board = board;
    }

    public KpiBoard Board { get; }

    public string Address => _server.Address.ToString().TrimEnd('/');

    public static async Task<MetricsDouble> StartAsync()
    {
        var board = new KpiBoard();
        var server = await LoopbackServer.StartAsync(
            app => app.MapGrpcService<MetricsService>(),
            HttpProtocols.Http2,
            builder =>
            {
                builder.Services.AddGrpc();
                builder.Services.AddSingleton(board);
            });
        return new MetricsDouble(server, board);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>What the double answers, per tenant and KPI, and what it was asked.</summary>
    public sealed class KpiBoard
    {
        private readonly ConcurrentDictionary<(string Tenant, string Kpi), KpiPoint> _totals = new();

        public ConcurrentQueue<Call> Calls { get; } = new();

        public void Set(string tenant, string kpi, double value, long numerator, long denominator) =>
            _totals[(tenant, kpi)] = new KpiPoint { HasValue = true, Value = value, Numerator = numerator, Denominator = denominator };

        public KpiPoint? Get(string tenant, string kpi) => _totals.TryGetValue((tenant, kpi), out var p) ? p : null;

        private readonly ConcurrentDictionary<(string Tenant, string Kpi), IReadOnlyList<KpiPoint>> _series = new();

        /// <summary>Points answered (with any total set) for the KPI; without a total the last point's value is the total.</summary>
        public void SetSeries(string tenant, string kpi, IReadOnlyList<KpiPoint> points) => _series[(tenant, kpi)] = points;

        public IReadOnlyList<KpiPoint> Series(string tenant, string kpi) => _series.TryGetValue((tenant, kpi), out var p) ? p : [];

        public int CallsFor(string tenant) => Calls.Count(c => c.Tenant == tenant);

        /// <summary>GetKpiSeriesBatch calls (their queries are in <see cref="Calls"/> too, one each).</summary>
        public ConcurrentQueue<BatchCall> BatchCalls { get; } = new();

        private readonly ConcurrentDictionary<string, StatusCode> _failingTenants = new();

        /// <summary>Every call for the tenant fails as a whole with <paramref name="code"/> (null: answers again).</summary>
        public void FailCalls(string tenant, StatusCode? code)
        {
            if (code is { } c)
            {
                _failingTenants[tenant] = c;
            }
            else
            {
                _failingTenants.TryRemove(tenant, out _);
            }
        }

        public StatusCode? CallFailure(string tenant) => _failingTenants.TryGetValue(tenant, out var c) ? c : null;
    }

    public sealed record Call(string? Tenant, bool HasBearer, GetKpiSeriesRequest Request);

    public sealed record BatchCall(string? Tenant, int Queries);

    private sealed class MetricsService(KpiBoard board) : Metrics.MetricsBase
    {
        public override Task<KpiSeries> GetKpiSeries(GetKpiSeriesRequest request, ServerCallContext context)
        {
            var (tenant, bearer) = Caller(context);
            board.Calls.Enqueue(new Call(tenant, bearer, request));
            return Task.FromResult(Answer(Authorize(tenant, bearer), request));
        }

        /// <summary>Like metrics: one result per query in order; a query the single call would refuse gets that error alone.</summary>
        public override Task<GetKpiSeriesBatchResponse> GetKpiSeriesBatch(GetKpiSeriesBatchRequest request, ServerCallContext context)
        {
            var (tenant, bearer) = Caller(context);
            board.BatchCalls.Enqueue(new BatchCall(tenant, request.Queries.Count));
            foreach (var query in request.Queries)
            {
                board.Calls.Enqueue(new Call(tenant, bearer, query));
            }
            var authorized = Authorize(tenant, bearer);
            var response = new GetKpiSeriesBatchResponse();
            foreach (var query in request.Queries)
            {
                try
                {
                    response.Results.Add(new KpiSeriesResult { Series = Answer(authorized, query) });
                }
                catch (RpcException ex)
                {
                    response.Results.Add(new KpiSeriesResult { Error = new KpiQueryError { Code = (int)ex.StatusCode, Message = ex.Status.Detail } });
                }
            }
            return Task.FromResult(response);
        }

        private static (string? Tenant, bool HasBearer) Caller(ServerCallContext context) => (
            context.RequestHeaders.GetValue("x-suite-tenant"),
            context.RequestHeaders.GetValue("authorization")?.StartsWith("Bearer ", StringComparison.Ordinal) == true);

        private string Authorize(string? tenant, bool bearer)
        {
            if (tenant is null || !bearer)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "service token and tenant header required"));
            }
            if (board.CallFailure(tenant) is { } failure)
            {
                throw new RpcException(new Status(failure, "the metrics double fails this tenant's calls"));
            }
            return tenant;
        }

        private KpiSeries Answer(string tenant, GetKpiSeriesRequest request)
        {
            var points = board.Series(tenant, request.Kpi);
            var total = board.Get(tenant, request.Kpi) ?? points.LastOrDefault()
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"unknown KPI {request.Kpi}"));
            var series = new KpiSeries { Kpi = request.Kpi, Unit = total.Denominator > 0 ? "ratio" : "count", Total = total };
            series.Points.AddRange(points);
            return series;
        }
    }
}
