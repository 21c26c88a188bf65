using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Suite.Contracts.Events;
using Suite.Contracts.Predictions.V1;
using Suite.Testing;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;

namespace Suite.Predictions.Tests;

/// <summary>
/// The feature store end to end: EventBatchIngested published on the real bus, consumed into PostgreSQL, then scoring
/// by id (no features in the request) and training from the store with labels from later events.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class FeatureStoreTests(InfraFixture infra) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private PredictionsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await PredictionsTestHost.StartAsync(infra, new Dictionary<string, string?> { ["Predictions:TrainingRows"] = "5000", ["Predictions:RetrainMinimumRows"] = "100" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Scores_an_account_a_quote_and_a_login_by_id_from_ingested_events()
    {
        var tenant = "fs-" + Guid.NewGuid().ToString("N")[..8];
        var events = new List<IngestedEvent>
        {
            Event("product", "FEATURE_USED", Now.AddDays(-100), account: "a-1", props: new() { ["feature"] = "reports" }),
            Event("product", "FEATURE_USED", Now.AddDays(-50), account: "a-2", props: new() { ["feature"] = "exports" }),
            Event("product", "FEATURE_USED", Now.AddDays(-50), account: "a-2", props: new() { ["feature"] = "reports" }),
            Event("auth", "LOGIN", Now.AddDays(-40), user: "u-1", account: "a-1"),                       // outside 30 days
            Event("auth", "LOGIN", Now.AddDays(-10), user: "u-1", account: "a-1", session: "s-1"),               // session outside 7 days
            Event("auth", "LOGIN", Now.AddDays(-2), user: "u-1", account: "a-1", session: "s-2"),
            Event("support", "TICKET_OPENED", Now.AddDays(-5), account: "a-1", entity: "t-1"),
            Event("support", "TICKET_OPENED", Now.AddDays(-6), account: "a-1", entity: "t-2"),
            Event("support", "TICKET_RESOLVED", Now.AddDays(-1), account: "a-1", entity: "t-2"),
            Event("notifications", "NOTIFICATION_SENT", Now.AddDays(-3), account: "a-1"),
            Event("notifications", "NOTIFICATION_SENT", Now.AddDays(-3), account: "a-1"),
            Event("notifications", "NOTIFICATION_SENT", Now.AddDays(-3), account: "a-1"),
            Event("notifications", "NOTIFICATION_SENT", Now.AddDays(-3), account: "a-1"),
            Event("notifications", "NOTIFICATION_CLICKED", Now.AddDays(-3), account: "a-1"),
            // The worked conversion example, from events: 10 earlier orders, the last 30 days before the quote.
            Event("quotes", "QUOTE_REQUESTED", Now.AddDays(-1), account: "c-1", entity: "q-1", amountMinor: 500_000, service: "portal",
                props: new() { ["line_items"] = "3" }),
            // A login from a new IP and country after two failures, at 03:00 UTC on a Sunday.
            Event("auth", "LOGIN", LastSunday3am().AddDays(-20), user: "u-9", country: "DE", props: new() { ["ip_hash"] = "ip-a" }),
            Event("auth", "LOGIN_FAILED", LastSunday3am().AddMinutes(-20), user: "u-9", country: "US", props: new() { ["ip_hash"] = "ip-b" }),
            Event("auth", "LOGIN_FAILED", LastSunday3am().AddMinutes(-10), user: "u-9", country: "US", props: new() { ["ip_hash"] = "ip-b" }),
            Event("auth", "LOGIN", LastSunday3am(), user: "u-9", country: "US", props: new() { ["ip_hash"] = "ip-b" }),
        };
        for (var i = 0; i < 10; i++)
        {
            events.Add(Event("orders", "ORDER_PLACED", Now.AddDays(-31 - 10 * i), account: "c-1"));
        }
        await PublishAsync(tenant, events);

        var churn = await EventuallyAsync(() => _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "a-1" }, _host.Auth(tenant)).ResponseAsync);
        Assert.Equal(2, churn.Features.DaysSinceLastLogin, 2);
        Assert.Equal((2.0, 1.0, 1.0), (churn.Features.Logins30D, churn.Features.Sessions7D, churn.Features.OpenTickets));
        Assert.Equal(0.25, churn.Features.EmailEngagement, 12);
        Assert.Equal(100, churn.Features.TenureDays, 2);
        Assert.Equal(0.5, churn.Features.FeatureAdoption, 12);   // 1 of the tenant's 2 features

        var quote = await EventuallyAsync(() => _host.Client.ScoreConversionAsync(new ScoreConversionRequest { QuoteId = "q-1" }, _host.Auth(tenant)).ResponseAsync);
        Assert.Equal(-1.95, quote.Logit, 9);
        Assert.Equal(0.1246, quote.Probability, 4);

        var login = await EventuallyAsync(() => _host.Client.ScoreThreatAsync(new ScoreThreatRequest { UserId = "u-9" }, _host.Auth(tenant)).ResponseAsync);
        Assert.Equal(new ThreatFactors { NewIp = true, NewCountry = true, FailedThenSuccess = true, OutsideBusinessHours = true, FailedAttempts1H = 2 }, login.Factors);
        Assert.Equal(65, login.RiskScore);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "nobody" }, _host.Auth(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Redelivered_batches_are_applied_once_and_tenants_stay_apart()
    {
        var tenant = "fs-" + Guid.NewGuid().ToString("N")[..8];
        var other = "fs-" + Guid.NewGuid().ToString("N")[..8];
        var batch = new EventBatchIngested(Guid.NewGuid(), tenant, Now, [Event("auth", "LOGIN", Now.AddHours(-1), user: "u-1", account: "a-1")]);
        var bus = _host.Factory.Services.GetRequiredService<IBus>();
        await bus.Publish(batch, c => c.MessageId = batch.BatchId);
        await bus.Publish(batch, c => c.MessageId = batch.BatchId);
        await PublishAsync(other, [Event("auth", "LOGIN", Now.AddHours(-1), user: "u-1", account: "a-1")]);

        var churn = await EventuallyAsync(() => _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "a-1" }, _host.Auth(other)).ResponseAsync);
        Assert.Equal(1, churn.Features.Logins30D);
        await Eventually.TrueAsync(async () => await _host.ScalarAsync<long>($"select count(*) from inbox_messages where message_id = '{batch.BatchId}'") == 1,
            "the batch to be applied");
        Assert.Equal(1, await _host.ScalarAsync<long>($"select count(*) from fs_logins where tenant = '{tenant}'"));
        var mine = await _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "a-1" }, _host.Auth(tenant));
        Assert.Equal(1, mine.Features.Logins30D);
    }

    [Fact]
    public async Task Segments_the_tenants_accounts_and_announces_a_move_up_in_churn_risk_once()
    {
        var tenant = "fs-" + Guid.NewGuid().ToString("N")[..8];
        var events = new List<IngestedEvent>();
        for (var i = 0; i < 40; i++)
        {
            var busy = i % 2 == 0;
            var account = (busy ? "busy-" : "idle-") + i;
            events.Add(Event("product", "FEATURE_USED", Now.AddDays(-200), account: account, props: new() { ["feature"] = busy ? "reports" : "exports" }));
            for (var d = 0; d < (busy ? 12 : 0); d++)
            {
                events.Add(Event("auth", "LOGIN", Now.AddDays(-1 - 2 * d), user: "u-" + account, account: account, session: $"s-{account}-{d}"));
            }
            if (!busy)
            {
                events.Add(Event("support", "TICKET_OPENED", Now.AddDays(-3), account: account, entity: "t-" + account));
            }
        }
        await PublishAsync(tenant, events);
        await Eventually.TrueAsync(async () => await _host.ScalarAsync<long>($"select count(*) from fs_accounts where tenant = '{tenant}'") == 40,
            "the accounts to reach the feature store");
        await Eventually.TrueAsync(async () => await _host.ScalarAsync<long>($"select count(*) from fs_tickets where tenant = '{tenant}'") == 20,
            "the tickets to reach the feature store");

        var segmentation = await _host.Client.SegmentAccountsAsync(new SegmentAccountsRequest { K = 2, Seed = 3 }, _host.Auth(tenant));
        Assert.Equal(40, segmentation.Assignments.Count);
        var byPrefix = segmentation.Assignments.GroupBy(a => a.AccountId.Split('-')[0]).ToDictionary(g => g.Key, g => g.Select(a => a.Segment).Distinct().ToList());
        Assert.Single(byPrefix["busy"]);
        Assert.Single(byPrefix["idle"]);
        Assert.NotEqual(byPrefix["busy"][0], byPrefix["idle"][0]);

        // An idle account with an open ticket and no logins in 200 days: scored by id, tracked, announced once.
        var first = await _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "idle-1" }, _host.Auth(tenant));
        Assert.True(first.RiskLevel >= RiskLevel.High, $"idle-1 scored {first.Probability:F3} ({first.RiskLevel})");
        var again = await _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "idle-1" }, _host.Auth(tenant));
        Assert.Equal(first.RiskLevel, again.RiskLevel);
        var announced = await _host.ScalarAsync<long>(
            $"select count(*) from outbox_messages where message_type like '%ChurnRiskChanged' and payload->>'tenant' = '{tenant}' and payload->>'accountId' = 'idle-1'");
        Assert.Equal(1, announced);
    }

    [Fact]
    public async Task Trains_a_churn_candidate_from_the_store_with_cancellations_as_labels()
    {
        var tenant = "fs-" + Guid.NewGuid().ToString("N")[..8];
        var random = new Random(7);
        var events = new List<IngestedEvent>();
        for (var i = 0; i < 240; i++)
        {
            var account = $"a-{i}";
            var idle = random.NextDouble() < 0.5;
            events.Add(Event("product", "FEATURE_USED", Now.AddDays(-300), account: account, props: new() { ["feature"] = "f" + random.Next(3) }));
            // Active accounts log in in the weeks before the snapshot (90 days ago); idle ones stopped long before.
            for (var d = 0; d < (idle ? 1 : 6); d++)
            {
                events.Add(Event("auth", "LOGIN", Now.AddDays((idle ? -200 : -92) - 3 * d), user: "u-" + account, account: account));
            }
            // Idle accounts mostly cancel within the 90 days after the snapshot, active ones rarely.
            if (random.NextDouble() < (idle ? 0.8 : 0.1))
            {
                events.Add(Event("subscriptions", "SUBSCRIPTION_CANCELLED", Now.AddDays(-40), account: account));
            }
        }
        await PublishAsync(tenant, events);
        await Eventually.TrueAsync(async () => await _host.ScalarAsync<long>($"select count(*) from fs_accounts where tenant = '{tenant}'") == 240,
            "the accounts to reach the feature store");
        await Eventually.TrueAsync(async () => await _host.ScalarAsync<long>($"select count(*) from fs_cancellations where tenant = '{tenant}'") > 0,
            "the cancellations to reach the feature store");

        var model = await _host.Client.TrainModelAsync(new TrainModelRequest
        {
            Kind = "churn",
            FeatureStore = new FeatureStoreSource { Snapshot = DateOnly.FromDateTime(Now.AddDays(-90).UtcDateTime).ToString("yyyy-MM-dd") },
        }, _host.Auth(tenant));

        Assert.Equal(("candidate", "feature_store", false), (model.Status, model.Source, model.Global));
        Assert.Equal(240, model.Rows + model.HoldoutRows);
        Assert.True(model.Auc > 0.75, $"days since last login separates the classes; AUC {model.Auc}");

        var tooLittle = await Assert.ThrowsAsync<RpcException>(() => _host.Client.TrainModelAsync(new TrainModelRequest
        {
            Kind = "threat",
            FeatureStore = new FeatureStoreSource(),
        }, _host.Auth(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, tooLittle.StatusCode);
    }

    private static DateTimeOffset LastSunday3am()
    {
        var day = Now.UtcDateTime.Date.AddDays(-7);
        while (day.DayOfWeek != DayOfWeek.Sunday)
        {
            day = day.AddDays(-1);
        }
        return new DateTimeOffset(day.AddHours(3), TimeSpan.Zero);
    }

    private static IngestedEvent Event(string domain, string type, DateTimeOffset at, string? user = null, string? account = null, string? session = null,
        string? entity = null, string? country = null, long? amountMinor = null, string? service = null, Dictionary<string, string>? props = null) =>
        new(Guid.NewGuid(), domain, type, at, user, account, null, country, null, service, amountMinor, amountMinor is null ? null : "USD", null,
            EntityId: entity, SessionId: session, Properties: props);

    /// <summary>Retries while the events are still on their way (NotFound).</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        T result = default!;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                result = await call();
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, "the events to reach the feature store");
        return result;
    }

    private Task PublishAsync(string tenant, IReadOnlyList<IngestedEvent> events) => _host.PublishAsync(tenant, events, Now);
}
