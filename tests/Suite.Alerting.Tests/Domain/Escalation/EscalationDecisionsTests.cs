using Microsoft.Extensions.Time.Testing;
using Suite.Alerting.Domain.Escalation;

namespace Suite.Alerting.Tests.Domain.Escalation;

public sealed class EscalationDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 8, 6, 30, 0, TimeSpan.Zero);

    private static readonly EscalationPolicy Policy = new(
        "ops",
        [
            new EscalationLevel(TimeSpan.FromMinutes(5), ["alice"]),
            new EscalationLevel(TimeSpan.FromMinutes(10), ["slack:#ops"]),
            new EscalationLevel(TimeSpan.FromMinutes(20), ["ops-list@example.com", "bob"]),
        ],
        Repeat: 1,
        AckTimeout: TimeSpan.FromMinutes(30));

    private static DateTimeOffset M(int minutes) => T0.AddMinutes(minutes);

    private static FiredStep Fired(int level, int repeat, int at) => new(level, repeat, M(at));

    public static TheoryData<string, EscalationPolicy, EscalationState, int, (int Level, int Repeat, int DueAt)?> Cases => new()
    {
        // because, policy, state, now (minutes after T0), expected (level, repeat, due at minutes) or null
        { "nothing fired: level 0 after its delay from the start", Policy, new(T0), 0, (0, 0, 5) },
        { "the next level counts from the previous firing", Policy, new(T0, Fired(0, 0, 5)), 6, (1, 0, 15) },
        { "a late firing pushes the next one back", Policy, new(T0, Fired(0, 0, 9)), 9, (1, 0, 19) },
        { "level 2", Policy, new(T0, Fired(1, 0, 15)), 15, (2, 0, 35) },
        { "after the last level, repeat from level 0", Policy, new(T0, Fired(2, 0, 35)), 35, (0, 1, 40) },
        { "the repeat round goes on", Policy, new(T0, Fired(0, 1, 40)), 40, (1, 1, 50) },
        { "all repeats done", Policy, new(T0, Fired(2, 1, 70)), 200, null },
        { "no repeats", Policy with { Repeat = 0 }, new(T0, Fired(2, 0, 35)), 35, null },
        { "resolved", Policy, new(T0, Fired(0, 0, 5), ResolvedAt: M(6)), 6, null },
        { "resolved while acknowledged", Policy, new(T0, Fired(0, 0, 5), M(6), M(7)), 100, null },
        { "acknowledged: stopped", Policy, new(T0, Fired(0, 0, 5), M(6)), 20, null },
        { "one instant before the ack times out", Policy, new(T0, Fired(0, 0, 5), M(6)), 35, null },
        { "ack timed out: next level, due at once", Policy, new(T0, Fired(0, 0, 5), M(6)), 36, (1, 0, 36) },
        { "ack timed out long ago: still due at the re-open instant", Policy, new(T0, Fired(0, 0, 5), M(6)), 500, (1, 0, 36) },
        { "ack before anything fired, timed out: level 0", Policy, new(T0, null, M(2)), 32, (0, 0, 32) },
        { "short ack timeout never brings a step forward", Policy with { AckTimeout = TimeSpan.FromMinutes(1) }, new(T0, Fired(0, 0, 5), M(6)), 7, (1, 0, 15) },
        { "after re-opening, levels count from the firing again", Policy, new(T0, Fired(1, 0, 36), M(6)), 40, (2, 0, 56) },
        { "ack timed out after the last step: nothing left", Policy, new(T0, Fired(2, 1, 70), M(71)), 200, null },
        { "no ack timeout: an ack holds forever", Policy with { AckTimeout = null }, new(T0, Fired(0, 0, 5), M(6)), 10_000, null },
        // Reminders (the route's repeat_interval) after the last level of the last round: the last level again.
        { "all repeats done: a reminder one interval later", Reminding, new(T0, Fired(2, 1, 70)), 70, (2, 2, 130) },
        { "reminders go on, numbered as rounds", Reminding, new(T0, Fired(2, 2, 130)), 131, (2, 3, 190) },
        { "no reminder before the policy ran out", Reminding, new(T0, Fired(0, 0, 5)), 6, (1, 0, 15) },
        { "an ack stops reminders", Reminding with { AckTimeout = null }, new(T0, Fired(2, 2, 130), M(140)), 10_000, null },
        { "an ack that timed out before the reminder: it keeps its time", Reminding, new(T0, Fired(2, 1, 70), M(75)), 105, (2, 2, 130) },
        { "ack timed out after a late reminder was due: at once", Reminding with { RemindEvery = TimeSpan.FromMinutes(10) }, new(T0, Fired(2, 1, 70), M(75)), 105, (2, 2, 105) },
        { "resolved: no reminder", Reminding, new(T0, Fired(2, 1, 70), ResolvedAt: M(71)), 200, null },
    };

    private static readonly EscalationPolicy Reminding = Policy with { RemindEvery = TimeSpan.FromHours(1) };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Next_step(string because, EscalationPolicy policy, EscalationState state, int now, (int Level, int Repeat, int DueAt)? expected)
    {
        var step = EscalationDecisions.Next(policy, state, M(now));
        var actual = step is null ? ((int, int, int)?)null : (step.Level, step.Repeat, (int)(step.DueAt - T0).TotalMinutes);
        Assert.True(expected == actual, $"{because}: expected {expected?.ToString() ?? "null"}, got {actual?.ToString() ?? "null"}");
        if (step is not null)
        {
            Assert.Same(policy.Levels[step.Level].Targets, step.Targets);
        }
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    public void IsDue_once_the_due_time_is_reached(int secondsFromDue, bool expected)
    {
        var step = new EscalationStep(0, 0, M(5), ["alice"]);
        Assert.Equal(expected, EscalationDecisions.IsDue(step, M(5).AddSeconds(secondsFromDue)));
    }

    [Fact]
    public void ReopensAt_is_ack_plus_timeout_while_unresolved()
    {
        Assert.Equal(M(36), EscalationDecisions.ReopensAt(Policy, new(T0, Fired(0, 0, 5), M(6))));
        Assert.Null(EscalationDecisions.ReopensAt(Policy, new(T0, Fired(0, 0, 5))));
        Assert.Null(EscalationDecisions.ReopensAt(Policy, new(T0, Fired(0, 0, 5), M(6), M(8))));
        Assert.Null(EscalationDecisions.ReopensAt(Policy with { AckTimeout = null }, new(T0, Fired(0, 0, 5), M(6))));
    }

    /// <summary>Drives the decisions with a fake clock, one minute at a time, as a scheduler would.</summary>
    private static List<(int Level, int Repeat, int At)> Simulate(EscalationPolicy policy, int minutes, int? ackAt = null, int? resolveAt = null)
    {
        var clock = new FakeTimeProvider(T0);
        var state = new EscalationState(clock.GetUtcNow());
        var fired = new List<(int, int, int)>();
        for (var minute = 0; minute <= minutes; minute++, clock.Advance(TimeSpan.FromMinutes(1)))
        {
            var now = clock.GetUtcNow();
            if (minute == ackAt)
            {
                state = state with { AcknowledgedAt = now };
            }
            if (minute == resolveAt)
            {
                state = state with { ResolvedAt = now };
            }
            if (EscalationDecisions.Next(policy, state, now) is { } step && EscalationDecisions.IsDue(step, now))
            {
                state = state with { LastFired = new FiredStep(step.Level, step.Repeat, now) };
                fired.Add((step.Level, step.Repeat, minute));
            }
        }
        return fired;
    }

    [Fact]
    public void Unacknowledged_runs_every_level_then_repeats() =>
        Assert.Equal([(0, 0, 5), (1, 0, 15), (2, 0, 35), (0, 1, 40), (1, 1, 50), (2, 1, 70)], Simulate(Policy, 300));

    [Fact]
    public void An_ack_stops_it_and_its_timeout_reopens_it_at_the_next_level() =>
        Assert.Equal([(0, 0, 5), (1, 0, 15), (2, 0, 50), (0, 1, 55), (1, 1, 65), (2, 1, 85)], Simulate(Policy, 300, ackAt: 20));

    [Fact]
    public void A_resolve_ends_it() =>
        Assert.Equal([(0, 0, 5), (1, 0, 15)], Simulate(Policy, 300, ackAt: 20, resolveAt: 49));

    [Fact]
    public void Reminders_follow_the_last_round_until_acknowledged() =>
        Assert.Equal([(0, 0, 5), (1, 0, 15), (2, 0, 35), (0, 1, 40), (1, 1, 50), (2, 1, 70), (2, 2, 130), (2, 3, 190)],
            Simulate(Reminding, 200, ackAt: 200));

    [Fact]
    public void A_valid_policy_has_no_errors() => Assert.Empty(Policy.Validate());

    public static TheoryData<string, EscalationPolicy, string[]> Invalid => new()
    {
        { "no name", Policy with { Name = "" }, ["name: required"] },
        { "no levels", Policy with { Levels = [] }, ["levels: at least one level is required"] },
        { "negative delay", Policy with { Levels = [new EscalationLevel(TimeSpan.FromSeconds(-1), ["alice"])] }, ["levels[0].delay: must not be negative"] },
        { "no targets", Policy with { Levels = [Policy.Levels[0], new EscalationLevel(TimeSpan.Zero, [])] }, ["levels[1].targets: at least one target is required"] },
        { "blank target", Policy with { Levels = [new EscalationLevel(TimeSpan.Zero, ["alice", " "])] }, ["levels[0].targets[1]: must not be empty"] },
        { "negative repeat", Policy with { Repeat = -1 }, ["repeat: must be 0 or more"] },
        { "zero ack timeout", Policy with { AckTimeout = TimeSpan.Zero }, ["ackTimeout: must be positive (or unset: an acknowledgement then holds until resolve)"] },
        { "zero reminder interval", Policy with { RemindEvery = TimeSpan.Zero }, ["remindEvery: must be positive (or unset: no reminders)"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_policies_are_reported_by_field(string because, EscalationPolicy policy, string[] expected) =>
        Assert.True(expected.SequenceEqual(policy.Validate()), $"{because}: got [{string.Join(" | ", policy.Validate())}]");
}
