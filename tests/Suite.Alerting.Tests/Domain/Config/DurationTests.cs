using Suite.Alerting.Configuration.Yaml;

namespace Suite.Alerting.Tests.Domain.Config;

public sealed class DurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3_600)]
    [InlineData("1h30m", 5_400)]
    [InlineData("24h", 86_400)]
    [InlineData("1d", 86_400)]
    [InlineData("1w", 604_800)]
    [InlineData("2w3d", 1_468_800)]
    [InlineData("1y", 31_536_000)]
    [InlineData("1m30s", 90)]
    [InlineData(" 10m ", 600)]
    public void Parses_prometheus_durations(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Duration.Parse(text));

    [Fact]
    public void Milliseconds_are_not_minutes() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1_250), Duration.Parse("1s250ms"));

    [Theory]
    [InlineData("5", "'5' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("5x", "'5x' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("m5", "'m5' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("30m1h", "'30m1h' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("1h1h", "'1h1h' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("1.5h", "'1.5h' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("1h 30m", "'1h 30m' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("00:05:00", "'00:05:00' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)")]
    [InlineData("-5m", "'-5m': negative durations are not allowed")]
    [InlineData("", "empty duration (use e.g. 30s, 5m, 1h30m, 1w)")]
    [InlineData("99999999999999999999y", "'99999999999999999999y' is too long a duration")]
    public void Rejects_bad_durations_with_the_reason(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => Duration.Parse(text)).Message);
        Assert.False(Duration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(30, "30s")]
    [InlineData(5_400, "1h30m")]
    [InlineData(86_400, "1d")]
    [InlineData(604_800, "1w")]
    [InlineData(691_200, "1w1d")]
    [InlineData(31_536_000, "1y")]
    public void Formats_largest_units_first(int seconds, string text)
    {
        Assert.Equal(text, Duration.Format(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(TimeSpan.FromSeconds(seconds), Duration.Parse(text));
    }

    [Fact]
    public void Formats_milliseconds() => Assert.Equal("2s500ms", Duration.Format(TimeSpan.FromMilliseconds(2_500)));
}
