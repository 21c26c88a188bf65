using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Registry;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;
using Suite.ServiceDefaults.Data;

namespace Suite.Predictions.Tests;

/// <summary>The service in-process against real PostgreSQL and RabbitMQ: train at start-up, store, score, reload.</summary>
[Collection(InfraCollection.Name)]
public sealed class PredictionsServiceTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(3);

    private string _database = "";
    private string _rabbit = "";

    public async Task InitializeAsync()
    {
        _database = await infra.CreateServiceDatabaseAsync("predictions");
        _rabbit = await infra.CreateVirtualHostAsync("predictions");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Trains_and_stores_a_model_scores_with_it_and_reloads_it_after_a_restart()
    {
        ModelInfo first;
        await using (var factory = NewFactory())
        {
            var client = ClientFor(factory);
            first = await WaitForModelAsync(client);
            Assert.Equal("churn", first.Kind);
            Assert.Equal("churn-v1", first.Version);
            Assert.Equal(16_000, first.Rows);
            Assert.InRange(first.Auc, 0.85, 0.95);
            Assert.True(DateTimeOffset.TryParse(first.TrainedAt, out _), first.TrainedAt);

            var stored = await StoredModelsAsync();
            var row = Assert.Single(stored);
            Assert.Equal((first.Version, 16_000L, "active"), (row.Version, row.Rows, row.Status));
            Assert.True(first.Global);
            Assert.InRange(first.Metrics.Brier, 0.05, 0.25);
            Assert.NotEmpty(first.Metrics.Calibration);
            Assert.Equal(first.Auc, row.Auc, 12);
            Assert.True(row.ContentBytes > 100, $"stored model has {row.ContentBytes} bytes");

            using var http = factory.CreateClient();
            Assert.Equal(HttpStatusCode.OK, await WaitForHealthAsync(http));

            var risky = await client.ScoreChurnAsync(new ScoreChurnRequest
            {
                AccountId = "acct-risky",
                Features = new ChurnFeatures
                {
                    DaysSinceLastLogin = 60, Logins30D = 0, Sessions7D = 0, OpenTickets = 5,
                    EmailEngagement = 0.05, TenureDays = 30, FeatureAdoption = 0.05,
                },
            }, Auth());
            Assert.Equal("acct-risky", risky.AccountId);
            Assert.Contains(risky.RiskLevel, new[] { RiskLevel.High, RiskLevel.Critical });
            Assert.True(risky.Probability >= 0.5, $"p = {risky.Probability}");
            Assert.Equal(first.Version, risky.ModelVersion);

            var healthy = await client.ScoreChurnAsync(new ScoreChurnRequest
            {
                AccountId = "acct-healthy",
                Features = new ChurnFeatures
                {
                    DaysSinceLastLogin = 1, Logins30D = 40, Sessions7D = 15, OpenTickets = 0,
                    EmailEngagement = 0.9, TenureDays = 1000, FeatureAdoption = 0.9,
                },
            }, Auth());
            Assert.Equal(RiskLevel.Low, healthy.RiskLevel);
            Assert.True(healthy.Probability < 0.2, $"p = {healthy.Probability}");

            var metrics = await ScrapeUntilAsync(http, "suite_predictions_score_duration_seconds_count");
            Assert.Matches(@"suite_predictions_scores_total\{[^}]*kind=""churn""[^}]*risk_level=""low""[^}]*\} 1", metrics);
            Assert.Matches(@"suite_predictions_score_duration_seconds_count\{[^}]*kind=""churn""[^}]*\} 2", metrics);
        }

        // A restart on the same database loads the stored model instead of training another one.
        await using (var restarted = NewFactory())
        {
            var again = await WaitForModelAsync(ClientFor(restarted));
            Assert.Equal(first.Version, again.Version);
            Assert.Equal(first.TrainedAt, again.TrainedAt);
            Assert.Equal(first.Auc, again.Auc, 12);
            Assert.Single(await StoredModelsAsync());
        }
    }

    [Fact]
    public async Task Replicas_starting_together_train_once_and_serve_the_same_model()
    {
        await using var first = NewFactory();
        await using var second = NewFactory();
        var models = await Task.WhenAll(
            Task.Run(() => WaitForModelAsync(ClientFor(first))),
            Task.Run(() => WaitForModelAsync(ClientFor(second))));

        Assert.Equal(models[0].Version, models[1].Version);
        Assert.Equal(models[0].TrainedAt, models[1].TrainedAt);
        Assert.Single(await StoredModelsAsync());
    }

    [Fact]
    public async Task Until_a_model_is_loaded_calls_are_unavailable_and_the_service_is_not_ready()
    {
        await using var factory = NewFactory(withoutBootstrapper: true);
        var client = ClientFor(factory);

        var score = await Assert.ThrowsAsync<RpcException>(() => client.ScoreChurnAsync(new ScoreChurnRequest
        {
            AccountId = "acct-1",
            Features = new ChurnFeatures { Logins30D = 3, EmailEngagement = 0.5, FeatureAdoption = 0.5 },
        }, Auth()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, score.StatusCode);
        var model = await Assert.ThrowsAsync<RpcException>(() => client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "churn" }, Auth()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, model.StatusCode);

        using var http = factory.CreateClient();
        using var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var alive = await http.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Invalid_features_are_rejected_with_the_names_of_the_fields()
    {
        await using var factory = NewFactory();
        var client = ClientFor(factory);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ScoreChurnAsync(new ScoreChurnRequest
        {
            AccountId = "acct-1",
            Features = new ChurnFeatures
            {
                DaysSinceLastLogin = -1, Logins30D = 3, Sessions7D = double.NaN, OpenTickets = 0,
                EmailEngagement = 1.5, TenureDays = 10, FeatureAdoption = 0.5,
            },
        }, Auth()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(
            ["features.days_since_last_login", "features.sessions_7d", "features.email_engagement"],
            ex.FieldViolations().Select(v => v.Field).ToArray());

        var missing = await Assert.ThrowsAsync<RpcException>(() => client.ScoreChurnAsync(new ScoreChurnRequest(), Auth()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Equal(["account_id"], missing.FieldViolations().Select(v => v.Field).ToArray());

        var kind = await Assert.ThrowsAsync<RpcException>(() => client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "weather" }, Auth()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, kind.StatusCode);
        Assert.Equal("kind", Assert.Single(kind.FieldViolations()).Field);
    }

    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated()
    {
        await using var factory = NewFactory();
        var ex = await Assert.ThrowsAsync<RpcException>(() => ClientFor(factory).GetActiveModelAsync(new GetActiveModelRequest { Kind = "churn" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    private WebApplicationFactory<Program> NewFactory(bool withoutBootstrapper = false) =>
        ServiceFactory.Create<Program>(ServiceFactory.Settings("predictions", _database, _rabbit), withoutBootstrapper
            // A model that never finishes loading: the state every replica is in while it trains.
            ? services => services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RegistrySyncService)))
            : null);

    private static PredictionsClient ClientFor(WebApplicationFactory<Program> factory) => new(factory.Channel());

    private Metadata Auth() => new() { { "authorization", $"Bearer {infra.TokenFor("acme")}" } };

    /// <summary>Training runs in the background at start-up; until then the service answers Unavailable.</summary>
    private async Task<ModelInfo> WaitForModelAsync(PredictionsClient client)
    {
        var deadline = DateTime.UtcNow + ReadyWithin;
        while (true)
        {
            try
            {
                return await client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "churn" }, Auth());
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<HttpStatusCode> WaitForHealthAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + ReadyWithin;
        while (true)
        {
            using var response = await http.GetAsync("/health");
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow >= deadline)
            {
                return response.StatusCode;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>/metrics once it shows <paramref name="expected"/> (the exporter caches scrapes briefly).</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var text = await http.GetStringAsync("/metrics");
            if (text.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow >= deadline)
            {
                return text;
            }
            await Task.Delay(200);
        }
    }

    private async Task<List<(string Version, long Rows, double Auc, string Status, int ContentBytes)>> StoredModelsAsync()
    {
        await using var conn = new NpgsqlConnection(SystemScope.AllTenantsConnectionString(_database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select version, rows, auc, status, octet_length(content) from models where kind = 'churn' order by id", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<(string, long, double, string, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetString(3), reader.GetInt32(4)));
        }
        return rows;
    }
}
