using Suite.Alerting.Incidents;

namespace Suite.Alerting.Tests.Domain.Incidents;

public sealed class IncidentDigestsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 23, 0, 0, TimeSpan.Zero);

    private static HeldDelivery Held(string fingerprint, IncidentNoticeKind kind, int minute) => new(Guid.NewGuid(), new IncidentNotice(
        kind, Guid.NewGuid(), "acme", "alert-" + fingerprint, "warning", new Dictionary<string, string>(), new Dictionary<string, string>(),
        fingerprint, T0, T0.AddMinutes(minute)), T0.AddMinutes(minute));

    [Fact]
    public void One_notice_per_line_repeats_folded_and_a_resolve_after_a_firing_kept_as_the_resolve()
    {
        var held = new[]
        {
            Held("a", IncidentNoticeKind.Firing, 1),
            Held("a", IncidentNoticeKind.Firing, 5),
            Held("b", IncidentNoticeKind.Firing, 2),
            Held("b", IncidentNoticeKind.Resolved, 3),
        };
        var notices = IncidentDigests.Fold(held, T0.AddHours(8));
        // Newest first: a's latest firing (minute 5), then b fired and resolved (minute 3).
        Assert.Equal([held[1].Notice, held[3].Notice], notices);
    }

    [Fact]
    public void Nothing_held_is_no_digest() => Assert.Empty(IncidentDigests.Fold([], T0));
}
