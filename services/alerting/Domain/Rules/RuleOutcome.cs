namespace Suite.Alerting.Domain.Rules;

/// <summary>
/// The result of one evaluation and the memory to persist for the next. <c>Value</c> of <see cref="Firing"/> is the
/// number the condition compared with its bound (Prometheus' <c>$value</c>): see Rules/README.md for each kind.
/// </summary>
public abstract record RuleOutcome(RuleMemory Memory)
{
    public sealed record Inactive(RuleMemory Memory) : RuleOutcome(Memory);

    /// <summary>The condition holds but has not held for the rule's <c>For</c> yet.</summary>
    public sealed record Pending(DateTimeOffset Since, RuleMemory Memory) : RuleOutcome(Memory);

    public sealed record Firing(double Value, string Reason, RuleMemory Memory) : RuleOutcome(Memory);

    /// <summary>Too little data to decide; the memory is returned unchanged, the caller keeps the alert's state.</summary>
    public sealed record NoData(string Reason, RuleMemory Memory) : RuleOutcome(Memory);
}
