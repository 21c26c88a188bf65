using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Tests.Domain;

public class ClockSkewTests
{
    private static readonly DateTimeOffset Received = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // occurred (min from received), sent (min, null = absent), expected corrected (min)
    [InlineData(-10, null, -10)]   // no sent_at: no correction
    [InlineData(-10, 0, -10)]      // clocks agree
    [InlineData(-10, -3, -7)]      // client 3 min slow: shift later
    [InlineData(50, 60, -10)]      // client 60 min fast: shift earlier
    [InlineData(0, -1440, 1440)]   // client a day slow
    [InlineData(-5, -5, 0)]        // sent right when it occurred
    public void Shifts_occurred_at_by_the_clients_clock_error(int occurredMin, int? sentMin, int expectedMin)
    {
        var corrected = ClockSkew.Correct(
            Received.AddMinutes(occurredMin),
            sentMin is null ? null : Received.AddMinutes(sentMin.Value),
            Received);

        Assert.Equal(Received.AddMinutes(expectedMin), corrected);
        Assert.Equal(TimeSpan.Zero, corrected!.Value.Offset);
    }

    [Fact]
    public void Works_with_non_utc_offsets()
    {
        var occurred = new DateTimeOffset(2025, 6, 15, 13, 50, 0, TimeSpan.FromHours(2)); // 11:50Z
        var sent = new DateTimeOffset(2025, 6, 15, 13, 58, 0, TimeSpan.FromHours(2));     // 11:58Z, 2 min slow
        Assert.Equal(new DateTimeOffset(2025, 6, 15, 11, 52, 0, TimeSpan.Zero), ClockSkew.Correct(occurred, sent, Received));
    }

    [Fact]
    public void Out_of_range_results_are_null_not_an_exception()
    {
        Assert.Null(ClockSkew.Correct(DateTimeOffset.MaxValue, DateTimeOffset.MinValue, Received));
        Assert.Null(ClockSkew.Correct(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Received));
    }
}
