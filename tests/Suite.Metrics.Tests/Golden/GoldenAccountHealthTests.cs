using Grpc.Core;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Tests.Integration;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;

namespace Suite.Metrics.Tests.Golden;

/// <summary>
/// GetAccountHealth against the score computed here straight from the raw events (the formula: engagement 40 ×
/// min(1, login days / 20), support 30 − 10 per ticket down to 0, value 30 × min(1, orders / 5)), with a redelivered batch.
/// </summary>
[Collection(InfraCollection.Name)]
public class GoldenAccountHealthTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    private static readonly DateOnly Scored = new(2025, 6, 30);

    private static List<IngestedEvent> Generate(int seed)
    {
        var rng = new Random(seed);
        var users = new Random(seed + 1);   // its own stream, so the activity draws stay as they were
        var events = new List<IngestedEvent>();
        var start = new DateTimeOffset(2025, 5, 15, 0, 0, 0, TimeSpan.Zero);   // also days before the window
        for (var a = 0; a < 40; a++)
        {
            var activity = rng.NextDouble();   // from dormant to power accounts
            // Every fifth account's events carry no user (system traffic only: "no users"); the others have 1-3 users.
            string? User() => a % 5 == 0 ? null : $"u-{a:D2}-{users.Next(1 + a % 3)}";
            for (var d = 0; d < 50; d++)
            {
                var day = start.AddDays(d);
                if (rng.NextDouble() < activity)
                {
                    events.Add(E($"acc-{a:D2}", "auth", "LOGIN", day.AddSeconds(rng.Next(86400)), User()));
                }
                if (rng.NextDouble() < 0.04)
                {
                    events.Add(E($"acc-{a:D2}", "support", "TICKET_OPENED", day.AddSeconds(rng.Next(86400)), User()));
                }
                if (rng.NextDouble() < activity * 0.3)
                {
                    events.Add(E($"acc-{a:D2}", "orders", "ORDER_PLACED", day.AddSeconds(rng.Next(86400)), User()));
                }
                if (rng.NextDouble() < 0.2)
                {
                    events.Add(E($"acc-{a:D2}", "api", "REQUEST_SUCCEEDED", day.AddSeconds(rng.Next(86400)), User()));
                }
            }
        }
        return events;
    }

    private static IngestedEvent E(string account, string domain, string type, DateTimeOffset at, string? user) =>
        new(Guid.NewGuid(), domain, type, at, user, account, null, null, null, null, null, null, null);

    /// <summary>Distinct users per account seen on or before the scored day (ever, not only in the window).</summary>
    private static Dictionary<string, long> ExpectedUsers(IEnumerable<IngestedEvent> events)
    {
        var end = new DateTimeOffset(Scored.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return events.Where(e => e.OccurredAt < end)
            .GroupBy(e => e.AccountId!)
            .ToDictionary(g => g.Key, g => (long)g.Where(e => e.UserId is not null).Select(e => e.UserId).Distinct().Count());
    }

    private static Dictionary<string, (double Score, string Band)> Expected(IEnumerable<IngestedEvent> events)
    {
        var first = new DateTimeOffset(Scored.AddDays(-29).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(Scored.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return events.Where(e => e.OccurredAt >= first && e.OccurredAt < end)
            .GroupBy(e => e.AccountId!)
            .ToDictionary(g => g.Key, g =>
            {
                var loginDays = g.Where(e => e.Type == "LOGIN").Select(e => e.OccurredAt.UtcDateTime.Date).Distinct().Count();
                var tickets = g.Count(e => e.Type == "TICKET_OPENED");
                var orders = g.Count(e => e.Type == "ORDER_PLACED");
                var score = Math.Round(40.0 * Math.Min(20, loginDays) / 20 + 10.0 * Math.Max(0, 3 - tickets) + 30.0 * Math.Min(5, orders) / 5, 1, MidpointRounding.AwayFromZero);
                return (score, score >= 70 ? "healthy" : score >= 40 ? "at_risk" : "critical");
            });
    }

    [Fact]
    public async Task Scores_bands_and_distribution_match_the_raw_events()
    {
        var tenant = MetricsHost.NewTenant();
        var events = Generate(7);
        var batches = events.Chunk(500).Select(c => new EventBatchIngested(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, c.ToList())).ToList();
        foreach (var batch in batches.Append(batches[0]))   // the first batch again: a redelivery must not count twice
        {
            await host.PublishAsync(batch, batch.BatchId);
        }
        await host.WaitForConsumedAsync(batches[0].BatchId, deliveries: 2);
        foreach (var batch in batches.Skip(1))
        {
            await host.WaitForConsumedAsync(batch.BatchId);
        }

        var response = await host.Client.GetAccountHealthAsync(new GetAccountHealthRequest { Date = "2025-06-30" }, host.AuthFor(tenant));
        var expected = Expected(events);

        Assert.Equal(expected.Count, response.TotalAccounts);
        Assert.Equal(expected.OrderBy(e => e.Value.Score).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Score, e.Value.Band)),
            response.Accounts.Select(a => (a.AccountId, a.Score, a.Band)));
        Assert.Equal((expected.Count(e => e.Value.Band == "healthy"), expected.Count(e => e.Value.Band == "at_risk"), expected.Count(e => e.Value.Band == "critical")),
            (response.Healthy, response.AtRisk, response.Critical));
        Assert.True(response.Healthy > 0 && response.AtRisk > 0 && response.Critical > 0, "the data set must exercise every band");
        var users = ExpectedUsers(events);
        Assert.Equal(response.Accounts.Select(a => (a.AccountId, users[a.AccountId])), response.Accounts.Select(a => (a.AccountId, a.Users)));
        Assert.Contains(response.Accounts, a => a.Users == 0);
        Assert.Contains(response.Accounts, a => a.Users > 1);

        var one = await host.Client.GetAccountHealthAsync(new GetAccountHealthRequest { Date = "2025-06-30", AccountId = "acc-07" }, host.AuthFor(tenant));
        Assert.Equal(expected["acc-07"].Score, one.Accounts.Single().Score);
        var worst = await host.Client.GetAccountHealthAsync(new GetAccountHealthRequest { Date = "2025-06-30", Limit = 3 }, host.AuthFor(tenant));
        Assert.Equal(response.Accounts.Take(3).Select(a => a.AccountId), worst.Accounts.Select(a => a.AccountId));
        Assert.Equal(expected.Count, worst.TotalAccounts);
    }

    [Theory]
    [InlineData("2025-6-30", 0, "date")]
    [InlineData("2999-01-01", 0, "date")]
    [InlineData("2025-06-30", 10_001, "limit")]
    [InlineData("2025-06-30", -1, "limit")]
    public async Task Bad_requests_name_the_field(string date, int limit, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.GetAccountHealthAsync(new GetAccountHealthRequest { Date = date, Limit = limit }, host.AuthFor("t-x")));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.FieldViolations().Single().Field);
    }
}
