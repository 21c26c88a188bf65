using System.Text.RegularExpressions;

namespace Suite.Alerting.Domain.Labels;

public enum MatchOperator
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// <summary>
/// One label matcher with Alertmanager's semantics: <c>name=value</c>, <c>name!=value</c>, <c>name=~regex</c>,
/// <c>name!~regex</c>; regexes are anchored (must match the whole value) and a missing label reads as "".
/// </summary>
public sealed record LabelMatcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private readonly Regex? _regex;

    public LabelMatcher(string name, MatchOperator op, string value)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("a matcher needs a label name", nameof(name));
        }
        Name = name;
        Operator = op;
        Value = value;
        if (op is MatchOperator.Regex or MatchOperator.NotRegex)
        {
            // Throws ArgumentException for a bad pattern: callers validating config report it with the field.
            _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant, RegexTimeout);
        }
    }

    public string Name { get; }
    public MatchOperator Operator { get; }
    public string Value { get; }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var actual = labels.TryGetValue(Name, out var v) ? v : "";
        return Operator switch
        {
            MatchOperator.Equal => actual == Value,
            MatchOperator.NotEqual => actual != Value,
            MatchOperator.Regex => _regex!.IsMatch(actual),
            MatchOperator.NotRegex => !_regex!.IsMatch(actual),
            _ => throw new ArgumentOutOfRangeException(nameof(Operator), Operator, null),
        };
    }

    /// <summary>All matchers match (an empty list matches everything).</summary>
    public static bool All(IEnumerable<LabelMatcher> matchers, IReadOnlyDictionary<string, string> labels) =>
        matchers.All(m => m.Matches(labels));

    /// <summary>Parses <c>name=value</c>, <c>name!=value</c>, <c>name=~re</c> or <c>name!~re</c> (value may be quoted).</summary>
    public static LabelMatcher Parse(string text)
    {
        var match = Syntax.Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a matcher (name=value, name!=value, name=~regex, name!~regex)");
        }
        var op = match.Groups["op"].Value switch
        {
            "=" => MatchOperator.Equal,
            "!=" => MatchOperator.NotEqual,
            "=~" => MatchOperator.Regex,
            _ => MatchOperator.NotRegex,
        };
        var value = match.Groups["value"].Value.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }
        try
        {
            return new LabelMatcher(match.Groups["name"].Value, op, value);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"'{text}': invalid regular expression ({ex.Message})", ex);
        }
    }

    public override string ToString() => Name + Operator switch
    {
        MatchOperator.Equal => "=",
        MatchOperator.NotEqual => "!=",
        MatchOperator.Regex => "=~",
        _ => "!~",
    } + "\"" + Value + "\"";

    private static readonly Regex Syntax = new(@"^\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*(?<value>.*?)\s*$", RegexOptions.CultureInvariant);
}
