namespace Suite.Alerting.Configuration.Runtime;

/// <summary>The named lists of a document that can be edited one item at a time (routes are edited as a whole tree).</summary>
public enum ConfigSection
{
    Recipients,
    Policies,
    Silences,
    Rules,
    InhibitRules,
}

public static class ConfigSections
{
    private static readonly Dictionary<string, ConfigSection> ByKey = new(StringComparer.Ordinal)
    {
        ["recipients"] = ConfigSection.Recipients,
        ["policies"] = ConfigSection.Policies,
        ["silences"] = ConfigSection.Silences,
        ["rules"] = ConfigSection.Rules,
        ["inhibit_rules"] = ConfigSection.InhibitRules,
    };

    /// <summary>The keys as the document spells them.</summary>
    public static IReadOnlyCollection<string> Keys => ByKey.Keys;

    public static bool TryParse(string? key, out ConfigSection section) => ByKey.TryGetValue(key ?? "", out section);

    /// <summary>The document's key for the section (<c>inhibit_rules</c>).</summary>
    public static string Key(this ConfigSection section) => ByKey.First(kv => kv.Value == section).Key;
}
