using System.Globalization;
using Suite.Alerting.Configuration.Yaml;

namespace Suite.Alerting.Configuration.Runtime;

/// <summary>A new document, or why the edit could not be made (nothing is applied then).</summary>
public sealed record ConfigEditResult(AlertingDocument? Document, IReadOnlyList<ConfigError> Errors)
{
    public static ConfigEditResult Ok(AlertingDocument document) => new(document, []);

    public static ConfigEditResult Failed(params ConfigError[] errors) => new(null, errors);
}

/// <summary>
/// Item-wise edits of a document: one recipient, policy, silence, rule or inhibit rule at a time, written as a YAML
/// fragment (the item alone, as it appears in the section's list), and the route tree as a whole. Items are named
/// by their <c>name</c>; inhibit rules have none, so they are named by their index ("0", "1", …). Pure: the caller
/// validates the whole resulting document (<see cref="ConfigCheck"/>) before storing it.
/// </summary>
public static class ConfigEdit
{
    public static IReadOnlyList<string> List(AlertingDocument doc, ConfigSection section) =>
        Items(doc, section).Select((item, i) => NameOf(item, i)).ToList();

    /// <summary>The item's position in its section, or -1.</summary>
    public static int IndexOf(AlertingDocument doc, ConfigSection section, string name) =>
        List(doc, section).ToList().IndexOf(name);

    /// <summary>The item as a YAML fragment, or null when there is none of that name.</summary>
    public static string? Get(AlertingDocument doc, ConfigSection section, string name)
    {
        var index = IndexOf(doc, section, name);
        return index < 0 ? null : AlertingYaml.WriteFragment(Items(doc, section)[index]);
    }

    /// <summary>Replaces the item called <paramref name="name"/>, or appends it. The fragment's own name must be <paramref name="name"/>.</summary>
    public static ConfigEditResult Put(AlertingDocument doc, ConfigSection section, string name, string fragment)
    {
        var items = Items(doc, section).ToList();
        var index = IndexOf(doc, section, name);
        if (index < 0)
        {
            index = items.Count;
            if (section == ConfigSection.InhibitRules && name != index.ToString(CultureInfo.InvariantCulture))
            {
                return ConfigEditResult.Failed(new ConfigError("name",
                    $"inhibit rules are named by their index: '{name}' is none of 0 to {items.Count - 1}, and {items.Count} adds one"));
            }
        }
        var itemPath = $"{section.Key()}[{index}]";
        var (item, errors) = ParseItem(section, fragment, itemPath);
        if (item is null)
        {
            return new ConfigEditResult(null, errors);
        }
        if (section != ConfigSection.InhibitRules && NameOf(item, index) != name)
        {
            return ConfigEditResult.Failed(new ConfigError(itemPath + ".name",
                $"'{NameOf(item, index)}' differs from the name in the request ('{name}')"));
        }
        if (index == items.Count)
        {
            items.Add(item);
        }
        else
        {
            items[index] = item;
        }
        return ConfigEditResult.Ok(With(doc, section, items));
    }

    /// <summary>
    /// Removes the item. A recipient or policy that something still refers to is not removed: each referrer is an
    /// error at its path, so the caller learns what to change first.
    /// </summary>
    public static ConfigEditResult Delete(AlertingDocument doc, ConfigSection section, string name)
    {
        var index = IndexOf(doc, section, name);
        if (index < 0)
        {
            throw new KeyNotFoundException($"{section.Key()} has no item '{name}'");
        }
        var referrers = section switch
        {
            ConfigSection.Recipients => RecipientReferrers(doc, name),
            ConfigSection.Policies => RouteReferrers(doc.Routes, "routes", r => r.Policy == name, ".policy"),
            _ => [],
        };
        if (referrers.Count > 0)
        {
            var what = section == ConfigSection.Recipients ? "recipient" : "policy";
            return new ConfigEditResult(null, referrers
                .Select(path => new ConfigError(path, $"still refers to {what} '{name}': change or remove this reference before deleting it"))
                .ToList());
        }
        var items = Items(doc, section).ToList();
        items.RemoveAt(index);
        return ConfigEditResult.Ok(With(doc, section, items));
    }

    /// <summary>Replaces the route tree; <paramref name="fragment"/> is the root route as it appears under <c>routes:</c>.</summary>
    public static ConfigEditResult SetRoutes(AlertingDocument doc, string fragment)
    {
        if (string.IsNullOrWhiteSpace(fragment))
        {
            return ConfigEditResult.Failed(new ConfigError("routes", "required: the root route"));
        }
        var wrapped = "routes:\n" + Indent(fragment, "  ", "  ");
        if (!AlertingYaml.TryParse(wrapped, out var parsed, out var errors))
        {
            return new ConfigEditResult(null, errors.Select(e => Unwrapped(e, "routes", "routes")).ToList());
        }
        return parsed!.Routes is null
            ? ConfigEditResult.Failed(new ConfigError("routes", "required: the root route"))
            : ConfigEditResult.Ok(doc with { Routes = parsed.Routes });
    }

    /// <summary>Items per section, as the summary reports them; "routes" counts every node of the tree.</summary>
    public static IReadOnlyDictionary<string, int> Counts(AlertingDocument doc)
    {
        var counts = ConfigSections.Keys.ToDictionary(k => k, k => 0, StringComparer.Ordinal);
        foreach (var key in ConfigSections.Keys)
        {
            ConfigSections.TryParse(key, out var section);
            counts[key] = Items(doc, section).Count;
        }
        counts["routes"] = CountRoutes(doc.Routes);
        return counts;
    }

    private static int CountRoutes(RouteConfig? route) =>
        route is null ? 0 : 1 + (route.Routes ?? []).Sum(CountRoutes);

    // The fragment is parsed inside a one-item document, so the reader's strict checks (unknown keys, shapes) and
    // paths apply unchanged; paths and positions are then moved back onto the item and the fragment's own text.
    private static (object? Item, IReadOnlyList<ConfigError> Errors) ParseItem(ConfigSection section, string fragment, string itemPath)
    {
        if (string.IsNullOrWhiteSpace(fragment))
        {
            return (null, [new ConfigError(itemPath, $"required: one item of {section.Key()}")]);
        }
        var key = section.Key();
        var wrapped = key + ":\n" + Indent(fragment, "- ", "  ");
        if (!AlertingYaml.TryParse(wrapped, out var parsed, out var errors))
        {
            return (null, errors.Select(e => Unwrapped(e, key + "[0]", itemPath)).ToList());
        }
        var items = Items(parsed!, section);
        return items.Count == 1 && items[0] is not null
            ? (items[0], [])
            : (null, [new ConfigError(itemPath, $"expected one item of {key}")]);
    }

    private static string Indent(string text, string first, string rest) =>
        string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select((line, i) => (i == 0 ? first : rest) + line));

    private static ConfigError Unwrapped(ConfigError error, string wrappedPrefix, string path)
    {
        var rebased = error.Path.StartsWith(wrappedPrefix, StringComparison.Ordinal)
            ? path + error.Path[wrappedPrefix.Length..]
            : error.Path.Length == 0 ? path : error.Path;
        // One line was added above the fragment and every line was indented by two columns.
        return error.Line is { } line && line > 1
            ? error with { Path = rebased, Line = line - 1, Column = Math.Max(1, (error.Column ?? 3) - 2) }
            : error with { Path = rebased, Line = null, Column = null };
    }

    private static List<string> RecipientReferrers(AlertingDocument doc, string name)
    {
        var paths = RouteReferrers(doc.Routes, "routes", r => r.Receiver == name, ".receiver");
        var policies = doc.Policies ?? [];
        for (var i = 0; i < policies.Count; i++)
        {
            var levels = policies[i].Levels ?? [];
            for (var j = 0; j < levels.Count; j++)
            {
                var targets = levels[j].Targets ?? [];
                for (var k = 0; k < targets.Count; k++)
                {
                    if (targets[k] == name)
                    {
                        paths.Add($"policies[{i}].levels[{j}].targets[{k}]");
                    }
                }
            }
        }
        return paths;
    }

    private static List<string> RouteReferrers(RouteConfig? route, string path, Func<RouteConfig, bool> refers, string field)
    {
        var paths = new List<string>();
        if (route is null)
        {
            return paths;
        }
        if (refers(route))
        {
            paths.Add(path + field);
        }
        var children = route.Routes ?? [];
        for (var i = 0; i < children.Count; i++)
        {
            paths.AddRange(RouteReferrers(children[i], $"{path}.routes[{i}]", refers, field));
        }
        return paths;
    }

    private static IReadOnlyList<object> Items(AlertingDocument doc, ConfigSection section) => section switch
    {
        ConfigSection.Recipients => [.. doc.Recipients ?? []],
        ConfigSection.Policies => [.. doc.Policies ?? []],
        ConfigSection.Silences => [.. doc.Silences ?? []],
        ConfigSection.Rules => [.. doc.Rules ?? []],
        ConfigSection.InhibitRules => [.. doc.InhibitRules ?? []],
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, null),
    };

    private static string NameOf(object item, int index) => item switch
    {
        RecipientConfig r => r.Name,
        PolicyConfig p => p.Name,
        SilenceConfig s => s.Name,
        RuleConfig r => r.Name,
        InhibitRuleConfig => index.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"not an item of a section: {item.GetType().Name}", nameof(item)),
    };

    private static AlertingDocument With(AlertingDocument doc, ConfigSection section, List<object> items) => section switch
    {
        ConfigSection.Recipients => doc with { Recipients = items.Cast<RecipientConfig>().ToList() },
        ConfigSection.Policies => doc with { Policies = items.Cast<PolicyConfig>().ToList() },
        ConfigSection.Silences => doc with { Silences = items.Cast<SilenceConfig>().ToList() },
        ConfigSection.Rules => doc with { Rules = items.Cast<RuleConfig>().ToList() },
        ConfigSection.InhibitRules => doc with { InhibitRules = items.Cast<InhibitRuleConfig>().ToList() },
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, null),
    };
}
