using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Domain.Rules;

/// <summary>What a template can refer to: the rule's name, the firing value and the alert's labels.</summary>
public sealed record TemplateData(string Rule, double Value, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// Annotation templates (summary, description, runbook link). Placeholders, whitespace inside the braces optional:
/// <c>{{ $labels.team }}</c>, <c>{{ $rule }}</c>, <c>{{ $value }}</c> (shortest round-trip text) and
/// <c>{{ $value:F2 }}</c> (a .NET standard numeric format: F, N, E, G or P with 0–15 digits, or R; invariant
/// culture). Non-finite values print as +Inf, -Inf, NaN. No pipes, no escapes: every <c>{{ … }}</c> is a placeholder.
/// Mistakes are found by <see cref="Validate"/> when the rule is saved; <see cref="Render"/> never throws and leaves
/// what it cannot read as written.
/// </summary>
public static partial class AnnotationTemplate
{
    public static IReadOnlyList<string> Validate(string template, IReadOnlySet<string>? knownLabels = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = new List<string>();
        foreach (var token in Tokenize(template))
        {
            switch (token)
            {
                case Token.Bad bad:
                    errors.Add(bad.Error);
                    break;
                case Token.Label label when knownLabels is not null && !knownLabels.Contains(label.Name):
                    errors.Add($"{label.Raw}: the rule has no label '{label.Name}'");
                    break;
            }
        }
        return errors;
    }

    /// <summary>Validates each annotation; the field is <c>annotations.&lt;name&gt;</c>.</summary>
    public static IReadOnlyList<FieldViolation> Validate(
        IReadOnlyDictionary<string, string> annotations, IReadOnlySet<string>? knownLabels = null)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        return annotations
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .SelectMany(a => Validate(a.Value, knownLabels).Select(e => new FieldViolation($"annotations.{a.Key}", e)))
            .ToList();
    }

    /// <summary>A missing label renders as "" (as Prometheus); an invalid placeholder is copied verbatim.</summary>
    public static string Render(string template, TemplateData data)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(data);
        var text = new StringBuilder(template.Length);
        foreach (var token in Tokenize(template))
        {
            text.Append(token switch
            {
                Token.Literal l => l.Text,
                Token.Rule => data.Rule,
                Token.Label l => data.Labels.TryGetValue(l.Name, out var v) ? v : "",
                Token.Value { Format: null } => NumberText.RoundTrip(data.Value),
                Token.Value v => NumberText.NonFinite(data.Value) ?? data.Value.ToString(v.Format, CultureInfo.InvariantCulture),
                Token.Bad b => b.Raw,
                _ => "",
            });
        }
        return text.ToString();
    }

    private abstract record Token
    {
        public sealed record Literal(string Text) : Token;
        public sealed record Rule : Token;
        public sealed record Label(string Name, string Raw) : Token;
        public sealed record Value(string? Format) : Token;
        public sealed record Bad(string Raw, string Error) : Token;
    }

    private static IEnumerable<Token> Tokenize(string template)
    {
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                yield return new Token.Literal(template[at..]);
                yield break;
            }
            if (open > at)
            {
                yield return new Token.Literal(template[at..open]);
            }
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                yield return new Token.Bad(template[open..], $"'{{{{' at position {open} is not closed with '}}}}'");
                yield break;
            }
            var raw = template[open..(close + 2)];
            yield return Parse(raw, template[(open + 2)..close].Trim());
            at = close + 2;
        }
    }

    private static Token Parse(string raw, string inner)
    {
        if (inner == "$rule")
        {
            return new Token.Rule();
        }
        if (inner == "$value")
        {
            return new Token.Value(null);
        }
        if (inner.StartsWith("$value:", StringComparison.Ordinal))
        {
            var format = inner["$value:".Length..].Trim();
            return ValueFormat().IsMatch(format)
                ? new Token.Value(format)
                : new Token.Bad(raw, $"{raw}: '{format}' is not a number format (F, N, E, G or P with 0–15 digits, or R; e.g. $value:F2)");
        }
        if (inner.StartsWith("$labels.", StringComparison.Ordinal))
        {
            var name = inner["$labels.".Length..];
            return LabelName().IsMatch(name)
                ? new Token.Label(name, raw)
                : new Token.Bad(raw, $"{raw}: '{name}' is not a label name");
        }
        if (inner.Contains('|', StringComparison.Ordinal))
        {
            return new Token.Bad(raw, $"{raw}: pipes are not supported; format a value as {{{{ $value:F2 }}}}");
        }
        return new Token.Bad(raw, $"{raw}: unknown placeholder (use $labels.<name>, $value, $value:<format> or $rule)");
    }

    [GeneratedRegex(@"^(?:[FfNnEeGgPp](?:[0-9]|1[0-5])?|[Rr])$", RegexOptions.CultureInvariant)]
    private static partial Regex ValueFormat();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    internal static partial Regex LabelName();
}
