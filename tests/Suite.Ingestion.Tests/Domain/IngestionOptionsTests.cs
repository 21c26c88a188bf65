namespace Suite.Ingestion.Tests.Domain;

public class IngestionOptionsTests
{
    [Theory]
    [InlineData(90, 60, true)]
    [InlineData(1, 0, true)]
    [InlineData(0, 60, false)]
    [InlineData(5000, 60, false)]
    [InlineData(90, -1, false)]
    [InlineData(90, 2000, false)]
    public void Validates_ranges(int retentionDays, int maxFutureMinutes, bool valid)
    {
        var options = new IngestionOptions { RetentionDays = retentionDays, MaxFutureMinutes = maxFutureMinutes };
        Assert.Equal(valid, !options.Validate().Any());
    }

    [Fact]
    public void Maps_to_the_domain_policy()
    {
        var policy = new IngestionOptions { RetentionDays = 30, MaxFutureMinutes = 15 }.ToPolicy();
        Assert.Equal(TimeSpan.FromDays(30), policy.Retention);
        Assert.Equal(TimeSpan.FromMinutes(15), policy.MaxFuture);
    }
}
