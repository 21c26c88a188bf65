namespace Suite.Ingestion.Domain.Limits;

/// <summary>A tenant's sustained rate and the burst it may send at once (both in events).</summary>
public sealed record RateLimit(double EventsPerSecond, double Burst);

/// <summary>
/// Token bucket: holds up to Burst tokens and refills at EventsPerSecond. A request of n events takes n tokens, or is
/// refused with the time after which n tokens will be there. Not thread-safe (the limiter locks per bucket).
/// </summary>
public sealed class TokenBucket
{
    private readonly RateLimit _limit;
    private double _tokens;
    private TimeSpan _last;

    /// <param name="now">A monotonic clock reading (elapsed time since any fixed origin).</param>
    public TokenBucket(RateLimit limit, TimeSpan now)
    {
        _limit = limit;
        _tokens = limit.Burst;
        _last = now;
    }

    public double Available => _tokens;

    /// <returns>null when granted; otherwise how long to wait before the same request can pass (≥ 1 ms).</returns>
    public TimeSpan? TryTake(int events, TimeSpan now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_limit.Burst, _tokens + (now - _last).TotalSeconds * _limit.EventsPerSecond);
            _last = now;
        }
        // A request larger than the burst could never pass: it costs a full bucket (configuration keeps Burst at
        // least the largest batch, so this is a safety net only).
        var cost = Math.Min(events, _limit.Burst);
        if (cost <= _tokens)
        {
            _tokens -= cost;
            return null;
        }
        var waitMs = Math.Ceiling((cost - _tokens) / _limit.EventsPerSecond * 1000);
        return TimeSpan.FromMilliseconds(Math.Max(1, waitMs));
    }
}
