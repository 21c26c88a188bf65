using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.Metrics.Jobs;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using Suite.ServiceDefaults.Data;

namespace Suite.Metrics.Tests.Golden;

/// <summary>The daily KPI ETL over the golden event set (own database): idempotent, equal to the live series.</summary>
[Collection(InfraCollection.Name)]
public class EtlTests(GoldenHost golden) : IClassFixture<GoldenHost>
{
    private Metadata Auth => golden.Host.AuthFor(golden.Tenant);

    [Fact]
    public async Task Rerunning_days_gives_identical_rows_equal_to_the_live_series()
    {
        var request = new RunEtlRequest { FromDate = "2025-01-20", ToDate = "2025-01-22" };

        var first = await golden.Host.Client.RunEtlAsync(request, Auth);
        var rowsAfterFirst = await DailyKpis();
        var second = await golden.Host.Client.RunEtlAsync(request, Auth);
        var rowsAfterSecond = await DailyKpis();

        Assert.Equal(["2025-01-20", "2025-01-21", "2025-01-22"], first.Days.Select(d => d.Date));
        Assert.All(first.Days.Concat(second.Days), d => Assert.Equal(("succeeded", KpiCatalog.All.Count), (d.Status, d.Rows)));
        Assert.Equal(3 * KpiCatalog.All.Count, rowsAfterFirst.Count);
        Assert.Equal(rowsAfterFirst, rowsAfterSecond);
        Assert.Equal(6, await Scalar("select count(*) from etl_job_runs where tenant = @tenant and status = 'succeeded' and day between '2025-01-20' and '2025-01-22'"));

        var day = new DateTimeOffset(2025, 1, 21, 0, 0, 0, TimeSpan.Zero);
        foreach (var kpi in KpiCatalog.All)
        {
            var live = await golden.Host.Client.GetKpiSeriesAsync(new GetKpiSeriesRequest
            {
                Kpi = kpi.Name, From = Timestamp.FromDateTimeOffset(day), To = Timestamp.FromDateTimeOffset(day.AddDays(1)), Granularity = Granularity.Day,
            }, Auth);
            var point = Assert.Single(live.Points);
            Assert.Equal(("2025-01-21", kpi.Name, point.Numerator, point.Denominator, point.HasValue, point.Value),
                rowsAfterFirst.Single(r => r.Day == "2025-01-21" && r.Kpi == kpi.Name));
        }
        Assert.Contains(rowsAfterFirst, r => r.Kpi == "mau" && r.Numerator > 10);
    }

    [Fact]
    public async Task Status_lists_missing_days_until_they_are_run()
    {
        var tenant = "t-" + Guid.NewGuid().ToString("N")[..12];
        var auth = golden.Host.AuthFor(tenant);
        var before = await golden.Host.Client.GetEtlStatusAsync(new GetEtlStatusRequest { Days = 3 }, auth);
        Assert.Equal(3, before.MissingDates.Count);
        Assert.Equal(before.Days.Select(d => d.Date), before.MissingDates);
        Assert.All(before.Days, d => Assert.Equal("missing", d.Status));

        var yesterday = before.Days[^1].Date;
        await golden.Host.Client.RunEtlAsync(new RunEtlRequest { FromDate = yesterday, ToDate = yesterday }, auth);

        var after = await golden.Host.Client.GetEtlStatusAsync(new GetEtlStatusRequest { Days = 3 }, auth);
        Assert.Equal(before.MissingDates.Take(2), after.MissingDates);
        Assert.Empty(after.FailedDates);
        Assert.Equal(("succeeded", KpiCatalog.All.Count), (after.Days[^1].Status, after.Days[^1].Rows));
        Assert.NotNull(after.Days[^1].FinishedAt);
    }

    [Fact]
    public async Task The_nightly_run_catches_up_the_lookback_then_only_redoes_yesterday()
    {
        var services = golden.Host.Factory.Services;
        var settings = services.GetRequiredService<EtlSettings>() with { LookbackDays = 7 };
        var today = new DateOnly(2025, 2, 6);
        var job = new NightlyEtlJob(services.GetRequiredKeyedService<NpgsqlDataSource>(SystemScope.AllTenants), services.GetRequiredService<DailyKpiEtl>(), settings,
            new FakeTimeProvider(new DateTimeOffset(2025, 2, 6, 2, 30, 0, TimeSpan.Zero)), NullLogger<NightlyEtlJob>.Instance);
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();

        await job.RunOnceAsync(CancellationToken.None);
        var afterFirst = await DailyKpiStore.LatestRunsAsync(dataSource, golden.Tenant, today.AddDays(-7), today.AddDays(-1), CancellationToken.None);
        var runsBefore = await Scalar("select count(*) from etl_job_runs where tenant = @tenant");
        await job.RunOnceAsync(CancellationToken.None);
        var runsAfter = await Scalar("select count(*) from etl_job_runs where tenant = @tenant");

        Assert.Equal(EtlPlan.Range(today.AddDays(-7), today.AddDays(-1)), afterFirst.Keys.Order());
        Assert.All(afterFirst.Values, r => Assert.Equal((EtlStatus.Succeeded, KpiCatalog.All.Count), (r.Status, r.Rows)));
        Assert.Equal(runsBefore + 1, runsAfter);
    }

    [Fact]
    public async Task Etl_is_served_as_json_over_http()
    {
        using var http = golden.Host.Factory.CreateClient();
        var token = golden.Host.TokenFor(golden.Tenant);

        using var run = new HttpRequestMessage(HttpMethod.Post, "/v1/etl/runs")
        {
            Content = new StringContent("{\"fromDate\":\"2025-01-10\",\"toDate\":\"2025-01-11\"}", Encoding.UTF8, "application/json"),
        };
        run.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var runResponse = await http.SendAsync(run);
        var runBody = await runResponse.Content.ReadAsStringAsync();
        Assert.True(runResponse.IsSuccessStatusCode, runBody);
        using var runJson = JsonDocument.Parse(runBody);
        Assert.Equal(["succeeded", "succeeded"], runJson.RootElement.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("status").GetString()));

        using var status = new HttpRequestMessage(HttpMethod.Get, "/v1/etl/status?days=2");
        status.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var statusResponse = await http.SendAsync(status);
        var statusBody = await statusResponse.Content.ReadAsStringAsync();
        Assert.True(statusResponse.IsSuccessStatusCode, statusBody);
        using var statusJson = JsonDocument.Parse(statusBody);
        Assert.Equal(2, statusJson.RootElement.GetProperty("days").GetArrayLength());
    }

    [Fact]
    public async Task Bad_etl_requests_are_InvalidArgument_with_the_field()
    {
        var run = await Assert.ThrowsAsync<RpcException>(() =>
            golden.Host.Client.RunEtlAsync(new RunEtlRequest { FromDate = "2025-13-01", ToDate = "2025-01-02" }, Auth).ResponseAsync);
        var status = await Assert.ThrowsAsync<RpcException>(() =>
            golden.Host.Client.GetEtlStatusAsync(new GetEtlStatusRequest { Days = 1000 }, Auth).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "from_date"), (run.StatusCode, Assert.Single(run.FieldViolations()).Field));
        Assert.Equal((StatusCode.InvalidArgument, "days"), (status.StatusCode, Assert.Single(status.FieldViolations()).Field));
    }

    /// <summary>The rows of the days the re-run test owns (other tests run other days for the same tenant).</summary>
    private async Task<List<(string Day, string Kpi, long Numerator, long Denominator, bool HasValue, double Value)>> DailyKpis()
    {
        await using var conn = new NpgsqlConnection(golden.Host.DatabaseConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select day, kpi, numerator, denominator, has_value, value from daily_kpis where tenant = @tenant and day between '2025-01-20' and '2025-01-22' order by day, kpi", conn);
        cmd.Parameters.AddWithValue("tenant", golden.Tenant);
        var rows = new List<(string, string, long, long, bool, double)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((EtlPlan.Format(reader.GetFieldValue<DateOnly>(0)), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetBoolean(4), reader.GetDouble(5)));
        }
        return rows;
    }

    private async Task<long> Scalar(string sql)
    {
        await using var conn = new NpgsqlConnection(golden.Host.DatabaseConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("tenant", golden.Tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
