using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Auth;
using Xunit;
using Xunit.Abstractions;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// Every RPC × every role against the running suite, with an empty request: PERMISSION_DENIED from the access table
/// exactly where <see cref="AccessTable"/> denies, and anything else (a result, INVALID_ARGUMENT, NOT_FOUND, ...) where
/// it allows. Requests are raw bytes (an empty message), so no typed client is needed.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class RoleMatrixTests(SuiteFixture fx, ITestOutputHelper output)
{
    private const string Tenant = "e2e-roles";
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>The suite service (AppHost resource) serving each gRPC service.</summary>
    private static readonly Dictionary<string, string> Host = new()
    {
        ["Ingestion"] = "ingestion", ["Metrics"] = "metrics", ["Predictions"] = "predictions",
        ["Alerting"] = "alerting", ["AlertConfig"] = "alerting", ["Reporting"] = "reporting",
        ["Audit"] = "metrics",   // every service serves it; FuzzTests calls it on all of them
    };

    [Fact]
    public async Task Every_rpc_allows_exactly_the_roles_of_the_access_table()
    {
        var methods = ContractServices.All.SelectMany(s => s.Methods).ToDictionary(m => m.FullName());
        var invokers = Host.Values.Distinct().ToDictionary(h => h, h => fx.Channel(h).CreateCallInvoker());
        var wrong = new List<string>();
        // Stop early when the table is badly off (or a service stopped answering: each call would wait out its deadline).
        foreach (var access in AccessTable.Methods.TakeWhile(_ => wrong.Count < 20))
        {
            var invoker = invokers[Host[access.Service]];
            foreach (var role in SuiteRoles.All)
            {
                // Each call has a 10 s deadline; one that outlives it fails the test instead of hanging the run.
                var status = await CallAsync(invoker, methods[access.FullName], role).WaitAsync(TimeSpan.FromSeconds(30));
                var allowed = access.Roles.Contains(role);
                var ok = allowed
                    ? status.StatusCode is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                    : status.StatusCode == StatusCode.PermissionDenied && status.Detail.Contains($"may not call {access.ShortName}", StringComparison.Ordinal);
                output.WriteLine($"{access.ShortName} as {role}: {status.StatusCode} {status.Detail}");
                if (!ok)
                {
                    wrong.Add($"{access.ShortName} as {role} ({(allowed ? "allowed" : "denied")}): {status.StatusCode} {status.Detail}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_reader_reads_kpi_series_of_the_last_30_days_only()
    {
        var metrics = new Suite.Contracts.Metrics.V1.Metrics.MetricsClient(fx.Channel("metrics"));
        var now = DateTimeOffset.UtcNow;
        GetKpiSeriesRequest Since(int days) => new()
        {
            Kpi = "logins",
            From = Timestamp.FromDateTimeOffset(now.AddDays(-days)),
            To = Timestamp.FromDateTimeOffset(now),
            Granularity = Granularity.Day,
        };

        var reader = SuiteFixture.Bearer(fx.Suite.TokenFor(Tenant, SuiteRoles.Reader));
        Assert.Equal("logins", (await metrics.GetKpiSeriesAsync(Since(29), reader)).Kpi);
        var tooOld = await Assert.ThrowsAsync<RpcException>(async () => await metrics.GetKpiSeriesAsync(Since(31), reader));
        Assert.Equal(StatusCode.PermissionDenied, tooOld.StatusCode);
        Assert.StartsWith("role 'reader' may read the last 30 days only: from (", tooOld.Status.Detail);

        var batch = new GetKpiSeriesBatchRequest { Queries = { Since(1), Since(90) } };
        var batchDenied = await Assert.ThrowsAsync<RpcException>(async () => await metrics.GetKpiSeriesBatchAsync(batch, reader));
        Assert.Contains("queries[1].from", batchDenied.Status.Detail);

        // Another role granting the call lifts the window.
        var readerAndMonitor = SuiteFixture.Bearer(fx.Suite.TokenFor(Tenant, SuiteRoles.Reader, SuiteRoles.Monitor));
        Assert.Equal(2, (await metrics.GetKpiSeriesBatchAsync(batch, readerAndMonitor)).Results.Count);
    }

    /// <summary>One call with an empty request (streams: completed at once) and a short deadline; its final status.</summary>
    private async Task<Status> CallAsync(CallInvoker invoker, MethodDescriptor descriptor, string role)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, Bytes, Bytes);
        var headers = SuiteFixture.Bearer(fx.Suite.TokenFor(Tenant, role));
        headers.Add(SuiteClaims.TenantHeader, Tenant); // honoured for the service role only
        // Watch streams never end on their own: a deadline stops them (DEADLINE_EXCEEDED counts as allowed).
        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(10));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, []);
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, []))
                    {
                        await ReadAllAsync(call.ResponseStream);
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await ReadAllAsync(call.ResponseStream);
                    }
                    break;
            }
            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }

    private static async Task ReadAllAsync(IAsyncStreamReader<byte[]> responses)
    {
        while (await responses.MoveNext(CancellationToken.None))
        {
        }
    }
}
