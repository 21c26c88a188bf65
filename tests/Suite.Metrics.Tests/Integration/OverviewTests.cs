using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>GetOverview (a day next to the day before, portal vs staff z-test) and the WatchKpis live stream.</summary>
[Collection(InfraCollection.Name)]
public class OverviewTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    private static readonly DateTimeOffset Day = new(2025, 5, 14, 0, 0, 0, TimeSpan.Zero);

    private static IEnumerable<IngestedEvent> Many(int n, string domain, string type, DateTimeOffset at, string? serviceCode = null) =>
        Enumerable.Range(0, n).Select(i => new IngestedEvent(Guid.NewGuid(), domain, type, at.AddSeconds(i), "u1", null, null, null, null, serviceCode, null, null, null));

    [Fact]
    public async Task The_overview_compares_the_day_with_the_day_before_and_tests_portal_against_staff()
    {
        var tenant = MetricsHost.NewTenant();
        await host.IngestAsync(tenant,
        [
            .. Many(40, "auth", "LOGIN", Day.AddDays(-1).AddHours(9)),
            .. Many(50, "auth", "LOGIN", Day.AddHours(9)),
            .. Many(10, "auth", "LOGIN_FAILED", Day.AddHours(10)),
            .. Many(200, "quotes", "QUOTE_REQUESTED", Day.AddHours(11), "portal"),
            .. Many(90, "orders", "ORDER_PLACED", Day.AddHours(12), "portal"),
            .. Many(100, "quotes", "QUOTE_REQUESTED", Day.AddHours(11), "staff"),
            .. Many(30, "orders", "ORDER_PLACED", Day.AddHours(12), "staff"),
            .. Many(7, "auth", "LOGIN", Day.AddDays(1).AddHours(1)),   // the next day: not in the overview
        ]);

        var overview = await host.Client.GetOverviewAsync(new GetOverviewRequest { Date = "2025-05-14" }, host.AuthFor(tenant));

        Assert.Equal("2025-05-14", overview.Date);
        Assert.Equal(KpiCatalog.All.Select(k => k.Name), overview.Kpis.Select(k => k.Name));
        var logins = overview.Kpis.Single(k => k.Name == "logins");
        Assert.Equal((50.0, 40.0, 0.25), (logins.Day.Value, logins.PreviousDay.Value, logins.Change));
        var rate = overview.Kpis.Single(k => k.Name == "login_success_rate");
        Assert.Equal((50L, 60L), (rate.Day.Numerator, rate.Day.Denominator));
        Assert.Equal(50.0 / 60 / 1.0 - 1, rate.Change, 12);          // previous day: 40/40 = 1
        Assert.False(overview.Kpis.Single(k => k.Name == "payment_success_rate").HasChange);   // no payments: no value, no change

        var c = overview.QuoteConversion;
        Assert.Equal((90L, 200L, 30L, 100L), (c.PortalOrders, c.PortalQuotes, c.StaffOrders, c.StaffQuotes));
        Assert.Equal((0.45, 0.30), (c.PortalRate, c.StaffRate));
        Assert.Equal(0.5, c.Lift, 12);
        // Independent arithmetic: p̂ = 120/300 = 0.4, se = √(0.4·0.6·(1/200 + 1/100)) = 0.06, z = 0.15/0.06 = 2.5, p ≈ 0.01242.
        Assert.Equal(2.5, c.Z, 6);
        Assert.Equal(0.012419, c.PValue, 5);
        Assert.True(c.Significant);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-13-01")]
    [InlineData("14.05.2025")]
    [InlineData("2999-01-01")]
    public async Task A_bad_or_future_date_is_invalid(string date)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.GetOverviewAsync(new GetOverviewRequest { Date = date }, host.AuthFor(MetricsHost.NewTenant())));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("date", error.FieldViolations().Single().Field);
    }

    [Fact]
    public async Task A_watch_sends_the_current_values_then_each_change()
    {
        var tenant = MetricsHost.NewTenant();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = host.Client.WatchKpis(
            new WatchKpisRequest { Kpis = { "logins", "login_success_rate" }, Granularity = Granularity.Day, IntervalSeconds = 1 },
            host.AuthFor(tenant), cancellationToken: cts.Token);
        var updates = call.ResponseStream;

        var first = new List<KpiUpdate>();
        for (var i = 0; i < 2 && await updates.MoveNext(cts.Token); i++)
        {
            first.Add(updates.Current);
        }
        Assert.Equal(["login_success_rate", "logins"], first.Select(u => u.Kpi).Order());
        Assert.All(first, u => Assert.Equal(0, u.Point.Numerator));

        var now = DateTimeOffset.UtcNow;
        await host.IngestAsync(tenant, [.. Many(3, "auth", "LOGIN", now.AddSeconds(-10)), .. Many(1, "auth", "LOGIN_FAILED", now.AddSeconds(-10))]);

        var seen = new Dictionary<string, KpiPoint>();
        while (seen.Count < 2 && await updates.MoveNext(cts.Token))
        {
            seen[updates.Current.Kpi] = updates.Current.Point;
        }
        Assert.Equal(3.0, seen["logins"].Value);
        Assert.Equal((3L, 4L, 0.75), (seen["login_success_rate"].Numerator, seen["login_success_rate"].Denominator, seen["login_success_rate"].Value));
    }

    [Theory]
    [InlineData(new string[0], 5, "kpis")]
    [InlineData(new[] { "nope" }, 5, "kpis")]
    [InlineData(new[] { "dau" }, 5, "kpis")]            // distinct users need day buckets; the default is hour
    [InlineData(new[] { "logins" }, 61, "interval_seconds")]
    [InlineData(new[] { "logins" }, -1, "interval_seconds")]
    public async Task A_bad_watch_is_invalid(string[] kpis, int interval, string field)
    {
        using var call = host.Client.WatchKpis(new WatchKpisRequest { Kpis = { kpis }, IntervalSeconds = interval }, host.AuthFor(MetricsHost.NewTenant()));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations(), v => v.Field == field);
    }
}
