using Suite.Alerting.Domain;

namespace Suite.Alerting.Data;

/// <summary>How domain enums are spelled in the database (lowercase words, checked by the schema).</summary>
internal static class DbNames
{
    public static string Of(Comparison c) => c == Comparison.Above ? "above" : "below";

    public static Comparison ComparisonFrom(string s) => s == "above" ? Comparison.Above : Comparison.Below;

    public static string Of(AlertSeverity s) => s.ToString().ToLowerInvariant();

    public static AlertSeverity SeverityFrom(string s) => Enum.Parse<AlertSeverity>(s, ignoreCase: true);

    public static string Of(NotificationKind k) => k == NotificationKind.Firing ? "firing" : "resolved";

    public static NotificationKind KindFrom(string s) => s == "firing" ? NotificationKind.Firing : NotificationKind.Resolved;
}
