using System.Globalization;
using System.Text;

namespace Suite.Alerting.Domain.Rules;

/// <summary>Culture-free text for numbers and durations in reasons and templates (a server locale must not leak in).</summary>
internal static class NumberText
{
    /// <summary>Up to three decimals; non-finite values as Prometheus prints them (+Inf, -Inf, NaN).</summary>
    public static string Of(double value) => NonFinite(value) ?? value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The shortest text that round-trips, or +Inf/-Inf/NaN.</summary>
    public static string RoundTrip(double value) => NonFinite(value) ?? value.ToString("R", CultureInfo.InvariantCulture);

    public static string? NonFinite(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : null;

    /// <summary>Prometheus-style duration: 1d2h, 15m, 90s → 1m30s, 0s.</summary>
    public static string Of(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }
        var text = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            text.Append('-');
            duration = duration.Duration();
        }
        void Part(int amount, string unit)
        {
            if (amount > 0)
            {
                text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
        Part(duration.Days, "d");
        Part(duration.Hours, "h");
        Part(duration.Minutes, "m");
        Part(duration.Seconds, "s");
        Part(duration.Milliseconds, "ms");
        return text.ToString();
    }
}
