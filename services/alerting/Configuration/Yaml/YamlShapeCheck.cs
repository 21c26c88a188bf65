using System.Globalization;
using System.Reflection;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// Walks the YAML node tree alongside the document records before deserializing, so every problem the
/// deserializer would stop at (unknown key, a list where a mapping belongs, "abc" for a number, null for a required
/// value) is reported with its path and position — and all of them at once, not just the first.
/// </summary>
internal sealed class YamlShapeCheck
{
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<(long Line, long Column), string> _paths = [];
    private readonly NullabilityInfoContext _nullability = new();

    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>The path of the node starting at a position: turns a deserializer exception's mark into a path.</summary>
    public string PathAt(long line, long column) => _paths.TryGetValue((line, column), out var path) ? path : "";

    public void Check(YamlNode node, Type type, string path) => Visit(node, type, path, nullable: true);

    private void Visit(YamlNode node, Type type, string path, bool nullable)
    {
        _paths.TryAdd((node.Start.Line, node.Start.Column), path);
        if (IsNull(node))
        {
            if (!nullable)
            {
                Add(path, "a value is required here, not null", node);
            }
            return;
        }
        type = Nullable.GetUnderlyingType(type) ?? type;

        if (type == typeof(string))
        {
            Expect<YamlScalarNode>(node, path, "a text value");
        }
        else if (type == typeof(double) || type == typeof(int) || type == typeof(long))
        {
            if (Expect<YamlScalarNode>(node, path, "a number") is { } scalar && !IsNumber(scalar.Value!, type))
            {
                Add(path, type == typeof(double) ? $"'{scalar.Value}' is not a number" : $"'{scalar.Value}' is not a whole number", node);
            }
        }
        else if (type == typeof(bool))
        {
            if (Expect<YamlScalarNode>(node, path, "true or false") is { } scalar && scalar.Value is not ("true" or "false"))
            {
                Add(path, $"'{scalar.Value}' is not true or false", node);
            }
        }
        else if (ElementType(type, typeof(IReadOnlyDictionary<,>)) is { } valueType)
        {
            if (Expect<YamlMappingNode>(node, path, "a mapping of names to values") is { } mapping)
            {
                foreach (var (key, value) in mapping.Children)
                {
                    if (Expect<YamlScalarNode>(key, path, "a name as the key") is { } name)
                    {
                        Visit(value, valueType, path + "." + name.Value, nullable: false);
                    }
                }
            }
        }
        else if (ElementType(type, typeof(IReadOnlyList<>)) is { } itemType)
        {
            if (Expect<YamlSequenceNode>(node, path, "a list") is { } sequence)
            {
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Visit(sequence.Children[i], itemType, $"{path}[{i}]", nullable: false);
                }
            }
        }
        else if (Expect<YamlMappingNode>(node, path, "a mapping") is { } mapping)
        {
            VisitRecord(mapping, type, path);
        }
    }

    private void VisitRecord(YamlMappingNode mapping, Type type, string path)
    {
        var properties = Properties(type);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (Expect<YamlScalarNode>(keyNode, path, "a key name") is not { } key)
            {
                continue;
            }
            var keyPath = path.Length == 0 ? key.Value! : path + "." + key.Value;
            _paths.TryAdd((keyNode.Start.Line, keyNode.Start.Column), keyPath);
            if (!properties.TryGetValue(key.Value!, out var property))
            {
                Add(keyPath, UnknownKey(key.Value!, properties.Keys), keyNode);
                continue;
            }
            var nullable = _nullability.Create(property).WriteState != NullabilityState.NotNull;
            Visit(value, property.PropertyType, keyPath, nullable);
        }
    }

    /// <summary>The YAML keys of a record: its settable properties, snake_cased, minus [YamlIgnore].</summary>
    internal static Dictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
            .ToDictionary(p => UnderscoredNamingConvention.Instance.Apply(p.Name), StringComparer.Ordinal);

    private static string UnknownKey(string key, IEnumerable<string> known)
    {
        var closest = known
            .Select(k => (Key: k, Distance: EditDistance(key, k)))
            .Where(k => k.Distance <= Math.Max(1, key.Length / 3))
            .OrderBy(k => k.Distance)
            .FirstOrDefault();
        return closest.Key is null ? "unknown key" : $"unknown key, did you mean '{closest.Key}'?";
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) from one key to the other.</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }

    private static Type? ElementType(Type type, Type genericInterface)
    {
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != genericInterface)
        {
            return null;
        }
        return type.GetGenericArguments()[^1];
    }

    private T? Expect<T>(YamlNode node, string path, string what) where T : YamlNode
    {
        if (node is T typed)
        {
            return typed;
        }
        var actual = node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            _ => "a single value",
        };
        Add(path, $"expected {what}, found {actual}", node);
        return null;
    }

    private static bool IsNumber(string text, Type type) => type == typeof(double)
        ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
        : type == typeof(int)
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    /// <summary>An explicit YAML null: <c>~</c>, <c>null</c> or nothing, unquoted.</summary>
    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private void Add(string path, string message, YamlNode node) =>
        _errors.Add(new ConfigError(path, message, (int)node.Start.Line, (int)node.Start.Column));
}
