using Suite.Reporting.Domain;

namespace Suite.Reporting.Tests;

public class ReportRequestRulesTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("Weekly logins", new string[0])]
    [InlineData("line\nbreak", new[] { "title" })]
    public void Validates_the_title(string title, string[] fields) =>
        Assert.Equal(fields, ReportRequestRules.Validate(title).Select(v => v.Field).ToArray());

    [Fact]
    public void Titles_have_a_maximum_length()
    {
        Assert.Empty(ReportRequestRules.Validate(new string('x', ReportRequestRules.MaxTitleLength)));
        Assert.Equal("title", Assert.Single(ReportRequestRules.Validate(new string('x', ReportRequestRules.MaxTitleLength + 1))).Field);
    }

    [Theory]
    [InlineData("", "events_count", "KPI report: events_count")]
    [InlineData("   ", "events_count", "KPI report: events_count")]
    [InlineData("  Logins  ", "events_count", "Logins")]
    public void Effective_title(string title, string kpi, string expected) =>
        Assert.Equal(expected, ReportRequestRules.EffectiveTitle(title, kpi));
}
