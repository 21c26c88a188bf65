using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Npgsql;
using Suite.EndToEnd.Tests.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// Hostile and malformed requests against every public RPC of the running suite (and the JSON routes that write):
/// each must end with a clear status — never Internal/Unknown/DataLoss, never a dropped connection, never a hang —
/// the services must stay healthy, and nothing malformed may be stored. SUITE_FUZZ_INPUTS sets the number of gRPC
/// inputs (CI: the default; docs/reliability.md: 100,000), SUITE_FUZZ_SEED the seed (printed, to reproduce) and
/// SUITE_FUZZ_ONLY one method name to fuzz alone. Alone, a method gets every input at full rate, so each call then
/// has its own connection: Kestrel closes a connection on which a client leaves hundreds of streams half-closed within
/// seconds (here: calls the service refused before reading their whole body), which would answer in its place.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class FuzzTests(SuiteFixture fx, ITestOutputHelper output)
{
    /// <summary>Statuses that mean the service failed rather than answered.</summary>
    private static readonly StatusCode[] Failures = [StatusCode.Internal, StatusCode.Unknown, StatusCode.DataLoss, StatusCode.Unavailable];

    private static readonly TimeSpan UnaryTimeout = TimeSpan.FromSeconds(20);

    private const int MaxFailures = 25;

    /// <summary>Watch* streams never end on their own: they are given a short deadline, which is then the expected end.</summary>
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Every_public_rpc_answers_hostile_input_with_a_clear_status_and_stores_no_garbage()
    {
        var inputs = int.Parse(Environment.GetEnvironmentVariable("SUITE_FUZZ_INPUTS") ?? "4000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("SUITE_FUZZ_SEED") ?? "20261205", CultureInfo.InvariantCulture);
        var tenant = "fuzz-" + Guid.NewGuid().ToString("N")[..8];
        var headers = SuiteFixture.Bearer(fx.Suite.TokenFor(tenant));
        var only = Environment.GetEnvironmentVariable("SUITE_FUZZ_ONLY") is { Length: > 0 } name ? name : null;
        var methods = Suite.Contracts.ContractServices.All.SelectMany(s => s.Methods)
            .Where(m => only is null || m.Name == only)
            .SelectMany(m => HostsOf(m.Service).Select(host => (Descriptor: m, Method: RawCall.MethodFor(m), Host: host, Channel: only is null ? fx.Channel(host) : null)))
            .ToList();
        var outcomes = new ConcurrentDictionary<(string Method, StatusCode Status), int>();
        var failures = new ConcurrentQueue<string>();
        var started = DateTime.UtcNow;

        // A service that stops answering would turn every input into a 20 s timeout (hours in all): stop early instead.
        using var giveUp = new CancellationTokenSource();
        try
        {
            await RunInputsAsync();
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            output.WriteLine($"stopped after {MaxFailures} failures");
        }

        async Task RunInputsAsync() => await Parallel.ForEachAsync(Enumerable.Range(0, inputs), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = giveUp.Token }, async (i, _) =>
        {
            var (descriptor, method, host, shared) = methods[i % methods.Count];
            using var own = shared is null ? Grpc.Net.Client.GrpcChannel.ForAddress(fx.Suite.GrpcEndpoint(host)) : null;
            var invoker = (shared ?? own!).CreateCallInvoker();
            var kind = FuzzInputs.KindFor(i / methods.Count);
            var random = new Random(seed + i);
            var payloads = Enumerable.Range(0, descriptor.IsClientStreaming ? random.Next(1, 4) : 1)
                .Select(_ => FuzzInputs.Generate(descriptor.InputType, kind, random)).ToList();
            var watch = descriptor.IsServerStreaming && descriptor.Name.StartsWith("Watch", StringComparison.Ordinal);
            var timeout = watch ? WatchTimeout : UnaryTimeout;
            Status status;
            try
            {
                // The deadline ends every call; should one outlive it, say so instead of hanging the run.
                status = await RawCall.InvokeAsync(invoker, method, payloads, headers, timeout).WaitAsync(timeout + TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                failures.Enqueue($"{method.FullName} #{i} {kind} outlived-its-deadline");
                return;
            }
            outcomes.AddOrUpdate((method.FullName, status.StatusCode), 1, (_, n) => n + 1);
            if (Failures.Contains(status.StatusCode) || (status.StatusCode == StatusCode.DeadlineExceeded && !watch))
            {
                failures.Enqueue($"{method.FullName} #{i} {kind} {status.StatusCode}: {Shorten(status.Detail)}");
                if (failures.Count >= MaxFailures)
                {
                    await giveUp.CancelAsync();
                }
            }
        });

        var json = await FuzzJsonRoutesAsync(tenant, seed, inputs / 20);
        output.WriteLine($"{inputs:N0} gRPC inputs over {methods.Count} RPCs and {json.Sent:N0} JSON bodies in {(DateTime.UtcNow - started).TotalSeconds:0} s, seed {seed}");
        foreach (var group in outcomes.GroupBy(o => o.Key.Status).OrderByDescending(g => g.Sum(o => o.Value)))
        {
            output.WriteLine($"  {group.Key}: {group.Sum(o => o.Value):N0}");
        }
        output.WriteLine($"  JSON routes: {string.Join(", ", json.Statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} × {s.Value:N0}"))}");

        // One line per (method, input kind, status), with the first input number to reproduce it.
        var failed = failures.Select(f => f.Split(' ', 4)).GroupBy(f => $"{f[0]} {f[2]} → {f[3]}").Select(g => $"{g.Key} × {g.Count()} (e.g. {g.First()[1]})").Order().ToList();
        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed instead of answering:\n" + string.Join("\n", failed));
        Assert.True(json.Statuses.Keys.All(s => (int)s < 500), "JSON routes answered 5xx: " + string.Join(", ", json.Statuses.Where(s => (int)s.Key >= 500).Select(s => $"{s.Key} × {s.Value}")));
        // Every method was reached with every kind of input.
        Assert.True(inputs < methods.Count * 7 || methods.Count == 1 || outcomes.Keys.Select(k => k.Method).Distinct().Count() == methods.Select(m => m.Method.FullName).Distinct().Count());
        await AssertHealthyAsync();
        await AssertNothingMalformedStoredAsync(tenant);
    }

    private static string Shorten(string detail) => detail.Length <= 300 ? detail : detail[..300] + "…";

    private static readonly string[] Services = ["ingestion", "metrics", "predictions", "alerting", "reporting"];

    /// <summary>The suite services serving a gRPC service: its own (package suite.metrics.v1 → metrics), or all for the shared Audit.</summary>
    private static IEnumerable<string> HostsOf(ServiceDescriptor service) =>
        service.File.Package.Split('.')[1] is var name && Services.Contains(name) ? [name] : Services;

    /// <summary>Bodies that are not JSON, truncated JSON and hostile JSON against the routes that write.</summary>
    private async Task<(int Sent, Dictionary<HttpStatusCode, int> Statuses)> FuzzJsonRoutesAsync(string tenant, int seed, int count)
    {
        (string Service, string Path)[] routes = [("ingestion", "/v1/events"), ("ingestion", "/v1/batch"), ("metrics", "/v1/kpis"), ("metrics", "/v1/kpis:batch"), ("alerting", "/v1/rules")];
        using var http = new HttpClient { Timeout = UnaryTimeout };
        http.DefaultRequestHeaders.Authorization = new("Bearer", fx.Suite.TokenFor(tenant));
        var statuses = new Dictionary<HttpStatusCode, int>();
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var (service, path) = routes[i % routes.Length];
            var hostile = FuzzInputs.Hostile[random.Next(FuzzInputs.Hostile.Length)];
            var escaped = System.Text.Json.JsonSerializer.Serialize(hostile);
            var body = (i / routes.Length % 5) switch
            {
                0 => Convert.ToBase64String(RandomBytes(random)),
                1 => $"{{\"events\": [{{\"event_id\": {escaped}, \"domain\": ",
                2 => $"{{\"eventId\": {escaped}, \"domain\": {escaped}, \"type\": {escaped}, \"occurredAt\": {escaped}, \"properties\": {{{escaped}: {escaped}}}}}",
                3 => $"{{\"name\": 12, \"events\": \"x\", \"kpis\": {{}}, \"threshold\": \"NaN\", \"unknown_field\": [1,2]}}",
                _ => $"[{escaped}, null, true, 1e999]",
            };
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(fx.Suite.HttpEndpoint(service), path), content);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }
        return (count, statuses);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 512)];
        random.NextBytes(bytes);
        return bytes;
    }

    private async Task AssertHealthyAsync()
    {
        using var http = new HttpClient();
        foreach (var service in Services)
        {
            var health = await http.GetAsync(new Uri(fx.Suite.HttpEndpoint(service), "/health"));
            Assert.True(health.IsSuccessStatusCode, $"{service} is unhealthy after fuzzing: {(int)health.StatusCode}");
        }
    }

    /// <summary>Whatever ingestion accepted passed validation and the privacy scan: no empty names, no raw personal data.</summary>
    private async Task AssertNothingMalformedStoredAsync(string tenant)
    {
        // Across tenants on purpose: the services connect under row-level security.
        await using var db = NpgsqlDataSource.Create(Suite.ServiceDefaults.Data.SystemScope.AllTenantsConnectionString(fx.Suite.ConnectionString("ingestiondb")));
        await using var cmd = db.CreateCommand(
            """
            select count(*) filter (where domain = '' or type = ''),
                   count(*) filter (where properties::text ~ '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}' or properties::text ~ '4111 ?1111 ?1111 ?1111'),
                   count(*)
            from events_raw where tenant = @tenant
            """);
        cmd.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        output.WriteLine($"  ingestion stored {reader.GetInt64(2):N0} fuzz events");
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
    }
}
