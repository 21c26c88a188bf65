using Microsoft.Extensions.Time.Testing;
using Suite.Alerting.Domain.Delivery;

namespace Suite.Alerting.Tests.Domain;

public class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(MaxAttempts: 5, BaseDelay: TimeSpan.FromSeconds(2), MaxDelay: TimeSpan.FromSeconds(10));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    // attempts so far, expected delay before the next one (seconds)
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 10)]   // capped
    public void Transient_failures_back_off_exponentially(int attempts, int expectedSeconds)
    {
        var now = _clock.GetUtcNow();
        var next = Policy.Next(DeliveryResult.Transient("HTTP 500"), attempts, now);
        Assert.Equal(NextStep.Retry(now.AddSeconds(expectedSeconds)), next);
    }

    [Fact]
    public void The_last_attempt_fails_for_good()
    {
        Assert.Equal(NextStep.Failed, Policy.Next(DeliveryResult.Transient("HTTP 500"), 5, _clock.GetUtcNow()));
    }

    [Fact]
    public void Permanent_errors_are_not_retried()
    {
        Assert.Equal(NextStep.Failed, Policy.Next(DeliveryResult.Permanent("HTTP 404"), 1, _clock.GetUtcNow()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]   // delivered on the last allowed attempt still counts
    public void Delivered_is_sent(int attempts)
    {
        Assert.Equal(NextStep.Sent, Policy.Next(DeliveryResult.Delivered, attempts, _clock.GetUtcNow()));
    }

    [Theory]
    // Retry-After (s), attempts so far, expected delay (s)
    [InlineData(7, 1, 7)]    // longer than our backoff: honoured
    [InlineData(1, 2, 4)]    // shorter: our backoff wins
    [InlineData(60, 1, 10)]  // longer than the cap: capped
    public void Retry_after_is_honoured_within_the_cap(int retryAfter, int attempts, int expectedSeconds)
    {
        _clock.Advance(TimeSpan.FromMinutes(3));
        var now = _clock.GetUtcNow();
        var next = Policy.Next(DeliveryResult.Transient("HTTP 429", TimeSpan.FromSeconds(retryAfter)), attempts, now);
        Assert.Equal(NextStep.Retry(now.AddSeconds(expectedSeconds)), next);
    }

    [Fact]
    public void Huge_attempt_counts_do_not_overflow()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Policy.DelayAfter(10_000));
    }
}
