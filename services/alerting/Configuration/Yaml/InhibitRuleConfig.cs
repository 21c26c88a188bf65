namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// While an alert matching <see cref="SourceMatchers"/> fires, alerts matching <see cref="TargetMatchers"/> with the
/// same values for the <see cref="Equal"/> labels are muted (Alertmanager's inhibit_rules).
/// </summary>
public sealed record InhibitRuleConfig
{
    public IReadOnlyList<string> SourceMatchers { get; init; } = [];

    public IReadOnlyList<string> TargetMatchers { get; init; } = [];

    public IReadOnlyList<string> Equal { get; init; } = [];
}
