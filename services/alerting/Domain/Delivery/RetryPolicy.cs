namespace Suite.Alerting.Domain.Delivery;

public enum NextStepKind
{
    MarkSent,
    RetryLater,
    MarkFailed,
}

/// <summary>What to do with a notification row after an attempt.</summary>
public sealed record NextStep(NextStepKind Kind, DateTimeOffset? RetryAt = null)
{
    public static NextStep Sent { get; } = new(NextStepKind.MarkSent);
    public static NextStep Failed { get; } = new(NextStepKind.MarkFailed);

    public static NextStep Retry(DateTimeOffset at) => new(NextStepKind.RetryLater, at);
}

/// <summary>
/// Exponential backoff for notification delivery: base, 2×base, 4×base … capped at <see cref="MaxDelay"/>; after
/// <see cref="MaxAttempts"/> attempts (or a permanent error) the notification is given up as failed.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <param name="attempts">Attempts made so far, including the one that produced <paramref name="result"/>.</param>
    public NextStep Next(DeliveryResult result, int attempts, DateTimeOffset now)
    {
        if (result.Outcome == DeliveryOutcome.Delivered)
        {
            return NextStep.Sent;
        }
        if (result.Outcome == DeliveryOutcome.Permanent || attempts >= MaxAttempts)
        {
            return NextStep.Failed;
        }
        var delay = DelayAfter(attempts);
        if (result.RetryAfter is { } asked && asked > delay)
        {
            // The receiver asked us to wait (HTTP 429 Retry-After): honour it, within our own cap.
            delay = asked < MaxDelay ? asked : MaxDelay;
        }
        return NextStep.Retry(now + delay);
    }

    /// <summary>The wait after the n-th failed attempt (n ≥ 1).</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
