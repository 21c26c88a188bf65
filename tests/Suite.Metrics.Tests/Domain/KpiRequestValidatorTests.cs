using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class KpiRequestValidatorTests
{
    private static readonly DateTimeOffset From = new(2025, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private static GetKpiSeriesRequest Valid() => new()
    {
        Kpi = "logins",
        From = Timestamp.FromDateTimeOffset(From),
        To = Timestamp.FromDateTimeOffset(From.AddDays(1)),
        Granularity = Granularity.Hour,
    };

    private static readonly Dictionary<string, (Action<GetKpiSeriesRequest> Break, string Field)> Rejections = new()
    {
        ["kpi missing"] = (r => r.Kpi = "", "kpi"),
        ["kpi unknown"] = (r => r.Kpi = "revenue_per_unicorn", "kpi"),
        ["kpi wrong case"] = (r => r.Kpi = "LOGINS", "kpi"),
        ["from missing"] = (r => r.From = null, "from"),
        ["to missing"] = (r => r.To = null, "to"),
        ["from invalid"] = (r => r.From = new Timestamp { Seconds = 1, Nanos = -5 }, "from"),
        ["to equals from"] = (r => r.To = r.From, "to"),
        ["to before from"] = (r => r.To = Timestamp.FromDateTimeOffset(From.AddHours(-1)), "to"),
        ["unknown granularity value"] = (r => r.Granularity = (Granularity)42, "granularity"),
        ["too many minute points"] = (r => { r.Granularity = Granularity.Minute; r.To = Timestamp.FromDateTimeOffset(From.AddDays(7)); }, "granularity"),
        ["too many hour points"] = (r => r.To = Timestamp.FromDateTimeOffset(From.AddHours(10_001)), "granularity"),
        ["filter on a kpi without filters"] = (r => r.Filters.Add("domain", "auth"), "filters"),
        ["unknown filter on events_count"] = (r => { r.Kpi = "events_count"; r.Filters.Add("currency", "EUR"); }, "filters"),
        ["country filter on a kpi without it"] = (r => { r.Kpi = "notification_ctr"; r.Filters.Add("country", "DE"); }, "filters"),
        ["dau per hour"] = (r => r.Kpi = "dau", "granularity"),
        ["stickiness per minute"] = (r => { r.Kpi = "stickiness"; r.Granularity = Granularity.Minute; }, "granularity"),
        ["empty filter value"] = (r => { r.Kpi = "events_count"; r.Filters.Add("domain", ""); }, "filters"),
        ["too long filter value"] = (r => { r.Kpi = "events_count"; r.Filters.Add("type", new string('A', 65)); }, "filters"),
    };

    public static TheoryData<string> RejectionCases => new(Rejections.Keys);

    [Theory]
    [MemberData(nameof(RejectionCases))]
    public void Rejects_with_the_offending_field(string rule)
    {
        var (breakIt, field) = Rejections[rule];
        var request = Valid();
        breakIt(request);

        var result = KpiRequestValidator.Validate(request);

        Assert.Null(result.Query);
        Assert.Equal(field, Assert.Single(result.Violations).Field);
    }

    [Theory]
    [InlineData(Granularity.Minute, 10_000 * 60, KpiGranularity.Minute)]      // exactly the limit
    [InlineData(Granularity.Hour, 10_000 * 3600, KpiGranularity.Hour)]
    [InlineData(Granularity.Day, 3650L * 86400, KpiGranularity.Day)]
    [InlineData(Granularity.Unspecified, 3600, KpiGranularity.Hour)]           // default
    public void Accepts_ranges_within_the_point_limit(Granularity granularity, long seconds, KpiGranularity expected)
    {
        var request = Valid();
        request.Granularity = granularity;
        request.To = Timestamp.FromDateTimeOffset(From.AddSeconds(seconds));

        var query = KpiRequestValidator.Validate(request).Query;

        Assert.NotNull(query);
        Assert.Equal(expected, query.Granularity);
        Assert.Equal(From, query.From);
        Assert.Equal(From.AddSeconds(seconds), query.To);
    }

    [Fact]
    public void Applies_events_count_filters()
    {
        var request = Valid();
        request.Kpi = "events_count";
        request.Filters.Add("domain", "auth");
        request.Filters.Add("type", "LOGIN");

        var query = KpiRequestValidator.Validate(request).Query!;

        Assert.Equal([new EventSelector("auth", "LOGIN")], query.Numerator);
        Assert.Empty(query.Denominator);
    }

    [Fact]
    public void Dimension_filters_become_column_filters()
    {
        var request = Valid();
        request.Kpi = "average_transaction_amount";
        request.Filters.Add("country", "DE");
        request.Filters.Add("provider", "stripe");

        var query = KpiRequestValidator.Validate(request).Query!;

        Assert.Equal(new Dictionary<string, string> { ["country"] = "DE", ["provider"] = "stripe" }, query.DimensionFilters);
        Assert.Equal([new EventSelector("payments", "PAYMENT_SUCCEEDED")], query.Numerator);
    }

    [Theory]
    [InlineData("dau", Granularity.Unspecified)]
    [InlineData("mau", Granularity.Day)]
    public void User_kpis_are_daily(string kpi, Granularity granularity)
    {
        var request = Valid();
        request.Kpi = kpi;
        request.Granularity = granularity;

        Assert.Equal(KpiGranularity.Day, KpiRequestValidator.Validate(request).Query!.Granularity);
    }

    [Fact]
    public void Reports_all_problems_at_once()
    {
        var request = new GetKpiSeriesRequest { Kpi = "nope" };
        var fields = KpiRequestValidator.Validate(request).Violations.Select(v => v.Field);
        Assert.Equal(["kpi", "from", "to"], fields);
    }
}
