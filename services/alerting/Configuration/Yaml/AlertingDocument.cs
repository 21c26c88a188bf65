namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// The whole alerting configuration as one YAML document (import/export). Plain records mirroring the YAML: keys
/// are the snake_case property names, durations/windows/matchers/timestamps stay the strings the user wrote
/// (<see cref="Duration"/>, <see cref="WindowSyntax"/>, <c>LabelMatcher.Parse</c> read them), so an export writes back
/// what was imported. <see cref="AlertingDocumentValidation"/> checks it; a later step maps it onto domain types.
/// Reference: Configuration/Yaml/README.md.
/// </summary>
public sealed record AlertingDocument
{
    /// <summary>Who can be notified: people, Slack channels, email lists, webhooks. Referenced by name.</summary>
    public IReadOnlyList<RecipientConfig> Recipients { get; init; } = [];

    /// <summary>Escalation policies, referenced by name from routes.</summary>
    public IReadOnlyList<PolicyConfig> Policies { get; init; } = [];

    /// <summary>The root of the routing tree (Alertmanager's <c>route</c>).</summary>
    public RouteConfig? Routes { get; init; }

    public IReadOnlyList<InhibitRuleConfig> InhibitRules { get; init; } = [];

    public IReadOnlyList<SilenceConfig> Silences { get; init; } = [];

    public IReadOnlyList<RuleConfig> Rules { get; init; } = [];
}
