using Suite.Alerting.Domain;

namespace Suite.Alerting.Tests.Domain;

public class RuleValidationTests
{
    private static readonly RuleDraft Valid = new(
        Name: "Login success low",
        Kpi: "login_success_rate",
        Filters: new Dictionary<string, string> { ["domain"] = "auth" },
        Comparison: Comparison.Below,
        Threshold: 0.9,
        WindowSeconds: 300,
        Severity: AlertSeverity.Critical,
        EmailTo: ["ops@example.com"],
        SlackWebhookUrl: "https://hooks.slack.com/services/T000/B000/XXXX",
        MinSamples: 20);

    [Fact]
    public void A_complete_rule_is_valid()
    {
        Assert.Empty(RuleValidation.Validate(Valid));
    }

    public static TheoryData<string, RuleDraft, string> Invalid => new()
    {
        { "empty name", Valid with { Name = "  " }, "name" },
        { "long name", Valid with { Name = new string('x', 201) }, "name" },
        { "empty kpi", Valid with { Kpi = "" }, "kpi" },
        { "no comparison", Valid with { Comparison = null }, "comparison" },
        { "no severity", Valid with { Severity = null }, "severity" },
        { "window too short", Valid with { WindowSeconds = 9 }, "window_seconds" },
        { "window too long", Valid with { WindowSeconds = 86_401 }, "window_seconds" },
        { "window zero", Valid with { WindowSeconds = 0 }, "window_seconds" },
        { "NaN threshold", Valid with { Threshold = double.NaN }, "threshold" },
        { "infinite threshold", Valid with { Threshold = double.NegativeInfinity }, "threshold" },
        { "relative slack url", Valid with { SlackWebhookUrl = "/services/x" }, "slack_webhook_url" },
        { "ftp slack url", Valid with { SlackWebhookUrl = "ftp://hooks.example.com/x" }, "slack_webhook_url" },
        { "no @ in email", Valid with { EmailTo = ["ops.example.com"] }, "email_to[0]" },
        { "display name in email", Valid with { EmailTo = ["ops@example.com", "Ops <ops@example.com>"] }, "email_to[1]" },
        { "space in email", Valid with { EmailTo = ["o ps@example.com"] }, "email_to[0]" },
        { "empty email", Valid with { EmailTo = [""] }, "email_to[0]" },
        { "no target", Valid with { EmailTo = [], SlackWebhookUrl = "" }, "slack_webhook_url" },
        { "negative min_samples", Valid with { MinSamples = -1 }, "min_samples" },
        { "empty filter key", Valid with { Filters = new Dictionary<string, string> { [""] = "x" } }, "filters" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Reports_the_field(string name, RuleDraft draft, string field)
    {
        var violations = RuleValidation.Validate(draft);
        Assert.True(violations.Any(v => v.Field == field), $"{name}: expected a violation on {field}, got [{string.Join(", ", violations)}]");
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(86_400)]
    public void Window_bounds_are_inclusive(int seconds)
    {
        Assert.Empty(RuleValidation.Validate(Valid with { WindowSeconds = seconds }));
    }

    [Theory]
    [InlineData("", true)]        // email only
    [InlineData("http://127.0.0.1:8080/hook", false)]  // slack only, plain http (local sinks)
    public void One_target_is_enough(string slack, bool emailOnly)
    {
        var draft = Valid with { SlackWebhookUrl = slack, EmailTo = emailOnly ? ["a@b.example"] : [] };
        Assert.Empty(RuleValidation.Validate(draft));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var draft = new RuleDraft("", "", new Dictionary<string, string>(), null, double.NaN, 5, AlertSeverity.Info, ["nope"], "not a url", 0);
        var fields = RuleValidation.Validate(draft).Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "kpi", "comparison", "threshold", "window_seconds", "slack_webhook_url", "email_to[0]" }, fields);
    }

    [Fact]
    public void ToRule_trims_and_keeps_the_rest()
    {
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var rule = RuleValidation.ToRule(Valid with { Name = "  Low  ", EmailTo = [" ops@example.com "], SlackWebhookUrl = "" }, id, "acme", now);
        Assert.Equal(("Low", "ops@example.com", (string?)null, id, "acme", now), (rule.Name, rule.EmailTo.Single(), rule.SlackWebhookUrl, rule.Id, rule.Tenant, rule.CreatedAt));
        Assert.Equal(TimeSpan.FromSeconds(300), rule.Window);
    }
}
