using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Rules;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class RuleConditionValidationTests
{
    public static TheoryData<RuleCondition, string> Invalid => new()
    {
        { new ThresholdCondition(Comparison.Above, double.NaN, TimeSpan.Zero), "threshold" },
        { new ThresholdCondition(Comparison.Above, 1, TimeSpan.FromSeconds(-1)), "for" },
        { new ThresholdCondition((Comparison)7, 1, TimeSpan.Zero), "comparison" },
        { new ChangeCondition(TimeSpan.Zero, ChangeDirection.Decline, 15), "period" },
        { new ChangeCondition(TimeSpan.FromDays(30), ChangeDirection.Decline, 0), "percent" },
        { new ChangeCondition(TimeSpan.FromDays(30), ChangeDirection.Decline, 100.5), "percent" },
        { new ChangeCondition(TimeSpan.FromDays(30), ChangeDirection.Increase, -1), "percent" },
        { new ChangeCondition(TimeSpan.FromDays(30), (ChangeDirection)9, 10), "direction" },
        { new ChangeCondition(TimeSpan.FromDays(30), ChangeDirection.Decline, 10, (PeriodAggregate)9), "aggregate" },
        { new ZScoreCondition(1, 3), "window" },
        { new ZScoreCondition(30, 0), "k" },
        { new ZScoreCondition(30, double.PositiveInfinity), "k" },
        { new ZScoreCondition(30, 3, (Deviation)5), "deviation" },
        { new CusumCondition(1, 0.5), "baseline_window" },
        { new CusumCondition(30, -0.5), "k" },
        { new CusumCondition(30, 0.5, 0), "h" },
        { new TukeyCondition(1), "window" },
        { new TukeyCondition(20_000), "window" },
        { new TukeyCondition(30, 0), "factor" },
        { new TargetCondition(double.NaN, 10), "target" },
        { new TargetCondition(100, 0), "percent_below" },
        { new TargetCondition(100, 101), "percent_below" },
        { new AbsenceCondition(TimeSpan.Zero), "for" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Names_the_bad_field(RuleCondition condition, string field) =>
        Assert.Equal([field], RuleConditionValidation.Validate(condition).Select(v => v.Field));

    public static TheoryData<RuleCondition> Valid => new()
    {
        new ThresholdCondition(Comparison.Below, -3, TimeSpan.Zero),
        new ChangeCondition(TimeSpan.FromDays(30), ChangeDirection.Decline, 100),
        new ChangeCondition(TimeSpan.FromDays(30), ChangeDirection.Increase, 250),   // an increase may exceed 100 %
        new ZScoreCondition(2, 0.01),
        new CusumCondition(2, 0.5),
        new CusumCondition(2, 0.5, 4),
        new TukeyCondition(2, TukeyCondition.FarOut),
        new TargetCondition(0, 100),
        new AbsenceCondition(TimeSpan.FromHours(26)),
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Accepts_good_conditions(RuleCondition condition) => Assert.Empty(RuleConditionValidation.Validate(condition));

    [Fact]
    public void Reports_every_bad_field_with_its_limit()
    {
        var violations = RuleConditionValidation.Validate(new CusumCondition(0, 0, -1));
        Assert.Equal(
            [
                ("baseline_window", "baseline_window must be between 2 and 10000 points"),
                ("k", "k must be a finite number above 0"),
                ("h", "h must be a finite number above 0"),
            ],
            violations.Select(v => (v.Field, v.Description)));
    }

    [Theory]
    [InlineData("minimum_action")]
    [InlineData("minimum_level")]
    [InlineData("threshold")]
    public void Event_triggers_name_the_bad_field(string field)
    {
        EventTrigger trigger = field switch
        {
            "minimum_action" => new ThreatDetectedTrigger("panic"),
            "minimum_level" => new ChurnRiskChangedTrigger("severe"),
            _ => new HealthScoreCrossedTrigger(double.NaN),
        };
        Assert.Equal([field], RuleConditionValidation.Validate(trigger).Select(v => v.Field));
    }

    [Fact]
    public void Default_event_triggers_are_valid()
    {
        Assert.Empty(RuleConditionValidation.Validate(new ThreatDetectedTrigger()));
        Assert.Empty(RuleConditionValidation.Validate(new ChurnRiskChangedTrigger()));
        Assert.Empty(RuleConditionValidation.Validate(new HealthScoreCrossedTrigger()));
    }
}
