using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

public sealed class RoiParametersTests
{
    [Fact]
    public void Every_parameter_has_a_default()
    {
        var (parameters, violations) = RoiParameters.Parse(new Dictionary<string, string>());
        Assert.Empty(violations);
        Assert.Equal(RoiParameters.Defaults, parameters! with { Given = RoiParameters.Defaults.Given });
        Assert.Equal((15m, 40m, 0.05m, 0.01m, 100m, 2500m, "USD", (DateOnly?)null),
            (parameters!.MinutesSavedPerQuote, parameters.HourlyCost, parameters.StaffErrorRate, parameters.PortalErrorRate, parameters.CostPerError,
             parameters.QuarterlyCost, parameters.Currency, parameters.From));
        Assert.Empty(parameters.Given);
    }

    [Fact]
    public void Given_parameters_replace_the_defaults()
    {
        var (parameters, violations) = RoiParameters.Parse(CohortRetentionReportTests.Parse(
            "minutes_saved_per_quote=12.5;hourly_cost=0;staff_error_rate=1;portal_error_rate=0;cost_per_error=80;quarterly_cost=4000;currency=EUR;from=2026-01-15;to=2026-02-15"));
        Assert.Empty(violations);
        var expected = new RoiParameters(12.5m, 0m, 1m, 0m, 80m, 4000m, "EUR", new DateOnly(2026, 1, 15), new DateOnly(2026, 2, 15));
        Assert.Equal(expected, parameters! with { Given = expected.Given });
        Assert.Equal(9, parameters!.Given.Count);
    }

    [Theory]
    [InlineData("hourly_cost=-1", "parameters[hourly_cost]")]
    [InlineData("hourly_cost=abc", "parameters[hourly_cost]")]
    [InlineData("hourly_cost=1e3", "parameters[hourly_cost]")]         // plain decimals only
    [InlineData("hourly_cost=1,5", "parameters[hourly_cost]")]
    [InlineData("minutes_saved_per_quote=-0.5", "parameters[minutes_saved_per_quote]")]
    [InlineData("cost_per_error=-10", "parameters[cost_per_error]")]
    [InlineData("quarterly_cost=", "parameters[quarterly_cost]")]
    [InlineData("staff_error_rate=1.01", "parameters[staff_error_rate]")]
    [InlineData("portal_error_rate=-0.01", "parameters[portal_error_rate]")]
    [InlineData("portal_error_rate=5", "parameters[portal_error_rate]")]   // 5 %, written as a percent
    [InlineData("currency=eur", "parameters[currency]")]
    [InlineData("currency=EURO", "parameters[currency]")]
    [InlineData("currency=€", "parameters[currency]")]
    [InlineData("from=2026-01-01", "parameters[to]")]
    [InlineData("to=2026-01-01", "parameters[from]")]
    [InlineData("from=2026-02-01;to=2026-01-01", "parameters[to]")]
    [InlineData("from=2025-01-01;to=2026-01-03", "parameters[to]")]     // over 366 days
    [InlineData("from=01/02/2026;to=2026-03-01", "parameters[from]")]
    [InlineData("hourly_rate=40", "parameters[hourly_rate]")]
    [InlineData("hourly_cost=-1;staff_error_rate=2;currency=x", "parameters[hourly_cost] parameters[staff_error_rate] parameters[currency]")]
    public void Bad_parameters_are_field_violations_each(string text, string fields)
    {
        var (parameters, violations) = RoiParameters.Parse(CohortRetentionReportTests.Parse(text));
        Assert.Null(parameters);
        Assert.Equal(fields, string.Join(" ", violations.Select(v => v.Field)));
    }
}
