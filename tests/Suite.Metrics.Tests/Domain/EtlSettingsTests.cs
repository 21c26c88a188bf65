using Microsoft.Extensions.Configuration;
using Suite.Metrics.Jobs;

namespace Suite.Metrics.Tests.Domain;

public class EtlSettingsTests
{
    [Theory]
    // cron, time zone, now (UTC), next run (UTC)
    [InlineData(null, null, "2026-11-23T14:00:00Z", "2026-11-24T02:30:00Z")]                    // defaults: 02:30 UTC
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-11-23T14:00:00Z", "2026-11-24T01:30:00Z")] // CET = UTC+1
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-07-01T14:00:00Z", "2026-07-02T00:30:00Z")] // CEST = UTC+2
    [InlineData("0 6 * * 1", "America/New_York", "2026-11-23T12:00:00Z", "2026-11-30T11:00:00Z")] // Mondays 06:00 EST
    [InlineData("30 2 * * *", "UTC", "2026-11-23T02:30:00Z", "2026-11-24T02:30:00Z")]            // strictly after now
    public void Next_run_follows_the_cron_in_its_time_zone(string? cron, string? zone, string now, string next)
    {
        var settings = EtlSettings.From(Config(("Cron", cron), ("TimeZone", zone)));
        Assert.Equal(DateTimeOffset.Parse(next), settings.NextRun(DateTimeOffset.Parse(now)));
    }

    [Fact]
    public void Defaults()
    {
        var settings = EtlSettings.From(Config());
        Assert.Equal((true, 7, "UTC"), (settings.Enabled, settings.LookbackDays, settings.TimeZone.Id));
    }

    [Theory]
    [InlineData("Cron", "every night", "Metrics:Etl:Cron 'every night' is not a 5-field cron expression")]
    [InlineData("Cron", "0 30 2 * * *", "is not a 5-field cron expression")]
    [InlineData("TimeZone", "Mars/Olympus", "Metrics:Etl:TimeZone 'Mars/Olympus' is not a known time zone")]
    [InlineData("LookbackDays", "0", "LookbackDays must be a whole number from 1 to 366")]
    [InlineData("Enabled", "sometimes", "Enabled must be true or false")]
    [InlineData("Schedule", "x", "Metrics:Etl:Schedule is not a known setting")]
    public void Bad_settings_fail_fast_with_a_clear_message(string key, string value, string message)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => EtlSettings.From(Config((key, value))));
        Assert.StartsWith("Invalid configuration: ", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(s => s.Value is not null).Select(s => new KeyValuePair<string, string?>("Metrics:Etl:" + s.Key, s.Value)))
            .Build();
}
