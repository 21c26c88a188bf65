using Microsoft.Extensions.Configuration;
using Suite.Metrics.Domain;
using Suite.Metrics.Jobs;

namespace Suite.Metrics.Tests.Domain;

public class RetentionPolicyTests
{
    [Theory]
    // table, now, cutoff with the default policy (minute 7 days, hour and day 730 days)
    [InlineData(KpiGranularity.Minute, "2026-11-23T14:30:45Z", "2026-11-16T14:30:00Z")]
    [InlineData(KpiGranularity.Minute, "2026-11-23T00:00:00Z", "2026-11-16T00:00:00Z")]
    [InlineData(KpiGranularity.Hour, "2026-11-23T14:30:45Z", "2024-11-23T14:00:00Z")]
    [InlineData(KpiGranularity.Day, "2026-11-23T14:30:45Z", "2024-11-23T00:00:00Z")]
    [InlineData(KpiGranularity.Day, "2024-03-01T01:00:00Z", "2022-03-02T00:00:00Z")]
    public void Cutoff_is_now_minus_retention_rounded_down_to_a_whole_bucket(KpiGranularity table, string now, string cutoff)
    {
        Assert.Equal(DateTimeOffset.Parse(cutoff), RetentionPolicy.Default.CutoffFor(table, DateTimeOffset.Parse(now)));
    }

    [Theory]
    [InlineData(KpiGranularity.Minute, "2026-11-16T14:29:59Z", true)]
    [InlineData(KpiGranularity.Minute, "2026-11-16T14:30:00Z", false)]
    [InlineData(KpiGranularity.Hour, "2024-11-23T13:00:00Z", true)]
    [InlineData(KpiGranularity.Hour, "2024-11-23T14:00:00Z", false)]
    [InlineData(KpiGranularity.Day, "2024-11-22T00:00:00Z", true)]
    [InlineData(KpiGranularity.Day, "2024-11-23T00:00:00Z", false)]
    public void A_bucket_goes_only_when_it_starts_before_the_cutoff(KpiGranularity table, string bucket, bool deleted)
    {
        var cutoff = RetentionPolicy.Default.CutoffFor(table, DateTimeOffset.Parse("2026-11-23T14:30:45Z"));
        Assert.Equal(deleted, DateTimeOffset.Parse(bucket) < cutoff);
    }

    [Theory]
    [InlineData(7, 730, 730, 0)]
    [InlineData(0, 730, 730, 1)]
    [InlineData(8, 7, 730, 1)]
    [InlineData(7, 730, 30, 1)]
    [InlineData(-1, -1, -1, 3)]
    public void Retentions_must_be_positive_and_grow_with_the_bucket(int minute, int hour, int day, int problems)
    {
        var policy = new RetentionPolicy(TimeSpan.FromDays(minute), TimeSpan.FromDays(hour), TimeSpan.FromDays(day));
        Assert.Equal(problems, policy.Problems().Count);
    }

    [Fact]
    public void Settings_default_and_parse()
    {
        var defaults = RetentionSettings.From(Config());
        Assert.Equal(new RetentionSettings(true, RetentionPolicy.Default, TimeSpan.FromHours(1)), defaults);

        var custom = RetentionSettings.From(Config(("Minute", "3.00:00:00"), ("Enabled", "false"), ("Interval", "00:10:00")));
        Assert.Equal(new RetentionSettings(false, RetentionPolicy.Default with { Minute = TimeSpan.FromDays(3) }, TimeSpan.FromMinutes(10)), custom);
        Assert.Equal(TimeSpan.FromDays(90), custom.UserEvents);

        Assert.Equal(TimeSpan.FromDays(30), RetentionSettings.From(Config(("UserEvents", "30.00:00:00"))).UserEvents);
    }

    [Theory]
    [InlineData("Minute", "soon", "Metrics:Retention:Minute must be a time span")]
    [InlineData("Minutes", "7.00:00:00", "Metrics:Retention:Minutes is not a known setting")]
    [InlineData("Day", "1.00:00:00", "Minute <= Hour <= Day")]
    [InlineData("Interval", "00:00:00", "Interval must be positive")]
    [InlineData("Enabled", "yes", "Enabled must be true or false")]
    [InlineData("UserEvents", "-1.00:00:00", "UserEvents must be positive")]
    public void Bad_settings_fail_fast_with_a_clear_message(string key, string value, string message)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => RetentionSettings.From(Config((key, value))));
        Assert.StartsWith("Invalid configuration: ", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Metrics:Retention:" + s.Key, s.Value)))
            .Build();
}
