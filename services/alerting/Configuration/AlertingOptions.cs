using Suite.Alerting.Domain.Delivery;

namespace Suite.Alerting.Configuration;

/// <summary>Section "Alerting".</summary>
public sealed class AlertingOptions
{
    public const string Section = "Alerting";

    /// <summary>How often every rule is evaluated (Alerting:EvaluationInterval, e.g. "00:00:05").</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rules evaluated at once within a cycle (metrics calls in flight).</summary>
    public int EvaluationConcurrency { get; set; } = 8;

    public NotifierOptions Notifier { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (EvaluationInterval < TimeSpan.FromMilliseconds(100) || EvaluationInterval > TimeSpan.FromHours(1))
        {
            yield return $"Alerting:EvaluationInterval must be between 00:00:00.1 and 01:00:00 (got {EvaluationInterval})";
        }
        if (EvaluationConcurrency is < 1 or > 64)
        {
            yield return $"Alerting:EvaluationConcurrency must be between 1 and 64 (got {EvaluationConcurrency})";
        }
        foreach (var error in Notifier.Validate())
        {
            yield return error;
        }
    }
}

/// <summary>Section "Alerting:Notifier": delivery of the notifications outbox.</summary>
public sealed class NotifierOptions
{
    /// <summary>How often due notifications are looked for when nothing wakes the notifier earlier.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 50;

    /// <summary>Attempts before a notification is marked failed.</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time limit of one send (Slack POST or SMTP session).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public RetryPolicy ToRetryPolicy() => new(MaxAttempts, RetryBaseDelay, RetryMaxDelay);

    public IEnumerable<string> Validate()
    {
        if (PollInterval < TimeSpan.FromMilliseconds(50) || PollInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"Alerting:Notifier:PollInterval must be between 00:00:00.05 and 00:01:00 (got {PollInterval})";
        }
        if (BatchSize is < 1 or > 1000)
        {
            yield return $"Alerting:Notifier:BatchSize must be between 1 and 1000 (got {BatchSize})";
        }
        if (MaxAttempts is < 1 or > 100)
        {
            yield return $"Alerting:Notifier:MaxAttempts must be between 1 and 100 (got {MaxAttempts})";
        }
        if (RetryBaseDelay <= TimeSpan.Zero)
        {
            yield return $"Alerting:Notifier:RetryBaseDelay must be positive (got {RetryBaseDelay})";
        }
        if (RetryMaxDelay < RetryBaseDelay)
        {
            yield return $"Alerting:Notifier:RetryMaxDelay ({RetryMaxDelay}) must not be shorter than RetryBaseDelay ({RetryBaseDelay})";
        }
        if (SendTimeout < TimeSpan.FromMilliseconds(100) || SendTimeout > TimeSpan.FromMinutes(5))
        {
            yield return $"Alerting:Notifier:SendTimeout must be between 00:00:00.1 and 00:05:00 (got {SendTimeout})";
        }
    }
}
