using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.Testing;

namespace Suite.Metrics.Tests.Golden;

/// <summary>GetFunnel compared exactly with plain LINQ over the raw events.</summary>
[Collection(InfraCollection.Name)]
public class GoldenFunnelTests(ActivityHost activity) : IClassFixture<ActivityHost>
{
    private static readonly DateTimeOffset S = ActivityEvents.Start;

    [Theory]
    [InlineData(0, 40, 3 * 86400, "shop/VIEW_PRODUCT", "shop/ADD_TO_CART", "shop/CHECKOUT", "orders/ORDER_PLACED")]
    [InlineData(5, 20, 86400, "shop/VIEW_PRODUCT", "shop/ADD_TO_CART", "shop/CHECKOUT")]
    [InlineData(2, 30, 10 * 86400, "shop/VIEW_PRODUCT", "shop/VIEW_PRODUCT", "shop/VIEW_PRODUCT")]
    [InlineData(0, 40, 30 * 86400, "auth/LOGIN", "orders/ORDER_PLACED")]
    public async Task Funnels_match_the_raw_events(int fromDay, int toDay, long windowSeconds, params string[] steps)
    {
        var (from, to) = (S.AddDays(fromDay), S.AddDays(toDay));
        var request = new GetFunnelRequest { ConversionWindowSeconds = windowSeconds, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to) };
        request.Steps.AddRange(steps.Select(s => s.Split('/')).Select(p => new FunnelStep { Domain = p[0], Type = p[1] }));
        var response = await activity.Host.Client.GetFunnelAsync(request, activity.Host.AuthFor(activity.Tenant));

        var expected = new long[steps.Length];
        foreach (var user in activity.Events.Where(e => e.UserId is not null).GroupBy(e => e.UserId))
        {
            bool Is(IngestedEvent e, int k) => e.Domain + "/" + e.Type == steps[k];
            var first = user.Where(e => Is(e, 0) && e.OccurredAt >= from && e.OccurredAt < to).OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).FirstOrDefault();
            var k = 0;
            for (var previous = first; previous is not null && k < steps.Length; k++)
            {
                expected[k]++;
                previous = k + 1 == steps.Length ? null : user
                    .Where(e => Is(e, k + 1) && e.OccurredAt <= first!.OccurredAt.AddSeconds(windowSeconds)
                                && (e.OccurredAt > previous.OccurredAt || (e.OccurredAt == previous.OccurredAt && e.EventId.CompareTo(previous.EventId) > 0)))
                    .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).FirstOrDefault();
            }
        }

        Assert.Equal(expected, response.Steps.Select(s => s.Users));
        Assert.Equal(steps, response.Steps.Select(s => s.Domain + "/" + s.Type));
        for (var k = 0; k < steps.Length; k++)
        {
            var s = response.Steps[k];
            Assert.Equal(k > 0 && expected[k - 1] > 0, s.HasConversionFromPrevious);
            if (s.HasConversionFromPrevious) Assert.Equal((double)expected[k] / expected[k - 1], s.ConversionFromPrevious);
            Assert.Equal((double)expected[k] / expected[0], s.ConversionFromFirst);
        }
        Assert.Equal((double)expected[^1] / expected[0], response.OverallConversion);
        Assert.True(expected[0] > expected[^1] && expected[^1] > 0, "the data must exercise drop-off and conversion");
    }
}
