using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class ActivityRequestValidatorTests
{
    private static readonly DateTimeOffset T = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { 7, 30, 90 }, 0, 30, null)]
    [InlineData(new int[0], 0, 30, "day_offsets")]
    [InlineData(new[] { 7, 7 }, 0, 30, "day_offsets")]
    [InlineData(new[] { 3651 }, 0, 30, "day_offsets")]
    [InlineData(new[] { 1 }, 30, 30, "to")]
    [InlineData(new[] { 1 }, 0, 1200, "to")]
    public void Cohort_requests(int[] offsets, int fromDay, int toDay, string? field)
    {
        var request = new GetCohortRetentionRequest { From = Timestamp.FromDateTimeOffset(T.AddDays(fromDay)), To = Timestamp.FromDateTimeOffset(T.AddDays(toDay)) };
        request.DayOffsets.AddRange(offsets);
        var (query, violations) = CohortRequestValidator.Validate(request);
        Assert.Equal(field is null ? [] : [field], violations.Select(v => v.Field));
        if (field is null)
        {
            Assert.Equal((CohortPeriod.Week, RetentionKind.NDay), (query!.Period, query.Kind)); // unspecified defaults
            Assert.Equal(offsets, query.Offsets);
        }
    }

    [Theory]
    [InlineData(2, 3600, 0, 30, null)]
    [InlineData(10, 1, 0, 90, null)]
    [InlineData(1, 3600, 0, 30, "steps")]
    [InlineData(11, 3600, 0, 30, "steps")]
    [InlineData(2, 0, 0, 30, "conversion_window_seconds")]
    [InlineData(2, 90 * 86400 + 1, 0, 30, "conversion_window_seconds")]
    [InlineData(2, 3600, 5, 5, "to")]
    [InlineData(2, 3600, 0, 91, "to")]
    public void Funnel_requests(int steps, long window, int fromDay, int toDay, string? field)
    {
        var request = new GetFunnelRequest { ConversionWindowSeconds = window, From = Timestamp.FromDateTimeOffset(T.AddDays(fromDay)), To = Timestamp.FromDateTimeOffset(T.AddDays(toDay)) };
        request.Steps.AddRange(Enumerable.Range(0, steps).Select(i => new Contracts.Metrics.V1.FunnelStep { Domain = "shop", Type = "S" + i }));
        var (query, violations) = FunnelRequestValidator.Validate(request);
        Assert.Equal(field is null ? [] : [field], violations.Select(v => v.Field));
        Assert.Equal(field is null, query is not null);
    }

    [Fact]
    public void Batch_activity_keeps_users_only_with_the_earliest_time()
    {
        IngestedEvent E(string? user, int minutes, Guid? id = null) =>
            new(id ?? Guid.NewGuid(), "shop", "VIEW", T.AddMinutes(minutes), user, null, null, null, null, null, null, null, null);
        var dup = Guid.NewGuid();
        var events = new[] { E("b", 5), E("a", 9), E("b", 2), E(null, 0), E("", 1), E("a", 3, dup), E("a", 3, dup) };

        Assert.Equal([("a", T.AddMinutes(3)), ("b", T.AddMinutes(2))], UserActivity.FirstSeen(events));
        Assert.Equal(4, UserActivity.Events(events).Count); // anonymous dropped, duplicate id once
    }
}
