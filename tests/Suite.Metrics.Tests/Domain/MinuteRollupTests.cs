using Suite.Contracts.Events;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class MinuteRollupTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 15, 10, 0, 0, TimeSpan.Zero);

    private static IngestedEvent E(string domain, string type, DateTimeOffset at) =>
        new(Guid.NewGuid(), domain, type, at, null, null, null, null, null, null, null, null, null);

    [Fact]
    public void Counts_per_domain_type_and_minute()
    {
        var counts = MinuteRollup.Aggregate(
        [
            E("auth", "LOGIN", T0.AddSeconds(1)),
            E("auth", "LOGIN", T0.AddSeconds(59.999)),
            E("auth", "LOGIN", T0.AddMinutes(1)),
            E("auth", "LOGIN_FAILED", T0.AddSeconds(30)),
            E("orders", "ORDER_PLACED", new DateTimeOffset(2025, 6, 15, 12, 0, 10, TimeSpan.FromHours(2))), // 10:00:10Z
        ]);

        Assert.Equal(
            [
                new MinuteCount("auth", "LOGIN", T0, 2),
                new MinuteCount("auth", "LOGIN", T0.AddMinutes(1), 1),
                new MinuteCount("auth", "LOGIN_FAILED", T0, 1),
                new MinuteCount("orders", "ORDER_PLACED", T0, 1),
            ],
            counts);
        Assert.All(counts, c => Assert.Equal(TimeSpan.Zero, c.Minute.Offset));
    }

    [Fact]
    public void An_empty_batch_has_no_counts() => Assert.Empty(MinuteRollup.Aggregate([]));
}
