namespace Suite.Ingestion.Domain;

/// <summary>
/// Client clocks drift. When the client says when it sent the event, the gap between that and our arrival time is
/// its clock error, so occurred_at is shifted by it: occurred_at + (received_at - sent_at). Network latency is
/// folded into the correction too, which moves events later by at most the latency.
/// </summary>
public static class ClockSkew
{
    /// <returns>The corrected instant, or null when it falls outside the representable range.</returns>
    public static DateTimeOffset? Correct(DateTimeOffset occurredAt, DateTimeOffset? sentAt, DateTimeOffset receivedAt)
    {
        if (sentAt is null)
        {
            return occurredAt;
        }
        // In ticks: each term is within [0, MaxTicks], so the sum cannot overflow a long.
        var ticks = occurredAt.UtcTicks + (receivedAt.UtcTicks - sentAt.Value.UtcTicks);
        return ticks is < 0 or > 3155378975999999999 // DateTimeOffset.MaxValue.UtcTicks
            ? null
            : new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
