using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Tests.Domain.Channels;

/// <summary>The fixed inputs of the golden tests: one alert, one key, one clock reading.</summary>
internal static class Fixed
{
    public static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    public static readonly Uri BaseUrl = new("https://alerts.example.com/");
    public static readonly ActionLinks Links = new(Key, BaseUrl);
    public static readonly Guid AlertId = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    public static readonly Guid RuleId = Guid.Parse("11111111-1111-1111-1111-111111111111");
    public static readonly DateTimeOffset Started = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);   // unix 1748779200
    public static readonly DateTimeOffset Now = Started.AddSeconds(5);                          // links expire 1749384005

    public static AlertNotice Notice(
        NotificationKind kind = NotificationKind.Firing,
        string name = "Login success low",
        double value = 0.42,
        AlertSeverity severity = AlertSeverity.Critical,
        string tenant = "acme",
        Guid? alertId = null,
        DateTimeOffset? startedAt = null,
        string fingerprint = "0123456789abcdef")
    {
        var started = startedAt ?? Started;
        return new AlertNotice(kind, alertId ?? AlertId, tenant, RuleId, name, "login_success_rate", Comparison.Below, 0.9, value,
            severity, started, kind == NotificationKind.Firing ? started : started.AddMinutes(7), fingerprint);
    }

    /// <summary>
    /// Golden JSON is written indented for reading; the wire text must equal its compact form exactly (same key order,
    /// same escaping: relaxed, as sent).
    /// </summary>
    public static void AssertJson(string expectedIndented, string actual)
    {
        var compact = JsonNode.Parse(expectedIndented)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(compact, actual);
    }
}
