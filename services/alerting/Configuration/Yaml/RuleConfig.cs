using YamlDotNet.Serialization;

namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// An alerting rule. Its kind is the one condition section it has: <see cref="Threshold"/>, <see cref="Change"/>,
/// <see cref="Anomaly"/>, <see cref="Target"/>, <see cref="Absence"/> or <see cref="Event"/>. Every kind but event
/// reads the KPI <see cref="Kpi"/> (with <see cref="Filters"/>). The alert's labels are <see cref="Labels"/> plus
/// <c>alertname</c> (= <see cref="Name"/>) and <c>severity</c>, which is why those two may not be set in labels.
/// </summary>
public sealed record RuleConfig
{
    public string Name { get; init; } = "";

    /// <summary>info, warning or critical.</summary>
    public string Severity { get; init; } = "";

    public string? Kpi { get; init; }

    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>summary, description, runbook_url …; may use templates (checked when the rule is mapped).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public ThresholdConfig? Threshold { get; init; }

    public ChangeConfig? Change { get; init; }

    public AnomalyConfig? Anomaly { get; init; }

    public TargetConfig? Target { get; init; }

    public AbsenceConfig? Absence { get; init; }

    public EventConfig? Event { get; init; }

    /// <summary>The names of the condition sections present (exactly one in a valid rule).</summary>
    [YamlIgnore]
    public IReadOnlyList<string> Kinds =>
        new (string Kind, object? Section)[]
        {
            ("threshold", Threshold), ("change", Change), ("anomaly", Anomaly),
            ("target", Target), ("absence", Absence), ("event", Event),
        }.Where(k => k.Section is not null).Select(k => k.Kind).ToList();
}

/// <summary>The KPI aggregated over <see cref="Window"/> is above/below <see cref="Value"/>; fires once that held for <see cref="For"/>.</summary>
public sealed record ThresholdConfig
{
    public const string DefaultFor = "0s";
    public const string DefaultWindow = "5m";

    /// <summary>above or below.</summary>
    public string Op { get; init; } = "";

    public double? Value { get; init; }

    /// <summary>How long the condition must hold before firing (pending until then); default 0s.</summary>
    public string? For { get; init; }

    /// <summary>The KPI aggregation window; default 5m.</summary>
    public string? Window { get; init; }

    /// <summary>Fewer samples than this in the window keep the current state; default 0.</summary>
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public long MinSamples { get; init; }
}

/// <summary>The KPI over the last <see cref="Period"/> vs the period before: fires on a decline/increase of at least <see cref="Percent"/> %.</summary>
public sealed record ChangeConfig
{
    /// <summary>decline or increase.</summary>
    public string Direction { get; init; } = "";

    public double? Percent { get; init; }

    /// <summary>Length of each period (30d for month-over-month).</summary>
    public string Period { get; init; } = "";
}

/// <summary>A statistical outlier among the last <see cref="Window"/> points spaced <see cref="Step"/> apart.</summary>
public sealed record AnomalyConfig
{
    public const string DefaultStep = "1h";
    public const double DefaultFence = 1.5;

    /// <summary>cusum's alarm level when <see cref="H"/> is unset: h = 5k.</summary>
    public const double DefaultHPerK = 5;

    /// <summary>zscore, cusum or tukey.</summary>
    public string Method { get; init; } = "";

    /// <summary>Points in the rolling (zscore, tukey) or baseline (cusum) window; at least 2.</summary>
    public int Window { get; init; }

    /// <summary>Point spacing; default 1h.</summary>
    public string? Step { get; init; }

    /// <summary>zscore: |z| threshold; cusum: tolerance (slack). Required for both, not used by tukey.</summary>
    public double? K { get; init; }

    /// <summary>cusum only: alarm level; default 5k.</summary>
    public double? H { get; init; }

    /// <summary>tukey only: 1.5 (outlier, default) or 3.0 (far out).</summary>
    public double? Fence { get; init; }
}

/// <summary>The KPI over <see cref="Window"/> is more than <see cref="PercentBelow"/> % below <see cref="Value"/>.</summary>
public sealed record TargetConfig
{
    public const string DefaultWindow = "1d";

    public double? Value { get; init; }

    public double? PercentBelow { get; init; }

    /// <summary>Default 1d.</summary>
    public string? Window { get; init; }
}

/// <summary>No KPI data newer than <see cref="For"/> (a metric went silent, a nightly ETL did not run).</summary>
public sealed record AbsenceConfig
{
    public string For { get; init; } = "";
}

/// <summary>Fires on a domain event rather than a KPI.</summary>
public sealed record EventConfig
{
    public const string DefaultMinAction = "require_mfa";

    /// <summary>threat_detected, churn_risk_critical or health_score_below_40.</summary>
    public string Type { get; init; } = "";

    /// <summary>threat_detected only: the weakest action that fires (require_mfa default, require_password_reset, lock_account).</summary>
    public string? MinAction { get; init; }
}
