using Suite.Alerting.Domain.Escalation;
using Suite.Alerting.Incidents;

namespace Suite.Alerting.Tests.Domain.Incidents;

public sealed class EscalationPassTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly EscalationPolicy Policy = new("page",
        [new EscalationLevel(TimeSpan.Zero, ["a"]), new EscalationLevel(TimeSpan.FromMinutes(5), ["b"])], 1, TimeSpan.FromMinutes(30));

    private static Incident Open(FiredStep? last = null, string state = IncidentStates.Firing, DateTimeOffset? ackedAt = null) => new(
        Guid.NewGuid(), "acme", "fp", "Threat", new Dictionary<string, string>(), new Dictionary<string, string>(), "critical",
        state, T0, ackedAt, ackedAt is null ? null : "bob", null, null, "root", Policy, last, T0);

    [Fact]
    public void A_new_incident_fires_level_0_and_is_next_due_one_delay_later()
    {
        var outcome = EscalationPass.Run(Open(), T0.AddSeconds(1));
        var step = Assert.Single(outcome.Fire);
        Assert.Equal((0, 0), (step.Level, step.Repeat));
        Assert.Equal(["a"], step.Targets);
        Assert.Equal(new FiredStep(0, 0, T0.AddSeconds(1)), outcome.LastFired);
        Assert.Equal(T0.AddSeconds(1).AddMinutes(5), outcome.NextDueAt);
        Assert.Equal(IncidentStates.Firing, outcome.State);
    }

    [Fact]
    public void Levels_without_delay_fire_in_the_same_pass()
    {
        var policy = Policy with { Levels = [new EscalationLevel(TimeSpan.Zero, ["a"]), new EscalationLevel(TimeSpan.Zero, ["b"])], Repeat = 0 };
        var outcome = EscalationPass.Run(Open() with { Policy = policy }, T0);
        Assert.Equal([0, 1], outcome.Fire.Select(s => s.Level));
        Assert.Null(outcome.NextDueAt);
    }

    [Fact]
    public void A_step_not_yet_due_fires_nothing_and_keeps_its_due_time()
    {
        var outcome = EscalationPass.Run(Open(new FiredStep(0, 0, T0)), T0.AddMinutes(4));
        Assert.Empty(outcome.Fire);
        Assert.Equal(T0.AddMinutes(5), outcome.NextDueAt);
    }

    [Fact]
    public void The_last_step_of_the_last_round_ends_escalation()
    {
        var outcome = EscalationPass.Run(Open(new FiredStep(1, 0, T0)), T0.AddMinutes(10));
        Assert.Equal((0, 1), (outcome.Fire[0].Level, outcome.Fire[0].Repeat));
        Assert.Equal(T0.AddMinutes(15), outcome.NextDueAt);

        var over = EscalationPass.Run(Open(new FiredStep(1, 1, T0)), T0.AddHours(1));
        Assert.Empty(over.Fire);
        Assert.Null(over.NextDueAt);
    }

    [Fact]
    public void An_acknowledgement_holds_until_its_timeout_then_reopens_at_the_next_level()
    {
        var acked = Open(new FiredStep(0, 0, T0), IncidentStates.Acknowledged, T0.AddMinutes(1));
        var held = EscalationPass.Run(acked, T0.AddMinutes(10));
        Assert.Empty(held.Fire);
        Assert.Equal(IncidentStates.Acknowledged, held.State);
        Assert.Equal(T0.AddMinutes(31), held.NextDueAt);

        var reopened = EscalationPass.Run(acked, T0.AddMinutes(31));
        Assert.Equal(IncidentStates.Firing, reopened.State);
        // Level 1, then the repeat round's level 0 at once: its delay is 0 (the domain's documented behaviour).
        Assert.Equal([(1, 0), (0, 1)], reopened.Fire.Select(s => (s.Level, s.Repeat)));
        Assert.Equal(T0.AddMinutes(36), reopened.NextDueAt);
    }

    [Fact]
    public void An_acknowledgement_without_timeout_holds_for_good()
    {
        var incident = Open(new FiredStep(0, 0, T0), IncidentStates.Acknowledged, T0) with { Policy = Policy with { AckTimeout = null } };
        var outcome = EscalationPass.Run(incident, T0.AddDays(3));
        Assert.Empty(outcome.Fire);
        Assert.Null(outcome.NextDueAt);
        Assert.Equal(IncidentStates.Acknowledged, outcome.State);
    }

    [Fact]
    public void The_first_due_time_is_the_start_plus_level_0_delay()
    {
        Assert.Equal(T0, EscalationPass.FirstDue(Policy, T0));
        Assert.Equal(T0.AddMinutes(2), EscalationPass.FirstDue(Policy with { Levels = [new EscalationLevel(TimeSpan.FromMinutes(2), ["a"])] }, T0));
    }
}
