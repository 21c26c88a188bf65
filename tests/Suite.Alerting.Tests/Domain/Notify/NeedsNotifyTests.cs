using Microsoft.Extensions.Time.Testing;
using Suite.Alerting.Domain.Notify;

namespace Suite.Alerting.Tests.Domain.Notify;

public sealed class NeedsNotifyTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 1, 5, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Repeat = TimeSpan.FromHours(1);

    private static HashSet<string> Set(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    private static NotificationLogEntry? Entry(string? firing, string resolved) =>
        firing is null ? null : new NotificationLogEntry(Set(firing), Set(resolved), SentAt);

    [Theory]
    // previous firing (null = no entry), previous resolved, firing now, resolved now, send_resolved, minutes since sent, notify?
    [InlineData(null, "", "a", "", false, 0, true)]          // first notification for the group
    [InlineData(null, "", "", "", false, 0, false)]          // nothing at all
    [InlineData(null, "", "", "a", true, 0, false)]          // only resolved, never told it fired (Alertmanager)
    [InlineData("a", "", "a,b", "", false, 1, true)]         // b is new
    [InlineData("a,b", "", "a", "", false, 1, false)]        // fewer firing, nothing new
    [InlineData("a,b", "", "a", "b", false, 1, false)]       // b resolved, resolved not sent
    [InlineData("a,b", "", "a", "b", true, 1, true)]         // b resolved, and resolved is sent
    [InlineData("a,b", "c", "a", "b,c", true, 1, true)]      // b is newly resolved
    [InlineData("a", "b", "a", "b", true, 30, false)]        // nothing new
    [InlineData("a", "", "", "a", true, 1, true)]            // all resolved
    [InlineData("a", "", "", "a", false, 1, false)]          // all resolved, resolved not sent (but see ClearsLog)
    [InlineData("", "a", "", "a,b", true, 120, false)]       // b fired and resolved between notifications
    [InlineData("a", "", "a", "", false, 59, false)]         // same set before the repeat interval
    [InlineData("a", "", "a", "", false, 60, true)]          // at the repeat interval
    [InlineData("a", "", "a", "", false, 61, true)]
    [InlineData("a,b", "", "b,a", "", true, 10, false)]      // order does not matter
    public void Decides_like_Alertmanager_dedup(string? prevFiring, string prevResolved, string firing, string resolved, bool sendResolved, int minutes, bool expected) =>
        Assert.Equal(expected, NeedsNotify.Decide(Entry(prevFiring, prevResolved), Set(firing), Set(resolved), sendResolved, Repeat, SentAt.AddMinutes(minutes)));

    [Fact]
    public void Repeats_once_the_interval_has_passed_on_a_fake_clock()
    {
        var clock = new FakeTimeProvider(SentAt);
        var entry = new NotificationLogEntry(Set("a"), Set(""), clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(NeedsNotify.Decide(entry, Set("a"), Set(""), true, Repeat, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(NeedsNotify.Decide(entry, Set("a"), Set(""), true, Repeat, clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("a", "", true)]
    [InlineData("a", "a", false)]
    [InlineData("", "", false)]
    [InlineData(null, "", false)]
    public void ClearsLog_when_everything_told_as_firing_has_resolved(string? prevFiring, string firing, bool expected) =>
        Assert.Equal(expected, NeedsNotify.ClearsLog(Entry(prevFiring, ""), Set(firing)));
}
