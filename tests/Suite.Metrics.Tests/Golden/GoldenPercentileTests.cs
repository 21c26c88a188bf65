using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Domain;
using Suite.Metrics.Tests.Domain;
using Suite.Testing;

namespace Suite.Metrics.Tests.Golden;

/// <summary>
/// Percentile KPIs from the rollups' duration sketches against the exact quantile over the raw events (same definition:
/// the value at 0-based rank ⌊q·(n−1)⌋ of the sorted durations, see <see cref="DurationSketchTests.ExactQuantile"/>),
/// within 1 % relative, per bucket and in total, at ranges that read each rollup table. The golden set redelivers a
/// batch, so the durations counted (numerator) matching exactly also shows redelivery is idempotent for the sketches.
/// </summary>
[Collection(InfraCollection.Name)]
public class GoldenPercentileTests(GoldenHost golden) : IClassFixture<GoldenHost>
{
    private static readonly DateTimeOffset S = GoldenEvents.Start;

    private static (double Q, Func<IngestedEvent, bool> Selects) Of(string kpi) => kpi switch
    {
        "api_response_time_p50" => (0.50, e => e.Domain == "api" && e.Type is "REQUEST_SUCCEEDED" or "REQUEST_FAILED"),
        "api_response_time_p95" => (0.95, e => e.Domain == "api" && e.Type is "REQUEST_SUCCEEDED" or "REQUEST_FAILED"),
        "api_response_time_p99" => (0.99, e => e.Domain == "api" && e.Type is "REQUEST_SUCCEEDED" or "REQUEST_FAILED"),
        "call_duration_p95" => (0.95, e => e.Domain == "calls" && e.Type == "CALL_ANSWERED"),
        "proof_approval_cycle_time_p50" => (0.50, e => e.Domain == "proofs" && e.Type == "PROOF_APPROVED"),
        "proof_approval_cycle_time_p95" => (0.95, e => e.Domain == "proofs" && e.Type == "PROOF_APPROVED"),
        "time_to_response_p95" => (0.95, e => e.Domain == "fulfillment" && e.Type == "RESPONDED"),
        "time_to_delivery_p95" => (0.95, e => e.Domain == "fulfillment" && e.Type == "DELIVERED"),
        "time_to_approval_p95" => (0.95, e => e.Domain == "fulfillment" && e.Type == "APPROVED"),
        "content_approval_latency_p95" => (0.95, e => e.Domain == "content" && e.Type == "ITEM_APPROVED"),
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, null),
    };

    public static TheoryData<string> Kpis => new("api_response_time_p50", "api_response_time_p95", "api_response_time_p99", "call_duration_p95",
        "proof_approval_cycle_time_p50", "proof_approval_cycle_time_p95", "time_to_response_p95", "time_to_delivery_p95", "time_to_approval_p95",
        "content_approval_latency_p95");

    [Theory]
    [MemberData(nameof(Kpis))]
    public async Task Daily_percentiles_are_within_one_percent(string kpi) =>
        await AssertMatches(kpi, S, S.AddDays(GoldenEvents.Days), Granularity.Day, TimeSpan.FromDays(1));          // day table

    [Theory]
    [MemberData(nameof(Kpis))]
    public async Task Hourly_percentiles_are_within_one_percent(string kpi) =>
        await AssertMatches(kpi, S.AddDays(3), S.AddDays(6), Granularity.Hour, TimeSpan.FromHours(1));            // hour table

    [Theory]
    [MemberData(nameof(Kpis))]
    public async Task Percentiles_from_an_odd_minute_are_within_one_percent(string kpi) =>
        await AssertMatches(kpi, S.AddDays(5).AddMinutes(7), S.AddDays(7).AddMinutes(41), Granularity.Hour, TimeSpan.FromHours(1)); // minute table

    [Theory]
    [InlineData("api_response_time_p95", "support")]
    [InlineData("call_duration_p95", "sales")]
    public async Task Percentiles_filtered_by_service_code_are_within_one_percent(string kpi, string serviceCode) =>
        await AssertMatches(kpi, S, S.AddDays(GoldenEvents.Days), Granularity.Day, TimeSpan.FromDays(1),
            new Dictionary<string, string> { ["service_code"] = serviceCode }, e => e.ServiceCode == serviceCode);

    [Fact]
    public async Task Percentile_kpis_are_listed_in_ms()
    {
        var list = await golden.Host.Client.ListKpisAsync(new ListKpisRequest(), golden.Host.AuthFor(golden.Tenant));
        string[] names = ["api_response_time_p50", "api_response_time_p95", "api_response_time_p99", "call_duration_p95"];
        Assert.All(names, name => Assert.Equal("ms", list.Kpis.Single(k => k.Name == name).Unit));
    }

    private async Task AssertMatches(string kpi, DateTimeOffset from, DateTimeOffset to, Granularity g, TimeSpan step,
        Dictionary<string, string>? filters = null, Func<IngestedEvent, bool>? keep = null)
    {
        var request = new GetKpiSeriesRequest { Kpi = kpi, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to), Granularity = g };
        request.Filters.Add(filters ?? []);
        var series = await golden.Host.Client.GetKpiSeriesAsync(request, golden.Host.AuthFor(golden.Tenant));
        Assert.Equal("ms", series.Unit);

        var (q, selects) = Of(kpi);
        var durations = golden.Events
            .Where(e => selects(e) && e.DurationMs is not null && e.OccurredAt >= from && e.OccurredAt < to && (keep ?? (_ => true))(e))
            .ToList();
        var expectedStarts = new List<DateTimeOffset>();
        for (var b = ExpectedKpis.BucketOf(from, step); b < to; b += step)
        {
            expectedStarts.Add(b);
        }
        Assert.Equal(expectedStarts, series.Points.Select(p => p.Start.ToDateTimeOffset()));

        var withValue = 0;
        foreach (var point in series.Points)
        {
            var start = point.Start.ToDateTimeOffset();
            var inBucket = durations.Where(e => ExpectedKpis.BucketOf(e.OccurredAt, step) == start).Select(e => e.DurationMs!.Value).ToList();
            Assert.Equal((inBucket.Count, 0L, inBucket.Count > 0), (point.Numerator, point.Denominator, point.HasValue));
            if (inBucket.Count > 0)
            {
                AssertWithinOnePercent(DurationSketchTests.ExactQuantile(inBucket, q), point.Value);
                withValue++;
            }
        }
        var all = durations.Select(e => e.DurationMs!.Value).ToList();
        Assert.Equal(all.Count, series.Total.Numerator);
        AssertWithinOnePercent(DurationSketchTests.ExactQuantile(all, q), series.Total.Value);
        Assert.True(withValue > 1, "the data set must exercise " + kpi);
    }

    private static void AssertWithinOnePercent(double exact, double estimate) =>
        Assert.True(Math.Abs(estimate - exact) <= DurationSketch.RelativeAccuracy * exact + 1e-9, $"estimate {estimate} vs exact {exact}");
}
