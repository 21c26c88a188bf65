using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain.Schedule;
using Suite.Alerting.Incidents;

namespace Suite.Alerting.Tests.Domain.Incidents;

public sealed class DeliveryPlanningTests
{
    // Monday 2026-03-02 23:00 UTC: inside "22:00-07:00".
    private static readonly DateTimeOffset Night = new(2026, 3, 2, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Morning = new(2026, 3, 3, 7, 0, 0, TimeSpan.Zero);

    private static readonly QuietHours Quiet = new(TimeZoneInfo.Utc, [WeeklyWindow.Parse("Mon-Sun 22:00-07:00")], new HashSet<string> { "critical" });

    private static readonly Dictionary<string, Recipient> Recipients = new()
    {
        ["alice"] = new("alice", [new(ChannelTarget.Email, "alice@example.com"), new(ChannelTarget.Slack, "https://hooks/a")], Quiet, true),
        ["ops"] = new("ops", [new(ChannelTarget.Webhook, "https://ops/hook"), new(ChannelTarget.Email, "ops@example.com")], Quiet, false),
    };

    [Fact]
    public void Every_target_channel_of_every_recipient_once_and_unknown_names_reported()
    {
        var (planned, unknown) = DeliveryPlanning.ForStep(["alice", "ghost", "alice"], Recipients, "critical", Night);
        Assert.Equal(
            [new PlannedDelivery("alice", "email", "alice@example.com", null), new PlannedDelivery("alice", "slack", "https://hooks/a", null)],
            planned);
        Assert.Equal(["ghost"], unknown);
    }

    [Fact]
    public void Quiet_hours_hold_until_they_end_except_webhooks()
    {
        var (planned, _) = DeliveryPlanning.ForStep(["ops"], Recipients, "warning", Night);
        Assert.Equal(
            [new PlannedDelivery("ops", "webhook", "https://ops/hook", null), new PlannedDelivery("ops", "email", "ops@example.com", Morning)],
            planned);
    }

    [Fact]
    public void Resolves_go_to_notified_addresses_whose_recipient_wants_them()
    {
        var notified = new[]
        {
            new NotifiedAddress("alice", "email", "alice@example.com"),
            new NotifiedAddress("ops", "email", "ops@example.com"),
            new NotifiedAddress("gone", "slack", "https://hooks/gone"),
        };
        var planned = DeliveryPlanning.ForResolve(notified, Recipients, "warning", Morning);
        Assert.Equal(
            [new PlannedDelivery("alice", "email", "alice@example.com", null), new PlannedDelivery("gone", "slack", "https://hooks/gone", null)],
            planned);
    }
}
