namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// One problem in an alerting document. <see cref="Path"/> names the field the way the YAML spells it
/// (<c>routes.routes[2].receiver</c>); parse errors also carry the 1-based line and column of the node.
/// </summary>
public sealed record ConfigError(string Path, string Message, int? Line = null, int? Column = null)
{
    public override string ToString()
    {
        var where = Line is { } line ? $" (line {line}, column {Column})" : "";
        return Path.Length == 0 ? Message + where : $"{Path}: {Message}{where}";
    }
}
