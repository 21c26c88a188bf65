using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Tests.Domain.Channels;

/// <summary>Incidents (event and document rules) have a summary instead of a KPI threshold: no "threshold" anywhere.</summary>
public sealed class IncidentLayoutTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private static AlertNotice Notice(bool hasThreshold) => new(NotificationKind.Firing, Guid.Empty, "acme", Guid.Empty, "threat-detected",
        "Login of u-7 looks compromised", Comparison.Above, 0, 0.92, AlertSeverity.Critical, At, At, "fp", hasThreshold);

    [Fact]
    public void Incident_notices_say_their_summary_and_no_threshold()
    {
        var incident = Notice(hasThreshold: false);
        Assert.Equal("[FIRING] threat-detected: Login of u-7 looks compromised", AlertText.Title(incident));
        Assert.DoesNotContain("threshold", AlertText.Summary(incident));
        Assert.DoesNotContain("Threshold", EmailMessage.Build(incident).Text);
        Assert.DoesNotContain("threshold", SlackAlertMessage.ToJson(SlackAlertMessage.Build(incident)));
        Assert.False(AlertmanagerWebhookPayload.ToAlert(incident).Annotations.ContainsKey("threshold"));
        Assert.Equal("Login of u-7 looks compromised", AlertmanagerWebhookPayload.ToAlert(incident).Annotations["summary"]);

        // KPI rule notices keep theirs.
        var kpi = Notice(hasThreshold: true);
        Assert.Contains("= 0.92", AlertText.Title(kpi));
        Assert.Contains("Threshold", EmailMessage.Build(kpi).Text);
    }
}
