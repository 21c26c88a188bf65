using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Auth;
using Suite.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// The run command's AppHost: everything comes up healthy, Ctrl+C leaves no process behind, and a second run on the
/// same state folder keeps the data (and its idempotency keys).
/// </summary>
public sealed class AppHostLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ctrl_c_leaves_no_process_and_a_second_run_keeps_the_data()
    {
        var state = Path.Combine(Path.GetTempPath(), "suite-apphost-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var batch = new EventBatch();
            var occurred = DateTimeOffset.UtcNow.AddMinutes(-1);
            for (var i = 0; i < 3; i++)
            {
                batch.Events.Add(new Event { EventId = Guid.NewGuid().ToString(), Domain = "auth", Type = "LOGIN", OccurredAt = Timestamp.FromDateTimeOffset(occurred) });
            }
            var query = new GetKpiSeriesRequest
            {
                Kpi = "logins",
                From = Timestamp.FromDateTimeOffset(occurred.AddHours(-1)),
                To = Timestamp.FromDateTimeOffset(occurred.AddHours(1)),
                Granularity = Granularity.Hour,
            };

            // First run: send three logins and see them counted.
            var firstStart = DateTime.UtcNow;
            await using (var host = AppHostProcess.Start(state))
            {
                var resources = await host.WaitUntilRunningAsync(TimeSpan.FromMinutes(4));
                output.WriteLine($"first start: {(DateTime.UtcNow - firstStart).TotalSeconds:F1} s, {resources.Count} resources");
                var names = resources.Select(r => r.GetProperty("name").GetString()).ToHashSet();
                Assert.Subset(names, new HashSet<string?> { "postgres", "rabbitmq", "maildev", "prometheus", "ingestion", "metrics", "predictions", "alerting", "reporting" });
                // The resource table and a curl example with a ready token are printed once everything runs.
                await Eventually.Get(() => Task.FromResult(host.Output), o => o.Contains("Authorization: Bearer"),
                    TimeSpan.FromSeconds(10), "the printed curl example");

                var headers = Headers(state);
                using var ingestion = GrpcChannel.ForAddress(AppHostProcess.Url(resources, "ingestion", "grpc"));
                using var metrics = GrpcChannel.ForAddress(AppHostProcess.Url(resources, "metrics", "grpc"));
                var ack = await new Ingestion.IngestionClient(ingestion).TrackBatchAsync(batch, headers);
                Assert.Equal(3, ack.Accepted);
                await Eventually.Get(
                    async () => await new Metrics.MetricsClient(metrics).GetKpiSeriesAsync(query, headers),
                    s => s.Total.Numerator == 3, TimeSpan.FromSeconds(60), "logins counted in the first run");

                await AssertCleanStopAsync(host);
            }

            // Second run on the same state: the cluster and node are reused, the data is still there.
            var secondStart = DateTime.UtcNow;
            await using (var host = AppHostProcess.Start(state))
            {
                var resources = await host.WaitUntilRunningAsync(TimeSpan.FromMinutes(4));
                output.WriteLine($"second start: {(DateTime.UtcNow - secondStart).TotalSeconds:F1} s");

                var headers = Headers(state);
                using var ingestion = GrpcChannel.ForAddress(AppHostProcess.Url(resources, "ingestion", "grpc"));
                using var metrics = GrpcChannel.ForAddress(AppHostProcess.Url(resources, "metrics", "grpc"));
                var kept = await new Metrics.MetricsClient(metrics).GetKpiSeriesAsync(query, headers);
                Assert.Equal(3, kept.Total.Numerator);

                // The same events again are duplicates: idempotency keys survived the restart.
                var again = await new Ingestion.IngestionClient(ingestion).TrackBatchAsync(batch, headers);
                Assert.Equal(0, again.Accepted);
                Assert.Equal(3, again.Duplicates);

                await AssertCleanStopAsync(host);
            }
        }
        finally
        {
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    private async Task AssertCleanStopAsync(AppHostProcess host)
    {
        var before = host.SuiteProcesses();
        output.WriteLine($"suite processes before Ctrl+C: {before.Count}");
        Assert.True(before.Count >= 9, $"expected at least 9 suite processes, saw {before.Count}");

        var exitCode = await host.InterruptAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(0, exitCode);

        var survivors = before.Where(AppHostProcess.IsAlive).ToList();
        var strays = host.SuiteProcesses().ToList();
        Assert.True(survivors.Count == 0 && strays.Count == 0,
            $"processes left after Ctrl+C: {string.Join(", ", survivors.Concat(strays).Distinct())}\n{host.Output}");
    }

    private static Grpc.Core.Metadata Headers(string state)
    {
        var key = File.ReadAllText(Path.Combine(state, "dev-signing-key")).Trim();
        var token = SuiteTokens.Create(key, "apphost-test", "apphost-test", [SuiteRoles.Admin], TimeSpan.FromHours(1));
        return new Grpc.Core.Metadata { { "authorization", "Bearer " + token } };
    }
}
