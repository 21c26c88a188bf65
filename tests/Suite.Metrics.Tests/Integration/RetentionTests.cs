using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Domain;
using Suite.Metrics.Jobs;
using Suite.Testing;
using Suite.ServiceDefaults.Data;

namespace Suite.Metrics.Tests.Integration;

/// <summary>Own host and database: retention deletes across tenants, so it must not share rows with other tests.</summary>
[Collection(InfraCollection.Name)]
public class RetentionTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    [Fact]
    public async Task Minute_rows_go_after_seven_days_while_hour_and_day_rows_stay()
    {
        var tenant = "t-" + Guid.NewGuid().ToString("N")[..12];
        var old = new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var recent = old.AddDays(9);
        IngestedEvent E(DateTimeOffset at) => new(Guid.NewGuid(), "auth", "LOGIN", at, "u1", null, "ok", null, null, null, null, null, null);
        var batch = new EventBatchIngested(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, [E(old.AddMinutes(5)), E(old.AddMinutes(6)), E(recent.AddMinutes(5))]);
        await host.PublishAsync(batch, batch.BatchId);
        await host.WaitForConsumedAsync(batch.BatchId);

        var job = new RollupRetentionJob(
            host.Factory.Services.GetRequiredKeyedService<NpgsqlDataSource>(SystemScope.AllTenants),
            new RetentionSettings(true, RetentionPolicy.Default, TimeSpan.FromHours(1)),
            new FakeTimeProvider(recent.AddDays(1)),
            NullLogger<RollupRetentionJob>.Instance);
        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None); // idempotent

        // An odd-minute range reads the minute table, a whole-hour range the hour table.
        Assert.Equal(0, (await Logins(tenant, old.AddMinutes(1), old.AddHours(1).AddMinutes(1))).Total.Numerator);
        Assert.Equal(2, (await Logins(tenant, old, old.AddHours(1))).Total.Numerator);
        Assert.Equal(1, (await Logins(tenant, recent.AddMinutes(1), recent.AddHours(1).AddMinutes(1))).Total.Numerator);
        Assert.Equal(3, (await Logins(tenant, new DateTimeOffset(old.Date.AddDays(-1), TimeSpan.Zero), new DateTimeOffset(recent.Date.AddDays(1), TimeSpan.Zero))).Total.Numerator);
        Assert.Equal(1, (await Series("dau", tenant, old.UtcDateTime.Date, Granularity.Day)).Total.Numerator);
        Assert.Equal(3, await UserEvents(tenant)); // the funnel event log keeps 90 days by default

        // With a day retention of 5 days, the old day goes from every table, daily_users included.
        var shortDays = new RollupRetentionJob(
            host.Factory.Services.GetRequiredKeyedService<NpgsqlDataSource>(SystemScope.AllTenants),
            new RetentionSettings(true, new RetentionPolicy(TimeSpan.FromDays(5), TimeSpan.FromDays(5), TimeSpan.FromDays(5)), TimeSpan.FromHours(1)) { UserEvents = TimeSpan.FromDays(5) },
            new FakeTimeProvider(recent.AddDays(1)),
            NullLogger<RollupRetentionJob>.Instance);
        await shortDays.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, (await Series("dau", tenant, old.UtcDateTime.Date, Granularity.Day)).Total.Numerator);
        Assert.Equal(0, (await Series("logins", tenant, old.UtcDateTime.Date, Granularity.Day)).Total.Numerator);
        Assert.Equal(1, (await Series("dau", tenant, recent.UtcDateTime.Date, Granularity.Day)).Total.Numerator);
        Assert.Equal(1, await UserEvents(tenant));
    }

    private async Task<long> UserEvents(string tenant)
    {
        await using var cmd = host.Factory.Services.GetRequiredKeyedService<NpgsqlDataSource>(SystemScope.AllTenants).CreateCommand("select count(*) from user_events where tenant = @t");
        cmd.Parameters.AddWithValue("t", tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private Task<KpiSeries> Series(string kpi, string tenant, DateTime day, Granularity g) =>
        host.Client.GetKpiSeriesAsync(new GetKpiSeriesRequest
        {
            Kpi = kpi,
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(day, TimeSpan.Zero)),
            To = Timestamp.FromDateTimeOffset(new DateTimeOffset(day.AddDays(1), TimeSpan.Zero)),
            Granularity = g,
        }, host.AuthFor(tenant)).ResponseAsync;

    private Task<KpiSeries> Logins(string tenant, DateTimeOffset from, DateTimeOffset to) =>
        host.Client.GetKpiSeriesAsync(new GetKpiSeriesRequest
        {
            Kpi = "logins",
            From = Timestamp.FromDateTimeOffset(from),
            To = Timestamp.FromDateTimeOffset(to),
            Granularity = Granularity.Hour,
        }, host.AuthFor(tenant)).ResponseAsync;
}
