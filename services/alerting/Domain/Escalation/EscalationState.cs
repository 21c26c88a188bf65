namespace Suite.Alerting.Domain.Escalation;

/// <summary>A step that was sent: level index, repeat round (0 = first pass), when.</summary>
public sealed record FiredStep(int Level, int Repeat, DateTimeOffset At);

/// <summary>
/// Where one alert's escalation stands, as stored: when the alert started, the last step fired (null: none yet),
/// the latest acknowledgement and the resolve (null: not yet). A new acknowledgement replaces <see cref="AcknowledgedAt"/>.
/// </summary>
public sealed record EscalationState(DateTimeOffset StartedAt, FiredStep? LastFired = null, DateTimeOffset? AcknowledgedAt = null, DateTimeOffset? ResolvedAt = null);
