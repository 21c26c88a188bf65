using Grpc.Core;
using Grpc.Net.Client;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.ServiceDefaults.Auth;

namespace Suite.Simulator;

/// <summary>Sends the generated stream at the chosen rate, one TrackBatch per tenant per tick.</summary>
public sealed class SimulatorRunner(SimulatorOptions options, TimeProvider clock)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        using var ingestionChannel = GrpcChannel.ForAddress(options.Ingestion);
        var ingestion = new Ingestion.IngestionClient(ingestionChannel);
        var generators = options.Tenants.Select((t, i) => new EventGenerator(t, options.Seed + i)).ToList();
        var tokens = options.Tenants.ToDictionary(t => t, TokenFor);

        if (options.Alerting is not null)
        {
            await EnsureDemoRulesAsync(options.Alerting, tokens, ct);
            await EnsureDemoConfigAsync(options.Alerting, tokens, ct);
        }

        var start = clock.GetUtcNow();
        var last = start;
        double carry = 0;
        long accepted = 0, rejected = 0, failedCalls = 0;
        var nextReport = start.AddSeconds(10);
        Console.WriteLine($"simulator: {options.EventsPerSecond} events/s for {string.Join(", ", options.Tenants)} -> {options.Ingestion}");

        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Tick, clock, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var now = clock.GetUtcNow();
            carry += options.EventsPerSecond * (now - last).TotalSeconds;
            last = now;
            var due = (int)Math.Floor(carry);
            carry -= due;
            if (due == 0)
            {
                continue;
            }

            var perTenant = generators.Select(g => (Generator: g, Batch: new EventBatch { BatchId = Guid.NewGuid().ToString() })).ToList();
            for (var i = 0; i < due; i++)
            {
                var slot = perTenant[i % perTenant.Count];
                slot.Batch.Events.Add(slot.Generator.Next(now, start));
            }
            var calls = perTenant
                .Where(p => p.Batch.Events.Count > 0)
                .SelectMany(p => Chunk(p.Batch).Select(b => Send(ingestion, b, tokens[p.Generator.Tenant], ct)));
            foreach (var result in await Task.WhenAll(calls))
            {
                accepted += result.Accepted;
                rejected += result.Rejected;
                failedCalls += result.Failed ? 1 : 0;
            }
            if (now >= nextReport)
            {
                nextReport = now.AddSeconds(10);
                Console.WriteLine($"simulator: accepted {accepted}, rejected {rejected}, failed calls {failedCalls}");
            }
        }
        Console.WriteLine($"simulator: done; accepted {accepted}, rejected {rejected}, failed calls {failedCalls}");
        return 0;
    }

    private static IEnumerable<EventBatch> Chunk(EventBatch batch)
    {
        if (batch.Events.Count <= 1000)
        {
            yield return batch;
            yield break;
        }
        foreach (var part in batch.Events.Chunk(1000))
        {
            var b = new EventBatch { BatchId = Guid.NewGuid().ToString() };
            b.Events.AddRange(part);
            yield return b;
        }
    }

    private static async Task<(int Accepted, int Rejected, bool Failed)> Send(Ingestion.IngestionClient client, EventBatch batch, string token, CancellationToken ct)
    {
        try
        {
            var ack = await client.TrackBatchAsync(batch, Headers(token), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
            return (ack.Accepted, ack.Rejected, false);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            Console.Error.WriteLine($"simulator: TrackBatch failed: {ex.Status.StatusCode} {ex.Status.Detail}");
            return (0, 0, true);
        }
        catch (RpcException)
        {
            return (0, 0, true);
        }
    }

    /// <summary>The demo rule: login success rate below 80 % over 2 minutes, mailed to the demo ops address.</summary>
    private async Task EnsureDemoRulesAsync(Uri alertingAddress, IReadOnlyDictionary<string, string> tokens, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(alertingAddress);
        var alerting = new Alerting.AlertingClient(channel);
        const string name = "Login success rate below 80 %";
        foreach (var (tenant, token) in tokens)
        {
            try
            {
                var existing = await alerting.ListRulesAsync(new ListRulesRequest(), Headers(token), cancellationToken: ct);
                if (existing.Rules.Any(r => r.Name == name))
                {
                    continue;
                }
                var rule = new Rule
                {
                    Name = name,
                    Kpi = "login_success_rate",
                    Comparison = Comparison.Below,
                    Threshold = 0.8,
                    WindowSeconds = 120,
                    Severity = Severity.Warning,
                    MinSamples = 20,
                };
                rule.EmailTo.Add(options.DemoAlertEmail);
                await alerting.CreateRuleAsync(rule, Headers(token), cancellationToken: ct);
                Console.WriteLine($"simulator: created demo alert rule for tenant {tenant} (mail to {options.DemoAlertEmail})");
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine($"simulator: could not create the demo rule for {tenant}: {ex.Status.StatusCode} {ex.Status.Detail}");
            }
        }
    }

    /// <summary>The demo alerting document (<see cref="DemoAlertingDocument"/>) for tenants that have none yet.</summary>
    private async Task EnsureDemoConfigAsync(Uri alertingAddress, IReadOnlyDictionary<string, string> tokens, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(alertingAddress);
        var config = new AlertConfig.AlertConfigClient(channel);
        foreach (var (tenant, token) in tokens)
        {
            try
            {
                if ((await config.ExportConfigAsync(new ExportConfigRequest(), Headers(token), cancellationToken: ct)).Version > 0)
                {
                    continue;
                }
                await config.ImportConfigAsync(new ImportConfigRequest { Yaml = DemoAlertingDocument.For(options.DemoAlertEmail) }, Headers(token), cancellationToken: ct);
                Console.WriteLine($"simulator: imported the demo alerting configuration for tenant {tenant}");
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine($"simulator: could not import the demo alerting configuration for {tenant}: {ex.Status.StatusCode} {ex.Status.Detail}");
            }
        }
    }

    private string TokenFor(string tenant)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return SuiteTokens.Create(options.SigningKey!, "simulator", tenant, [SuiteRoles.Admin], TimeSpan.FromDays(1));
        }
        return options.Token ?? throw new InvalidOperationException("no --token and no Auth__SigningKey: cannot authenticate");
    }

    private static Metadata Headers(string token) => new() { { "authorization", "Bearer " + token } };
}
