using YamlDotNet.Serialization;

namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// One node of the Alertmanager-style routing tree. Unset settings are inherited from the parent; the root must set
/// <see cref="Receiver"/> and its unset timings take Alertmanager's defaults (<see cref="Defaults"/>).
/// </summary>
public sealed record RouteConfig
{
    /// <summary>Label matchers (<c>severity="critical"</c>, <c>team=~"ops|eng"</c>); all must match. None on the root.</summary>
    public IReadOnlyList<string> Matchers { get; init; } = [];

    public string? Receiver { get; init; }

    /// <summary>Name of the escalation policy for alerts routed here; inherited when unset.</summary>
    public string? Policy { get; init; }

    /// <summary>Label names forming the group key; <c>...</c> alone groups by all labels. Inherited when empty.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public string? GroupWait { get; init; }

    public string? GroupInterval { get; init; }

    public string? RepeatInterval { get; init; }

    /// <summary>Keep looking at later siblings after this route matched.</summary>
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public bool Continue { get; init; }

    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    /// <summary>Alertmanager's defaults for the root route.</summary>
    public static class Defaults
    {
        public const string GroupWait = "30s";
        public const string GroupInterval = "5m";
        public const string RepeatInterval = "4h";
    }
}
