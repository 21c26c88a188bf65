namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// An escalation policy: levels fire in order, each <see cref="LevelConfig.Delay"/> after the previous one (level 0's
/// delay counts from the alert start) until someone acknowledges; after the last level it starts over from level 0
/// up to <see cref="Repeat"/> more times. An acknowledgement not followed by a resolve within <see cref="AckTimeout"/>
/// re-opens the escalation.
/// </summary>
public sealed record PolicyConfig
{
    public string Name { get; init; } = "";

    public IReadOnlyList<LevelConfig> Levels { get; init; } = [];

    public int Repeat { get; init; }

    public string? AckTimeout { get; init; }
}

public sealed record LevelConfig
{
    public string Delay { get; init; } = "";

    /// <summary>Recipient names (people, Slack channels, email lists are all recipients).</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];
}
