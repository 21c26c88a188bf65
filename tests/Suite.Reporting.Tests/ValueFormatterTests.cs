using Suite.Reporting.Domain;

namespace Suite.Reporting.Tests;

public class ValueFormatterTests
{
    [Theory]
    [InlineData("ratio", true, 0.875, "87.50 %")]
    [InlineData("ratio", true, 1.0, "100.00 %")]
    [InlineData("ratio", true, 0.0, "0.00 %")]
    [InlineData("ratio", true, 0.123456, "12.35 %")]
    [InlineData("ratio", true, 0.00004, "0.00 %")]
    [InlineData("ratio", false, 0.0, "n/a")]
    [InlineData("ratio", true, double.NaN, "n/a")]
    [InlineData("count", true, 0.0, "0")]
    [InlineData("count", true, 1234.0, "1,234")]
    [InlineData("count", true, 1234567.0, "1,234,567")]
    [InlineData("count", false, 5.0, "n/a")]
    [InlineData("ms", true, 1.23456, "1.2346 ms")]
    [InlineData("", true, 2.5, "2.5")]
    public void Formats_values_by_unit(string unit, bool hasValue, double value, string expected) =>
        Assert.Equal(expected, ValueFormatter.FormatValue(unit, hasValue, value));

    [Theory]
    [InlineData("ratio", true, 0.875, "Total: 87.50 %")]
    [InlineData("count", true, 42000.0, "Total: 42,000")]
    [InlineData("ratio", false, 0.0, "Total: n/a")]
    public void Total_line(string unit, bool hasValue, double value, string expected) =>
        Assert.Equal(expected, ValueFormatter.TotalLine(unit, new KpiPointData(DateTimeOffset.UnixEpoch, hasValue, value, 0, 0)));

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(999L, "999")]
    [InlineData(1000L, "1,000")]
    [InlineData(-12345L, "-12,345")]
    public void Counts_have_thousands_separators(long count, string expected) =>
        Assert.Equal(expected, ValueFormatter.FormatCount(count));

    [Theory]
    [InlineData("ratio", 400L, "400")]
    [InlineData("count", 0L, "-")]
    public void Denominators_only_for_ratios(string unit, long denominator, string expected) =>
        Assert.Equal(expected, ValueFormatter.FormatDenominator(unit, denominator));

    [Theory]
    [InlineData(ReportGranularity.Minute, "2026-03-01 09:05")]
    [InlineData(ReportGranularity.Hour, "2026-03-01 09:05")]
    [InlineData(ReportGranularity.Day, "2026-03-01")]
    [InlineData(ReportGranularity.Unspecified, "2026-03-01 09:05")]
    public void Times_are_printed_in_utc_by_granularity(ReportGranularity granularity, string expected)
    {
        var time = new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.FromHours(1)); // 09:05 UTC
        Assert.Equal(expected, ValueFormatter.FormatTime(time, granularity));
    }

    [Fact]
    public void Range_is_printed_in_utc()
    {
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 1, 8, 2, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal("2026-01-01 00:00 to 2026-01-08 00:00 UTC", ValueFormatter.FormatRange(from, to));
        Assert.Equal("(open) to (open) UTC", ValueFormatter.FormatRange(null, null));
    }

    [Theory]
    [InlineData("login_success_rate", "login_success_rate_20260101-0000_20260102-0000.pdf")]
    [InlineData("a/b c", "a_b_c_20260101-0000_20260102-0000.pdf")]
    [InlineData("", "report_20260101-0000_20260102-0000.pdf")]
    public void File_names_are_safe(string kpi, string expected)
    {
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, ValueFormatter.FileName(kpi, from, from.AddDays(1), "pdf"));
    }
}
