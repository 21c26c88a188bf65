using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Suite.Bench;
using Suite.Contracts.Predictions.V1;
using Suite.ServiceDefaults.Auth;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;

namespace Suite.PredictionsBench;

/// <summary>
/// PostgreSQL + RabbitMQ + the built predictions service, then: single ScoreChurn latency in an open loop (scheduled
/// send time to answer, so queueing is not hidden), ScoreChurnBatch throughput, and TrainModel on generated rows.
/// </summary>
public static class PredictionsBenchRunner
{
    private const string SigningKey = "predictions-bench-signing-key-0123456789abcdef";

    public static async Task<int> RunAsync(PredictionsBenchOptions o)
    {
        using var stop = new StopSignals();
        var ct = stop.Token;
        await using var infra = await BenchInfra.StartAsync("suite-pbench", o.Keep, ct);
        var db = await infra.Postgres.CreateDatabaseAsync("predictions", ct);
        var vhost = await infra.RabbitMq.CreateVirtualHostAsync("bench", ct);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings__predictionsdb"] = db,
            ["ConnectionStrings__rabbitmq"] = vhost,
            ["Auth__SigningKey"] = SigningKey,
            ["DOTNET_PerfMapEnabled"] = o.PerfMap ? "1" : null,
            ["DOTNET_EnableWriteXorExecute"] = o.PerfMap ? "0" : null,   // perf cannot name frames in the double-mapped code
        };
        foreach (var (name, value) in o.ServiceEnvironment)
        {
            settings[name] = value;
        }
        await using var service = await ServiceProcess.StartAsync("predictions", infra.StateDir, infra.Tracker, settings, ct);
        using var channel = GrpcChannel.ForAddress(service.GrpcAddress);
        var client = new PredictionsClient(channel);
        var auth = new Metadata { { "Authorization", "Bearer " + SuiteTokens.Create(SigningKey, "bench", "bench", [SuiteRoles.Admin], TimeSpan.FromHours(2)) } };
        await WaitForModelsAsync(client, auth, ct);
        BenchInfra.Log($"predictions at {service.GrpcAddress} ({ServiceProcess.Configuration}, pid {service.Pid}), models loaded");

        var single = await SingleCallLoad.RunAsync(client, auth, service, o, ct);
        var batch = o.SingleOnly ? null : await BatchAsync(client, auth, o, ct);
        var training = o.SingleOnly ? null : await TrainingAsync(client, auth, o, ct);
        var (rss, peak) = service.Memory();

        Console.WriteLine();
        Console.WriteLine("== Predictions benchmark ==");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; service {ServiceProcess.Configuration}" +
                          (o.ServiceEnvironment.Count == 0 ? "" : "; service environment " + string.Join(" ", o.ServiceEnvironment.Select(kv => $"{kv.Key}={kv.Value}"))));
        Console.WriteLine(single);
        foreach (var line in new[] { batch, training }.OfType<string>())
        {
            Console.WriteLine(line);
        }
        Console.WriteLine($"service memory (RSS): {rss:F0} MiB at the end, peak {peak:F0} MiB");
        return 0;
    }

    public static ChurnFeatures Features(Random random) => new()
    {
        DaysSinceLastLogin = random.Next(60), Logins30D = random.Next(40), Sessions7D = random.Next(15), OpenTickets = random.Next(4),
        EmailEngagement = random.NextDouble(), TenureDays = random.Next(1500), FeatureAdoption = random.NextDouble(),
    };

    private static async Task<string> BatchAsync(PredictionsClient client, Metadata auth, PredictionsBenchOptions o, CancellationToken ct)
    {
        var random = new Random(2);
        var batches = Enumerable.Range(0, Math.Max(1, o.BatchRows / o.BatchSize)).Select(b =>
        {
            var request = new ScoreChurnBatchRequest();
            request.Items.AddRange(Enumerable.Range(0, o.BatchSize).Select(i => new ScoreChurnRequest { AccountId = $"a-{b}-{i}", Features = Features(random) }));
            return request;
        }).ToList();
        await ScoreAllAsync(batches.Take(20).ToList());   // warm-up
        BenchInfra.Log($"ScoreChurnBatch: {batches.Count * o.BatchSize:N0} rows in batches of {o.BatchSize}");
        var started = Stopwatch.GetTimestamp();
        var scored = await ScoreAllAsync(batches);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return $"batch scoring (ScoreChurnBatch, one stream, {o.BatchSize} rows per message): {scored:N0} rows in {seconds:F2} s = {scored / seconds:N0} rows/s (target >= 100,000)";

        async Task<long> ScoreAllAsync(IReadOnlyList<ScoreChurnBatchRequest> work)
        {
            using var call = client.ScoreChurnBatch(auth, cancellationToken: ct);
            long rows = 0;
            var reader = Task.Run(async () =>
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync(ct))
                {
                    rows += response.Scores.Count;
                }
            }, ct);
            foreach (var batch in work)
            {
                await call.RequestStream.WriteAsync(batch, ct);
            }
            await call.RequestStream.CompleteAsync();
            await reader;
            return rows;
        }
    }

    private static async Task<string> TrainingAsync(PredictionsClient client, Metadata auth, PredictionsBenchOptions o, CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var (kind, trainer) in new[] { ("churn", "lbfgs"), ("churn", "auto"), ("threat", "lbfgs"), ("conversion", "lbfgs") })
        {
            BenchInfra.Log($"TrainModel {kind} ({trainer}) on {o.TrainRows:N0} generated rows");
            var started = Stopwatch.GetTimestamp();
            var model = await client.TrainModelAsync(new TrainModelRequest
            {
                Kind = kind, Trainer = trainer, Generated = new GeneratedSource { Rows = o.TrainRows, Seed = 9 },
            }, auth, cancellationToken: ct);
            lines.Add($"training {kind} ({trainer} -> {model.Trainer}) on {o.TrainRows:N0} rows ({model.Rows:N0} train + {model.HoldoutRows:N0} holdout): " +
                      $"{Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s incl. data generation and storing, holdout AUC {model.Auc:F4} (target < 10 s)");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task WaitForModelsAsync(PredictionsClient client, Metadata auth, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                await client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "threat" }, auth, cancellationToken: ct);
                await client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "conversion" }, auth, cancellationToken: ct);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, ct);
            }
        }
    }
}
