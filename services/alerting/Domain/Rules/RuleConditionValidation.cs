using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Domain.Rules;

/// <summary>
/// Checks a condition at rule save time; field names are snake_case like <see cref="RuleValidation"/>'s so an API can
/// point at the input. The evaluator assumes a condition that passed.
/// </summary>
public static class RuleConditionValidation
{
    public const int MinWindowPoints = 2;
    public const int MaxWindowPoints = 10_000;

    public static IReadOnlyList<FieldViolation> Validate(RuleCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var violations = new List<FieldViolation>();
        void Add(string field, string description) => violations.Add(new FieldViolation(field, description));

        void Finite(string field, double value)
        {
            if (!double.IsFinite(value))
            {
                Add(field, $"{field} must be a finite number");
            }
        }
        void Positive(string field, double value)
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                Add(field, $"{field} must be a finite number above 0");
            }
        }
        void Percent(string field, double value)
        {
            if (!(value > 0 && value <= 100))
            {
                Add(field, $"{field} must be in (0, 100]");
            }
        }
        void Window(string field, int points)
        {
            if (points is < MinWindowPoints or > MaxWindowPoints)
            {
                Add(field, $"{field} must be between {MinWindowPoints} and {MaxWindowPoints} points");
            }
        }
        void Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                Add(field, $"{field} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}");
            }
        }

        switch (condition)
        {
            case ThresholdCondition c:
                Defined("comparison", c.Comparison);
                Finite("threshold", c.Threshold);
                if (c.For < TimeSpan.Zero)
                {
                    Add("for", "for must not be negative");
                }
                break;
            case ChangeCondition c:
                if (c.Period <= TimeSpan.Zero)
                {
                    Add("period", "period must be above 0");
                }
                Defined("direction", c.Direction);
                Defined("aggregate", c.Aggregate);
                // A decline beyond 100 % cannot happen to a non-negative KPI; an increase can (tripling is +200 %).
                if (c.Direction == ChangeDirection.Increase)
                {
                    Positive("percent", c.Percent);
                }
                else
                {
                    Percent("percent", c.Percent);
                }
                break;
            case ZScoreCondition c:
                Window("window", c.Window);
                Positive("k", c.K);
                Defined("deviation", c.Deviation);
                break;
            case CusumCondition c:
                Window("baseline_window", c.BaselineWindow);
                Positive("k", c.K);
                if (c.H is { } h)
                {
                    Positive("h", h);
                }
                Defined("deviation", c.Deviation);
                break;
            case TukeyCondition c:
                Window("window", c.Window);
                Positive("factor", c.Factor);
                Defined("deviation", c.Deviation);
                break;
            case TargetCondition c:
                Finite("target", c.Target);
                Percent("percent_below", c.PercentBelow);
                break;
            case AbsenceCondition c:
                if (c.For <= TimeSpan.Zero)
                {
                    Add("for", "for must be above 0");
                }
                break;
            default:
                Add("condition", $"unknown rule condition {condition.GetType().Name}");
                break;
        }
        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(EventTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return trigger switch
        {
            ThreatDetectedTrigger t when ThreatDetectedTrigger.Rank(ThreatDetectedTrigger.Actions, t.MinimumAction) < 0 =>
                [new FieldViolation("minimum_action", $"minimum_action must be one of {string.Join(", ", ThreatDetectedTrigger.Actions)}")],
            ChurnRiskChangedTrigger t when ThreatDetectedTrigger.Rank(ChurnRiskChangedTrigger.Levels, t.MinimumLevel) < 0 =>
                [new FieldViolation("minimum_level", $"minimum_level must be one of {string.Join(", ", ChurnRiskChangedTrigger.Levels)}")],
            HealthScoreCrossedTrigger t when !double.IsFinite(t.Threshold) =>
                [new FieldViolation("threshold", "threshold must be a finite number")],
            ThreatDetectedTrigger or ChurnRiskChangedTrigger or HealthScoreCrossedTrigger => [],
            _ => [new FieldViolation("trigger", $"unknown event trigger {trigger.GetType().Name}")],
        };
    }
}
