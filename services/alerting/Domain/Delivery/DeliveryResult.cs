namespace Suite.Alerting.Domain.Delivery;

public enum DeliveryOutcome
{
    Delivered,
    /// <summary>Worth retrying: timeouts, 5xx, 429, connection refused, SMTP 4xx.</summary>
    Transient,
    /// <summary>Retrying cannot help: webhook gone (404/410), forbidden, SMTP 5xx for the recipient.</summary>
    Permanent,
}

/// <summary>What a channel reports after one send attempt.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Delivered { get; } = new(DeliveryOutcome.Delivered);

    public static DeliveryResult Transient(string error, TimeSpan? retryAfter = null) => new(DeliveryOutcome.Transient, error, retryAfter);

    public static DeliveryResult Permanent(string error) => new(DeliveryOutcome.Permanent, error);
}
