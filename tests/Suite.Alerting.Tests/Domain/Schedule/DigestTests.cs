using Suite.Alerting.Domain.Schedule;
using static Suite.Alerting.Tests.Domain.Schedule.Times;

namespace Suite.Alerting.Tests.Domain.Schedule;

public sealed class DigestTests
{
    private static HeldNotification Held(string fp, string name, string severity, HeldStatus status, string at) =>
        new(fp, name, severity, status, Utc(at));

    [Fact]
    public void Folds_held_notifications_into_one_digest_newest_first()
    {
        HeldNotification[] held =
        [
            Held("fd", "QueueStuck", "info", HeldStatus.Firing, "2026-03-08T04:00Z"),
            Held("fa", "DiskFull", "warning", HeldStatus.Resolved, "2026-03-08T02:00Z"),
            Held("fb", "ApiDown", "critical", HeldStatus.Firing, "2026-03-08T01:30Z"),
            Held("fc", "LatencyHigh", "warning", HeldStatus.Resolved, "2026-03-08T00:30Z"),   // its firing went out before quiet hours
            Held("fd", "QueueStuck", "info", HeldStatus.Resolved, "2026-03-08T00:20Z"),
            Held("fa", "DiskFull", "warning", HeldStatus.Firing, "2026-03-08T01:00Z"),
            Held("fb", "ApiDown", "critical", HeldStatus.Firing, "2026-03-08T03:00Z"),       // a repeat: same line
            Held("fd", "QueueStuck", "info", HeldStatus.Firing, "2026-03-08T00:10Z"),
        ];

        var digest = Digests.Build(held, Utc("2026-03-08T11:00Z"))!;

        Assert.Equal(Utc("2026-03-08T11:00Z"), digest.ReleasedAt);
        Assert.Equal(
            [
                new DigestLine("fd", "QueueStuck", "info", DigestLineKind.Firing, Utc("2026-03-08T04:00Z"), Utc("2026-03-08T04:00Z")),
                new DigestLine("fb", "ApiDown", "critical", DigestLineKind.Firing, Utc("2026-03-08T03:00Z"), Utc("2026-03-08T01:30Z")),
                new DigestLine("fa", "DiskFull", "warning", DigestLineKind.FiredAndResolved, Utc("2026-03-08T02:00Z"), Utc("2026-03-08T01:00Z")),
                new DigestLine("fc", "LatencyHigh", "warning", DigestLineKind.Resolved, Utc("2026-03-08T00:30Z")),
                new DigestLine("fd", "QueueStuck", "info", DigestLineKind.FiredAndResolved, Utc("2026-03-08T00:20Z"), Utc("2026-03-08T00:10Z")),
            ],
            digest.Lines);
        Assert.Equal(
            ["QueueStuck [info] firing", "ApiDown [critical] firing", "DiskFull [warning] fired and resolved",
             "LatencyHigh [warning] resolved", "QueueStuck [info] fired and resolved"],
            digest.Lines.Select(l => l.Text));
        Assert.Equal(
            new Dictionary<string, int> { ["critical"] = 1, ["info"] = 2, ["warning"] = 2 },
            digest.CountsBySeverity);
    }

    [Fact]
    public void Nothing_held_means_no_digest() =>
        Assert.Null(Digests.Build([], Utc("2026-03-08T11:00Z")));

    [Fact]
    public void A_line_takes_the_severity_of_its_latest_item()
    {
        var digest = Digests.Build(
            [
                Held("fa", "ErrorRate", "warning", HeldStatus.Firing, "2026-03-08T01:00Z"),
                Held("fa", "ErrorRate", "critical", HeldStatus.Firing, "2026-03-08T02:00Z"),
            ],
            Utc("2026-03-08T11:00Z"))!;
        Assert.Equal("ErrorRate [critical] firing", Assert.Single(digest.Lines).Text);
        Assert.Equal(new Dictionary<string, int> { ["critical"] = 1 }, digest.CountsBySeverity);
    }

    [Fact]
    public void Same_name_different_fingerprints_are_different_alerts()
    {
        var digest = Digests.Build(
            [
                Held("f1", "ErrorRate", "warning", HeldStatus.Firing, "2026-03-08T01:00Z"),
                Held("f2", "ErrorRate", "warning", HeldStatus.Resolved, "2026-03-08T02:00Z"),
            ],
            Utc("2026-03-08T11:00Z"))!;
        Assert.Equal(["ErrorRate [warning] resolved", "ErrorRate [warning] firing"], digest.Lines.Select(l => l.Text));
    }
}
