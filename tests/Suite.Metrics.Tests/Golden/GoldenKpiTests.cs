using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.Testing;

namespace Suite.Metrics.Tests.Golden;

/// <summary>
/// Every KPI from the service compared exactly with the same KPI computed by LINQ over the raw events
/// (<see cref="ExpectedKpis"/>), at granularities and ranges that read each rollup table.
/// </summary>
[Collection(InfraCollection.Name)]
public class GoldenKpiTests(GoldenHost golden) : IClassFixture<GoldenHost>
{
    private static readonly DateTimeOffset S = GoldenEvents.Start;

    public static TheoryData<string> RollupKpis => new(
        "events_count", "logins", "login_failures", "orders", "login_success_rate", "quote_conversion_rate", "account_lockout_rate", "payment_success_rate",
        "refund_rate", "average_transaction_amount", "call_answer_rate", "call_drop_rate", "notification_ctr", "error_rate",
        "api_response_time_avg", "mfa_adoption_rate", "suspicious_activity_rate", "quote_requests", "quote_portal_share",
        "portal_quote_conversion_rate", "staff_quote_conversion_rate", "artwork_upload_rate", "first_time_proof_approval_rate", "uptime",
        "time_to_response_avg", "time_to_delivery_avg", "time_to_approval_avg", "approval_rate", "rejection_loop_rate",
        "payment_fallback_rate", "call_completion_rate", "call_recording_rate", "opt_out_rate", "listen_through_rate",
        "content_coverage_rate", "content_approval_rate", "content_approval_latency_avg");

    [Fact]
    public void Every_catalog_kpi_has_a_golden_test()
    {
        var covered = RollupKpis.Cast<object[]>().Select(row => (string)row[0])
            .Concat(GoldenPercentileTests.Kpis.Cast<object[]>().Select(row => (string)row[0]))
            .Concat(["dau", "wau", "mau", "stickiness", "nps", "active_user_ratio_30d", "user_density_per_account"])
            .ToHashSet();
        var uncovered = Suite.Metrics.Domain.KpiCatalog.All.Select(k => k.Name).Where(name => !covered.Contains(name)).ToList();
        Assert.True(uncovered.Count == 0, "built-in KPIs without a golden test: " + string.Join(", ", uncovered));
    }

    [Theory]
    [MemberData(nameof(RollupKpis))]
    public async Task Daily_series_over_all_days_match_the_raw_events(string kpi) =>
        await AssertMatches(kpi, S, S.AddDays(GoldenEvents.Days), Granularity.Day, TimeSpan.FromDays(1));   // day table

    [Theory]
    [MemberData(nameof(RollupKpis))]
    public async Task Hourly_series_match_the_raw_events(string kpi) =>
        await AssertMatches(kpi, S.AddDays(3), S.AddDays(6), Granularity.Hour, TimeSpan.FromHours(1));    // hour table

    [Theory]
    [MemberData(nameof(RollupKpis))]
    public async Task Daily_series_from_an_hour_boundary_match_the_raw_events(string kpi) =>
        await AssertMatches(kpi, S.AddDays(2).AddHours(7), S.AddDays(9).AddHours(13), Granularity.Day, TimeSpan.FromDays(1)); // hour table, day buckets

    [Theory]
    [MemberData(nameof(RollupKpis))]
    public async Task Series_from_an_odd_minute_match_the_raw_events(string kpi) =>
        await AssertMatches(kpi, S.AddDays(5).AddMinutes(7), S.AddDays(6).AddMinutes(41), Granularity.Hour, TimeSpan.FromHours(1)); // minute table

    [Theory]
    [InlineData("average_transaction_amount", "country", "DE", "provider", "stripe")]
    [InlineData("payment_success_rate", "provider", "adyen", null, null)]
    [InlineData("call_answer_rate", "service_code", "support", null, null)]
    [InlineData("error_rate", "service_code", "sales", null, null)]
    [InlineData("api_response_time_avg", "service_code", "support", null, null)]
    [InlineData("notification_ctr", "provider", "paypal", null, null)]
    [InlineData("account_lockout_rate", "country", "US", null, null)]
    [InlineData("events_count", "status", "failed", "country", "GB")]
    [InlineData("mfa_adoption_rate", "country", "DE", null, null)]
    [InlineData("payment_fallback_rate", "provider", "stripe", null, null)]
    [InlineData("quote_requests", "service_code", "staff", null, null)]
    [InlineData("approval_rate", "service_code", "sales", null, null)]
    [InlineData("uptime", "service_code", "support", null, null)]
    public async Task Dimension_filters_match_the_raw_events(string kpi, string k1, string v1, string? k2, string? v2)
    {
        var filters = new Dictionary<string, string> { [k1] = v1 };
        if (k2 is not null)
        {
            filters[k2] = v2!;
        }
        bool Keep(IngestedEvent e) => filters.All(f => f.Key switch
        {
            "country" => e.CountryCode == f.Value,
            "provider" => e.Provider == f.Value,
            "service_code" => e.ServiceCode == f.Value,
            "status" => e.Status == f.Value,
            _ => false,
        });
        await AssertMatches(kpi, S, S.AddDays(GoldenEvents.Days), Granularity.Day, TimeSpan.FromDays(1), filters, Keep);
    }

    [Fact]
    public async Task Migration_backfill_of_window_counts_equals_what_the_consumer_kept()
    {
        var resource = typeof(Suite.Metrics.Domain.ActiveWindows).Assembly.GetManifestResourceNames().Single(n => n.EndsWith("0011_daily_window_counts.sql", StringComparison.Ordinal));
        using var stream = typeof(Suite.Metrics.Domain.ActiveWindows).Assembly.GetManifestResourceStream(resource)!;
        var migration = await new StreamReader(stream).ReadToEndAsync();
        var backfill = migration[migration.IndexOf("insert into daily_window_counts", StringComparison.Ordinal)..];

        await using var conn = new Npgsql.NpgsqlConnection(golden.Host.DatabaseConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        async Task<List<string>> RowsAsync()
        {
            await using var cmd = new Npgsql.NpgsqlCommand(
                "select window_days || ' ' || day || ' ' || users from daily_window_counts where tenant = @t order by window_days, day", conn, tx);
            cmd.Parameters.AddWithValue("t", golden.Tenant);
            var rows = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
            return rows;
        }
        var kept = await RowsAsync();
        await using (var rebuild = new Npgsql.NpgsqlCommand("delete from daily_window_counts where tenant = @t; " + backfill, conn, tx))
        {
            rebuild.Parameters.AddWithValue("t", golden.Tenant);
            await rebuild.ExecuteNonQueryAsync();
        }
        var rebuilt = await RowsAsync();
        await tx.RollbackAsync();

        Assert.True(kept.Count > 100, "the golden data must fill the window counts");
        Assert.Equal(kept, rebuilt);
    }

    [Fact]
    public async Task User_density_is_users_per_account_known_by_each_day()
    {
        var (from, to) = (S.AddDays(-2), S.AddDays(GoldenEvents.Days + 2));
        var series = await Get("user_density_per_account", from, to, Granularity.Day, []);
        var linked = golden.Events.Where(e => e.AccountId is not null && e.UserId is not null).ToList();
        for (var i = 0; i < series.Points.Count; i++)
        {
            var endOfDay = from.AddDays(i + 1);
            var known = linked.Where(e => e.OccurredAt < endOfDay).ToList();
            var pairs = known.Select(e => (e.AccountId, e.UserId)).Distinct().LongCount();
            var accounts = known.Select(e => e.AccountId).Distinct().LongCount();
            var point = series.Points[i];
            Assert.Equal((pairs, accounts, accounts > 0), (point.Numerator, point.Denominator, point.HasValue));
        }
        Assert.Contains(series.Points, p => p.Value > 2);   // several users per account
    }

    [Fact]
    public async Task Active_user_ratio_is_mau_over_every_user_seen_so_far()
    {
        var (from, to) = (S.AddDays(3), S.AddDays(GoldenEvents.Days + 32));   // past the data: MAU falls, the base stays
        var series = await Get("active_user_ratio_30d", from, to, Granularity.Day, []);
        var mau = ExpectedKpis.ActiveUsers(golden.Events, 30, 0, from, to);
        for (var i = 0; i < mau.Count; i++)
        {
            var endOfDay = mau[i].Start.AddDays(1);
            var known = golden.Events.Where(e => e.UserId is not null && e.OccurredAt < endOfDay).Select(e => e.UserId).Distinct().LongCount();
            var point = series.Points[i];
            Assert.Equal((mau[i].Start, mau[i].Numerator, known), (point.Start.ToDateTimeOffset(), point.Numerator, point.Denominator));
            Assert.Equal((double)mau[i].Numerator / known, point.Value, 12);
        }
        Assert.Contains(series.Points, p => p.Value is > 0 and < 1);   // some known users are not active in the window
    }

    [Theory]
    [InlineData(null)]
    [InlineData("DE")]
    public async Task Nps_matches_the_raw_responses_and_needs_thirty_of_them(string? country)
    {
        var (from, to) = (S, S.AddDays(GoldenEvents.Days));
        var filters = country is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["country"] = country };
        var series = await Get("nps", from, to, Granularity.Day, filters);
        Assert.Equal("score", series.Unit);

        var responses = golden.Events.Where(e => e.Domain == "surveys" && e.Type == "NPS_RESPONSE" && (country is null || e.CountryCode == country)).ToList();
        (long Net, long N) Score(IEnumerable<IngestedEvent> rs)
        {
            var list = rs.ToList();
            return (list.Count(r => r.Status == "promoter") - list.Count(r => r.Status == "detractor"), list.Count);
        }
        for (var day = 0; day < GoldenEvents.Days; day++)
        {
            var (net, n) = Score(responses.Where(r => r.OccurredAt >= S.AddDays(day) && r.OccurredAt < S.AddDays(day + 1)));
            var point = series.Points[day];
            Assert.Equal((net, n, n >= 30), (point.Numerator, point.Denominator, point.HasValue));
            if (n >= 30)
            {
                Assert.Equal(100.0 * net / n, point.Value, 9);
            }
        }
        var (totalNet, totalN) = Score(responses);
        Assert.True(totalN >= 30, "the data set must have enough responses");
        Assert.Equal((totalNet, totalN, true), (series.Total.Numerator, series.Total.Denominator, series.Total.HasValue));
        Assert.Equal(100.0 * totalNet / totalN, series.Total.Value, 9);
        Assert.Contains(series.Points, p => !p.HasValue && p.Denominator > 0);   // the minimum-responses rule is exercised
    }

    [Theory]
    [InlineData("dau", 1, 0)]
    [InlineData("wau", 7, 0)]
    [InlineData("mau", 30, 0)]
    [InlineData("stickiness", 1, 30)]
    public async Task Distinct_user_kpis_match_the_raw_events(string kpi, int days, int denominatorDays)
    {
        var from = S.AddDays(1).AddHours(5);  // a day bucket starts at or before from
        var to = S.AddDays(GoldenEvents.Days + 2);
        var series = await Get(kpi, from, to, Granularity.Day, []);

        var expected = ExpectedKpis.ActiveUsers(golden.Events, days, denominatorDays, from, to);
        AssertPoints(series, expected, quotient: denominatorDays > 0);
        if (denominatorDays == 0)
        {
            var total = ExpectedKpis.ActiveUsersTotal(golden.Events, days, from, to);
            Assert.Equal((total, total), (series.Total.Numerator, (long)series.Total.Value));
        }
        else
        {
            var (n, d) = (expected.Sum(p => p.Numerator), expected.Sum(p => p.Denominator));
            Assert.Equal((n, d, (double)n / d), (series.Total.Numerator, series.Total.Denominator, series.Total.Value));
        }
        Assert.Contains(expected, p => p.Numerator > 1); // the data set really exercises the windows
    }

    private async Task AssertMatches(string kpi, DateTimeOffset from, DateTimeOffset to, Granularity g, TimeSpan step,
        Dictionary<string, string>? filters = null, Func<IngestedEvent, bool>? keep = null)
    {
        var series = await Get(kpi, from, to, g, filters ?? []);
        var events = golden.Events.Where(keep ?? (_ => true)).ToList();
        var expected = ExpectedKpis.Series(events, kpi, from, to, step);
        var quotient = series.Unit != "count";

        AssertPoints(series, expected, quotient);
        var (num, den) = ExpectedKpis.Of(kpi);
        var inRange = events.Where(e => e.OccurredAt >= from && e.OccurredAt < to).ToList();
        Assert.Equal((inRange.Sum(num), quotient ? inRange.Sum(den) : 0), (series.Total.Numerator, series.Total.Denominator));
        Assert.True(expected.Sum(p => p.Numerator) > 0, "the data set must exercise " + kpi);
    }

    private static void AssertPoints(KpiSeries series, IReadOnlyList<Expected> expected, bool quotient)
    {
        Assert.Equal(expected.Select(p => p.Start), series.Points.Select(p => p.Start.ToDateTimeOffset()));
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, p) = (expected[i], series.Points[i]);
            var hasValue = !quotient || e.Denominator > 0;
            var value = !quotient ? e.Numerator : hasValue ? (double)e.Numerator / e.Denominator : 0;
            Assert.Equal((e.Start, e.Numerator, hasValue ? e.Denominator : 0, hasValue, value),
                (p.Start.ToDateTimeOffset(), p.Numerator, p.Denominator, p.HasValue, p.Value));
        }
    }

    private async Task<KpiSeries> Get(string kpi, DateTimeOffset from, DateTimeOffset to, Granularity g, Dictionary<string, string> filters)
    {
        var request = new GetKpiSeriesRequest { Kpi = kpi, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to), Granularity = g };
        request.Filters.Add(filters);
        return await golden.Host.Client.GetKpiSeriesAsync(request, golden.Host.AuthFor(golden.Tenant));
    }
}
