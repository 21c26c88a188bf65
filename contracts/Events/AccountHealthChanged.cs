namespace Suite.Contracts.Events;

/// <summary>
/// An account's customer health band changed from one UTC day to the next (metrics' nightly ETL; score 0–100, bands
/// healthy ≥ 70, at_risk ≥ 40, critical below). Published once per account and day, on the day's first computation.
/// </summary>
public sealed record AccountHealthChanged(
    string Tenant,
    string AccountId,
    DateOnly Day,
    double PreviousScore,
    string PreviousBand,
    double Score,
    string Band,
    DateTimeOffset At);
