using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Ingestion.V1;
using Suite.ServiceDefaults.Telemetry;
using Suite.Testing;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>
/// gRPC calls are HTTP 200 whatever their status: ServiceDefaults tags ASP.NET Core's http.server.request.duration with
/// rpc.grpc.status_code (Prometheus label rpc_grpc_status_code), which the error-ratio recording rules in
/// deploy/prometheus/rules/suite-recording.yml count.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class GrpcStatusMetricTagTests(IngestionHost host) : IClassFixture<IngestionHost>, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string? Route, int? HttpStatus, object? GrpcStatus)> _requests = new();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Grpc_requests_carry_their_status_code_on_the_request_duration_metric()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            string? route = null;
            int? status = null;
            object? grpc = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "http.route": route = tag.Value as string; break;
                    case "http.response.status_code": status = Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case GrpcStatusMetricTag.TagName: grpc = tag.Value; break;
                }
            }
            _requests.Enqueue((route, status, grpc));
        });
        _listener.Start();
        var tenant = "t-" + Guid.NewGuid().ToString("N")[..12];

        await host.Client.TrackBatchAsync(new EventBatch
        {
            Events = { new Event { EventId = Guid.NewGuid().ToString(), Domain = "auth", Type = "LOGIN", UserId = "u-1", OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)) } },
        }, host.AuthFor(tenant));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackBatchAsync(new EventBatch(), host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => host.Factory.Channel().CreateCallInvoker()
            .AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, "suite.nothing.v1.Nothing", "Call", bytes, bytes), null, new CallOptions(host.AuthFor(tenant)), [])
            .ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, unknown.StatusCode);

        using var http = host.Factory.CreateClient();
        (await http.GetAsync(new Uri("/alive", UriKind.Relative))).EnsureSuccessStatusCode();

        const string trackBatch = "/suite.ingestion.v1.Ingestion/TrackBatch";
        await Eventually.TrueAsync(
            () => _requests.Any(r => r is { Route: trackBatch, HttpStatus: 200, GrpcStatus: 0 })
                  && _requests.Any(r => r is { Route: trackBatch, HttpStatus: 200, GrpcStatus: 3 })
                  && _requests.Any(r => r is { HttpStatus: 200, GrpcStatus: 12 } && r.Route!.Contains("unimplemented", StringComparison.OrdinalIgnoreCase))
                  && _requests.Any(r => r.Route == "/alive"),
            "TrackBatch OK (0) and INVALID_ARGUMENT (3), an unknown service UNIMPLEMENTED (12) and /alive on http.server.request.duration",
            timeoutSeconds: 10);
        // Not a gRPC request: no gRPC status tag.
        Assert.All(_requests.Where(r => r.Route == "/alive"), r => Assert.Null(r.GrpcStatus));
    }
}
