using Microsoft.Extensions.Time.Testing;
using Suite.Ingestion.Domain.Limits;
using Suite.Ingestion.Domain.Privacy;

namespace Suite.Ingestion.Tests.Domain;

public class RateLimiterTests
{
    /// <summary>
    /// A script of (milliseconds to advance, events requested, expected retry-after in ms or null when granted)
    /// against a bucket of 100 events/s with a burst of 1000.
    /// </summary>
    public static TheoryData<string, (int AdvanceMs, int Events, int? RetryMs)[]> Scripts => new()
    {
        { "a full bucket grants the burst at once", [(0, 1000, null), (0, 1, 10)] },
        { "refills at the rate", [(0, 1000, null), (1000, 100, null), (0, 1, 10)] },
        { "never above the burst after idling", [(0, 1000, null), (60_000, 1000, null), (0, 1, 10)] },
        { "retry-after is the time until enough tokens", [(0, 950, null), (0, 100, 500), (490, 100, 10), (10, 100, null)] },
        { "a refused request takes nothing", [(0, 1000, null), (0, 500, 5000), (0, 500, 5000), (5000, 500, null)] },
        { "small steady requests pass", [(0, 1000, null), (100, 10, null), (100, 10, null), (100, 10, null), (0, 1, 10)] },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Token_bucket(string name, (int AdvanceMs, int Events, int? RetryMs)[] script)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero));
        var limiter = new TenantRateLimiter(Policies(new RateLimit(100, 1000)), clock);
        foreach (var (step, (advance, events, retry)) in script.Index())
        {
            clock.Advance(TimeSpan.FromMilliseconds(advance));
            var result = limiter.TryAcquire("t1", events);
            Assert.True(retry == (int?)result?.TotalMilliseconds, $"{name}, step {step}: expected {retry?.ToString() ?? "granted"}, got {result?.TotalMilliseconds.ToString() ?? "granted"}");
        }
    }

    [Fact]
    public void Tenants_have_their_own_buckets_and_limits()
    {
        var clock = new FakeTimeProvider();
        var policies = new TenantPolicies(
            new RateLimit(100, 1000),
            new Dictionary<string, RateLimit> { ["big"] = new(10_000, 50_000) },
            PrivacyMode.Redact,
            new Dictionary<string, PrivacyMode>());
        var limiter = new TenantRateLimiter(policies, clock);

        Assert.Null(limiter.TryAcquire("a", 1000));
        Assert.NotNull(limiter.TryAcquire("a", 1));
        Assert.Null(limiter.TryAcquire("b", 1000));          // another tenant, another bucket
        Assert.Null(limiter.TryAcquire("big", 50_000));      // its own, larger limit
        Assert.Equal(TimeSpan.FromMilliseconds(1), limiter.TryAcquire("big", 10));
    }

    [Fact]
    public void A_request_above_the_burst_waits_for_a_full_bucket_instead_of_forever()
    {
        var clock = new FakeTimeProvider();
        var limiter = new TenantRateLimiter(Policies(new RateLimit(100, 1000)), clock);

        Assert.Null(limiter.TryAcquire("t", 5000));
        Assert.Equal(TimeSpan.FromSeconds(10), limiter.TryAcquire("t", 5000));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(limiter.TryAcquire("t", 5000));
    }

    [Fact]
    public void Concurrent_requests_never_take_more_than_the_burst()
    {
        var clock = new FakeTimeProvider();
        var limiter = new TenantRateLimiter(Policies(new RateLimit(1, 1000)), clock);
        var granted = 0;

        Parallel.For(0, 4000, _ =>
        {
            if (limiter.TryAcquire("t", 1) is null)
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(1000, granted);
    }

    private static TenantPolicies Policies(RateLimit limit) =>
        new(limit, new Dictionary<string, RateLimit>(), PrivacyMode.Redact, new Dictionary<string, PrivacyMode>());
}
