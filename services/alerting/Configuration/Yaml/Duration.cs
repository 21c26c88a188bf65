using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// Prometheus-style durations: whole numbers with units y (365 d), w, d, h, m, s, ms, largest unit first, each at
/// most once (<c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>1w</c>); <c>0</c> alone means zero. No signs and no fractions, so
/// a typo cannot turn into a surprising value.
/// </summary>
public static partial class Duration
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("y", TimeSpan.FromDays(365)),
        ("w", TimeSpan.FromDays(7)),
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    /// <summary>Parses a duration or throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static TimeSpan Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("empty duration (use e.g. 30s, 5m, 1h30m, 1w)");
        }
        var value = text.Trim();
        if (value == "0")
        {
            return TimeSpan.Zero;
        }
        if (value.StartsWith('-'))
        {
            throw new FormatException($"'{text}': negative durations are not allowed");
        }
        var match = Syntax().Match(value);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a duration (use e.g. 30s, 5m, 1h30m, 1w; units y w d h m s ms, largest first)");
        }
        var total = TimeSpan.Zero;
        try
        {
            foreach (var (unit, size) in Units)
            {
                var group = match.Groups[unit];
                if (group.Success)
                {
                    total = checked(total + TimeSpan.FromTicks(checked(size.Ticks * long.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture))));
                }
            }
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            throw new FormatException($"'{text}' is too long a duration", ex);
        }
        return total;
    }

    public static bool TryParse(string? text, out TimeSpan value)
    {
        try
        {
            value = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>The canonical text form (largest units first, zero parts left out, <c>0s</c> for zero), as Prometheus prints it.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "durations are not negative");
        }
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        var text = new StringBuilder();
        var rest = value.Ticks;
        foreach (var (unit, size) in Units)
        {
            var count = rest / size.Ticks;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                rest -= count * size.Ticks;
            }
        }
        if (rest > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "durations have millisecond precision");
        }
        return text.ToString();
    }

    [GeneratedRegex(@"^(?:(?<y>[0-9]+)y)?(?:(?<w>[0-9]+)w)?(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m(?!s))?(?:(?<s>[0-9]+)s)?(?:(?<ms>[0-9]+)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
