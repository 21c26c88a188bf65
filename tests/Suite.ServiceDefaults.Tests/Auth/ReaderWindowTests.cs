using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Auth;

namespace Suite.ServiceDefaults.Tests.Auth;

public class ReaderWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static GetKpiSeriesRequest Series(int? daysBack) => new()
    {
        Kpi = "logins",
        From = daysBack is { } d ? Timestamp.FromDateTimeOffset(Now.AddDays(-d)) : null,
        To = Timestamp.FromDateTimeOffset(Now),
    };

    public static TheoryData<object, string?> Cases => new()
    {
        { Series(30), null },                    // exactly the window's start
        { Series(1), null },
        { Series(null), null },                  // unset: the metrics validator answers INVALID_ARGUMENT
        { Series(31), "from" },
        { new GetKpiSeriesBatchRequest(), null },
        { new GetKpiSeriesBatchRequest { Queries = { Series(2), Series(29) } }, null },
        { new GetKpiSeriesBatchRequest { Queries = { Series(2), Series(45), Series(60) } }, "queries[1].from" },
        { new ListKpisRequest(), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_the_first_field_reaching_before_the_window(object request, string? field)
    {
        var violation = ReaderWindow.Check(request, Now);
        if (field is null)
        {
            Assert.Null(violation);
        }
        else
        {
            Assert.NotNull(violation);
            Assert.StartsWith($"role 'reader' may read the last 30 days only: {field} (", violation);
            Assert.EndsWith("is before 2026-11-05T12:00:00Z", violation);
        }
    }

    [Fact]
    public void One_second_past_the_window_is_denied()
    {
        var request = new GetKpiSeriesRequest { From = Timestamp.FromDateTimeOffset(Now.AddDays(-30).AddSeconds(-1)) };
        Assert.NotNull(ReaderWindow.Check(request, Now));
    }
}
