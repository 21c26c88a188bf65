using Suite.ServiceDefaults.Audit;
using Xunit;

namespace Suite.ServiceDefaults.Tests.Audit;

public sealed class AuditOptionsTests
{
    [Theory]
    [InlineData(400, "06:00:00", null)]
    [InlineData(1, "00:00:01", null)]
    [InlineData(36_500, "1.00:00:00", null)]
    [InlineData(0, "06:00:00", "Audit:RetentionDays")]
    [InlineData(36_501, "06:00:00", "Audit:RetentionDays")]
    [InlineData(30, "00:00:00.5", "Audit:PurgeInterval")]
    [InlineData(30, "2.00:00:00", "Audit:PurgeInterval")]
    public void Retention_settings_are_checked_with_the_key_named(int days, string interval, string? error)
    {
        var errors = new AuditOptions { RetentionDays = days, PurgeInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }.Validate().ToList();
        if (error is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.StartsWith(error, StringComparison.Ordinal));
        }
    }
}
