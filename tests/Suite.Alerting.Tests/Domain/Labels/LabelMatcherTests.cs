using Suite.Alerting.Domain.Labels;

namespace Suite.Alerting.Tests.Domain.Labels;

public sealed class LabelMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["severity"] = "critical", ["team"] = "ops" };

    [Theory]
    [InlineData("severity=critical", true)]
    [InlineData("severity=\"critical\"", true)]
    [InlineData("severity!=critical", false)]
    [InlineData("team=~ops|eng", true)]
    [InlineData("team=~op", false)]              // anchored: the whole value must match
    [InlineData("team!~eng.*", true)]
    [InlineData("missing=\"\"", true)]           // a missing label reads as ""
    [InlineData("missing!=\"\"", false)]
    [InlineData("missing=~.*", true)]
    public void Matches_with_alertmanager_semantics(string matcher, bool expected) =>
        Assert.Equal(expected, LabelMatcher.Parse(matcher).Matches(Labels));

    [Theory]
    [InlineData("severity", "is not a matcher")]
    [InlineData("1abc=x", "is not a matcher")]
    [InlineData("team=~(ops", "invalid regular expression")]
    public void Bad_matchers_are_rejected_with_the_reason(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => LabelMatcher.Parse(text)).Message);

    [Fact]
    public void Round_trips_through_its_text_form() =>
        Assert.Equal("team=~\"ops|eng\"", LabelMatcher.Parse("team =~ \"ops|eng\"").ToString());
}
