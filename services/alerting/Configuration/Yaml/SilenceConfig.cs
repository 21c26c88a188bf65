namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// Mutes alerts matching all <see cref="Matchers"/>: either one-off (<see cref="StartsAt"/>..<see cref="EndsAt"/>,
/// RFC 3339 timestamps with an offset) or recurring (<see cref="Windows"/> in <see cref="TimeZone"/>, optionally until
/// <see cref="ExpiresAt"/>).
/// </summary>
public sealed record SilenceConfig
{
    public string Name { get; init; } = "";

    public IReadOnlyList<string> Matchers { get; init; } = [];

    public string? StartsAt { get; init; }

    public string? EndsAt { get; init; }

    public string? TimeZone { get; init; }

    public IReadOnlyList<string> Windows { get; init; } = [];

    public string? ExpiresAt { get; init; }

    public string? CreatedBy { get; init; }

    public string? Comment { get; init; }
}
