using System.Globalization;

namespace Suite.Alerting.Domain.Formatting;

/// <summary>The words every channel uses for a notice, so Slack and email say the same thing.</summary>
public static class AlertText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string StateLabel(NotificationKind kind) => kind == NotificationKind.Firing ? "FIRING" : "RESOLVED";

    /// <summary>"[FIRING] Login success low: login_success_rate = 0.42"</summary>
    /// <remarks>Incidents (no threshold) read "[FIRING] threat-detected: Login of u-7 looks compromised": their summary says it.</remarks>
    public static string Title(AlertNotice n) => n.HasThreshold
        ? $"[{StateLabel(n.Kind)}] {n.RuleName}: {n.Kpi} = {Number(n.Value)}"
        : $"[{StateLabel(n.Kind)}] {n.RuleName}: {n.Kpi}";

    /// <summary>"&lt; 0.9" or "&gt; 100".</summary>
    public static string Threshold(AlertNotice n) => $"{(n.Comparison == Comparison.Above ? ">" : "<")} {Number(n.Threshold)}";

    public static string Severity(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);

    /// <summary>One line for plain-text contexts (Slack's notification text, logs).</summary>
    public static string Summary(AlertNotice n) =>
        $"{Title(n)} ({(n.HasThreshold ? $"threshold {Threshold(n)}, " : "")}severity {Severity(n.Severity)}, {(n.Kind == NotificationKind.Firing ? "since" : "resolved at")} {Time(n.At)})";

    /// <summary>Integers without decimals, others with up to 4 significant decimals; never culture-dependent.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(Invariant);
        }
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return value.ToString("0", Invariant);
        }
        var text = value.ToString(Math.Abs(value) >= 1 ? "0.###" : "0.####", Invariant);
        return text is "0" or "-0" ? value.ToString("G3", Invariant) : text;
    }
}
