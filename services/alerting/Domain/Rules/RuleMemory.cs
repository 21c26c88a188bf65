namespace Suite.Alerting.Domain.Rules;

/// <summary>
/// The small per-rule state persisted between evaluations (one row/JSON blob per rule). Each kind uses only its
/// fields; the rest stay at their defaults. Drop it when the rule's condition changes.
/// </summary>
public sealed record RuleMemory
{
    public static RuleMemory Empty { get; } = new();

    /// <summary>Threshold: when the condition started to hold (evaluation time), null while it does not.</summary>
    public DateTimeOffset? PendingSince { get; init; }

    /// <summary>CUSUM: upper sum C⁺ (standardized units).</summary>
    public double CusumUpper { get; init; }

    /// <summary>CUSUM: lower sum C⁻ (standardized units).</summary>
    public double CusumLower { get; init; }

    /// <summary>CUSUM: baseline mean μ, frozen once learned.</summary>
    public double? BaselineMean { get; init; }

    /// <summary>CUSUM: baseline standard deviation σ (&gt; 0), frozen once learned.</summary>
    public double? BaselineStdDev { get; init; }

    /// <summary>CUSUM: timestamp of the last point folded into the sums; later evaluations fold only newer points.</summary>
    public DateTimeOffset? LastPointAt { get; init; }
}
