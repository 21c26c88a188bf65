namespace Suite.Alerting.Configuration.Yaml;

public static partial class AlertingDocumentValidation
{
    public const int MaxRuleNameLength = 200;
    public static readonly IReadOnlyList<string> EventTypes = ["threat_detected", "churn_risk_critical", "health_score_below_40"];
    public static readonly IReadOnlyList<string> ThreatActions = ["require_mfa", "require_password_reset", "lock_account"];
    public static readonly IReadOnlyList<string> AnomalyMethods = ["zscore", "cusum", "tukey"];

    private static void Rules(Checker check, IReadOnlyList<RuleConfig> rules)
    {
        // Rule names are alert names (free text), so only required and unique, not reference syntax.
        check.UniqueNames(rules.Select(r => r.Name).ToList(), "rules", referenceSyntax: false);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var path = $"rules[{i}]";
            if (rule.Name is { Length: > MaxRuleNameLength })
            {
                check.Add(path + ".name", $"must be at most {MaxRuleNameLength} characters");
            }
            if (string.IsNullOrWhiteSpace(rule.Severity))
            {
                check.Add(path + ".severity", "required");
            }
            else if (!Severities.Contains(rule.Severity))
            {
                check.Add(path + ".severity", $"'{rule.Severity}' is not a severity (info, warning, critical)");
            }
            LabelMap(check, path + ".labels", rule.Labels, reserved: true);
            LabelMap(check, path + ".annotations", rule.Annotations, reserved: false);

            var kinds = rule.Kinds;
            if (kinds.Count == 0)
            {
                check.Add(path, "needs one condition: threshold, change, anomaly, target, absence or event");
                continue;
            }
            if (kinds.Count > 1)
            {
                check.Add(path, $"has several conditions ({string.Join(", ", kinds)}); a rule has exactly one");
                continue;
            }
            if (rule.Event is null && string.IsNullOrWhiteSpace(rule.Kpi))
            {
                check.Add(path + ".kpi", $"required for a {kinds[0]} rule");
            }
            if (rule.Event is not null && rule.Kpi is not null)
            {
                check.Add(path + ".kpi", "not used by event rules");
            }
            if (rule.Event is not null && (rule.Filters ?? new Dictionary<string, string>()).Count > 0)
            {
                check.Add(path + ".filters", "not used by event rules");
            }
            foreach (var key in (rule.Filters ?? new Dictionary<string, string>()).Keys.Where(string.IsNullOrWhiteSpace))
            {
                check.Add(path + ".filters", "filter names must not be empty");
            }

            if (rule.Threshold is { } threshold)
            {
                Threshold(check, path + ".threshold", threshold);
            }
            else if (rule.Change is { } change)
            {
                Change(check, path + ".change", change);
            }
            else if (rule.Anomaly is { } anomaly)
            {
                Anomaly(check, path + ".anomaly", anomaly);
            }
            else if (rule.Target is { } target)
            {
                Target(check, path + ".target", target);
            }
            else if (rule.Absence is { } absence)
            {
                check.ParseDuration(path + ".absence.for", absence.For, required: true, allowZero: false);
            }
            else if (rule.Event is { } trigger)
            {
                Event(check, path + ".event", trigger);
            }
        }
    }

    private static void LabelMap(Checker check, string path, IReadOnlyDictionary<string, string>? labels, bool reserved)
    {
        foreach (var name in (labels ?? new Dictionary<string, string>()).Keys)
        {
            if (!LabelName().IsMatch(name))
            {
                check.Add($"{path}.{name}", $"'{name}' is not a label name");
            }
            else if (reserved && name is "alertname" or "severity")
            {
                check.Add($"{path}.{name}", name == "alertname" ? "set from the rule's name" : "set from the rule's severity");
            }
        }
    }

    private static void Threshold(Checker check, string path, ThresholdConfig threshold)
    {
        if (threshold.Op is not ("above" or "below"))
        {
            check.Add(path + ".op", $"'{threshold.Op}' must be above or below");
        }
        if (threshold.Value is null)
        {
            check.Add(path + ".value", "required");
        }
        check.ParseDuration(path + ".for", threshold.For, required: false, allowZero: true);
        check.ParseDuration(path + ".window", threshold.Window, required: false, allowZero: false);
        if (threshold.MinSamples < 0)
        {
            check.Add(path + ".min_samples", "must not be negative");
        }
    }

    private static void Change(Checker check, string path, ChangeConfig change)
    {
        if (change.Direction is not ("decline" or "increase"))
        {
            check.Add(path + ".direction", $"'{change.Direction}' must be decline or increase");
        }
        Percent(check, path + ".percent", change.Percent);
        check.ParseDuration(path + ".period", change.Period, required: true, allowZero: false);
    }

    private static void Anomaly(Checker check, string path, AnomalyConfig anomaly)
    {
        var method = anomaly.Method;
        if (!AnomalyMethods.Contains(method))
        {
            check.Add(path + ".method", $"'{method}' must be zscore, cusum or tukey");
            return;
        }
        if (anomaly.Window < 2)
        {
            check.Add(path + ".window", "must be at least 2 points");
        }
        check.ParseDuration(path + ".step", anomaly.Step, required: false, allowZero: false);
        if (method is "zscore" or "cusum")
        {
            Positive(check, path + ".k", anomaly.K, required: true);
        }
        else if (anomaly.K is not null)
        {
            check.Add(path + ".k", "only for zscore and cusum");
        }
        if (method == "cusum")
        {
            Positive(check, path + ".h", anomaly.H, required: false);
        }
        else if (anomaly.H is not null)
        {
            check.Add(path + ".h", "only for cusum");
        }
        if (method == "tukey")
        {
            if (anomaly.Fence is { } fence && fence is not (1.5 or 3.0))
            {
                check.Add(path + ".fence", "must be 1.5 (outlier) or 3.0 (far out)");
            }
        }
        else if (anomaly.Fence is not null)
        {
            check.Add(path + ".fence", "only for tukey");
        }
    }

    private static void Target(Checker check, string path, TargetConfig target)
    {
        if (target.Value is null)
        {
            check.Add(path + ".value", "required");
        }
        Percent(check, path + ".percent_below", target.PercentBelow);
        check.ParseDuration(path + ".window", target.Window, required: false, allowZero: false);
    }

    private static void Event(Checker check, string path, EventConfig trigger)
    {
        if (!EventTypes.Contains(trigger.Type))
        {
            check.Add(path + ".type", $"'{trigger.Type}' must be threat_detected, churn_risk_critical or health_score_below_40");
        }
        if (trigger.MinAction is { } action)
        {
            if (trigger.Type != "threat_detected")
            {
                check.Add(path + ".min_action", "only for threat_detected");
            }
            else if (!ThreatActions.Contains(action))
            {
                check.Add(path + ".min_action", $"'{action}' must be require_mfa, require_password_reset or lock_account");
            }
        }
    }

    private static void Percent(Checker check, string path, double? percent)
    {
        if (percent is null)
        {
            check.Add(path, "required");
        }
        else if (percent is not (> 0 and <= 100))
        {
            check.Add(path, "must be greater than 0 and at most 100");
        }
    }

    private static void Positive(Checker check, string path, double? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                check.Add(path, "required");
            }
        }
        else if (value <= 0)
        {
            check.Add(path, "must be greater than zero");
        }
    }
}
