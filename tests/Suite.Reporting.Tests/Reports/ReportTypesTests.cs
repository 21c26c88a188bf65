using Suite.Reporting.Domain.Subscriptions;

namespace Suite.Reporting.Tests.Reports;

/// <summary>Each report type validates its own parameters (field paths under the given prefix); types without parameters refuse any.</summary>
public sealed class ReportTypesTests
{
    [Theory]
    // type, parameters → violated fields ("" when valid)
    [InlineData("kpi", "kpi=logins;granularity=hour;filter.domain=auth", "")]
    [InlineData("kpi", "granularity=week;colour=red", "s.parameters[kpi] s.parameters[granularity] s.parameters[colour]")]
    [InlineData("daily_metrics", "", "")]
    [InlineData("weekly_review", "weeks=4", "s.parameters[weeks]")]
    [InlineData("health_scorecard", "b=1;a=2", "s.parameters[a] s.parameters[b]")]
    [InlineData("cohort_retention", "", "")]
    [InlineData("cohort_retention", "granularity=week;cohorts=8;mode=unbounded", "")]
    [InlineData("cohort_retention", "granularity=day;cohorts=50", "s.parameters[granularity] s.parameters[cohorts]")]
    [InlineData("quarterly_roi", "", "")]
    [InlineData("quarterly_roi", "hourly_cost=55;currency=GBP", "")]
    [InlineData("quarterly_roi", "hourly_cost=-5;portal_error_rate=1.5;currency=pounds", "s.parameters[hourly_cost] s.parameters[portal_error_rate] s.parameters[currency]")]
    public void Each_type_validates_its_own_parameters(string type, string parameters, string fields) =>
        Assert.Equal(fields, string.Join(" ", ReportTypes.Validate(type, CohortRetentionReportTests.Parse(parameters), "s.parameters").Select(v => v.Field)));

    [Theory]
    [InlineData("cohort_retention")]
    [InlineData("quarterly_roi")]
    public void The_type_is_known(string type) => Assert.Contains(type, ReportTypes.Known);   // no fixed list: other types join in parallel
}
