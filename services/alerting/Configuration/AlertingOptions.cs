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

    public EscalationOptions Escalation { get; set; } = new();

    public LinksOptions Links { get; set; } = new();

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
        foreach (var error in Notifier.Validate().Concat(Escalation.Validate()).Concat(Links.Validate()))
        {
            yield return error;
        }
    }
}

/// <summary>Section "Alerting:Escalation": the incident escalation worker (incident deliveries use Alerting:Notifier).</summary>
public sealed class EscalationOptions
{
    /// <summary>How often due escalation steps are looked for when nothing wakes the worker earlier.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Incidents claimed per transaction.</summary>
    public int BatchSize { get; set; } = 100;

    public IEnumerable<string> Validate()
    {
        if (Interval < TimeSpan.FromMilliseconds(50) || Interval > TimeSpan.FromMinutes(1))
        {
            yield return $"Alerting:Escalation:Interval must be between 00:00:00.05 and 00:01:00 (got {Interval})";
        }
        if (BatchSize is < 1 or > 1000)
        {
            yield return $"Alerting:Escalation:BatchSize must be between 1 and 1000 (got {BatchSize})";
        }
    }
}

/// <summary>
/// Section "Alerting:Links": signed Acknowledge/Resolve links in Slack and email messages. Links are on when
/// <see cref="PublicBaseUrl"/> is set. <see cref="SigningKey"/> is then required, except in Development where a fixed
/// development key stands in (as the AppHost hands every service a development token key).
/// </summary>
public sealed class LinksOptions
{
    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes (e.g. <c>openssl rand -base64 32</c>).</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where people reach this service's HTTP endpoint, e.g. https://alerts.example.com (links are {base}/alerts/…).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Development only: a fixed, public key. Links signed with it prove nothing outside a developer's machine.</summary>
    public static byte[] DevelopmentKey { get; } = System.Text.Encoding.UTF8.GetBytes("suite-alerting-development-link-key-not-a-secret");

    public bool Enabled => !string.IsNullOrWhiteSpace(PublicBaseUrl);

    public IEnumerable<string> Validate()
    {
        if (SigningKey is not null && (!TryDecodeKey(SigningKey, out var key) || key.Length < Domain.Links.ActionLinks.MinKeyBytes))
        {
            yield return $"Alerting:Links:SigningKey must be base64 of at least {Domain.Links.ActionLinks.MinKeyBytes} bytes";
        }
        if (PublicBaseUrl is not null && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
                                          || url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            yield return $"Alerting:Links:PublicBaseUrl must be an absolute http(s) URL without query or fragment (got '{PublicBaseUrl}')";
        }
        if (SigningKey is not null && !Enabled)
        {
            yield return "Alerting:Links:SigningKey is set but Alerting:Links:PublicBaseUrl is not: links need both";
        }
    }

    /// <summary>The signing key to use, or an error; null key without error means links are off.</summary>
    public (byte[]? Key, string? Error) ResolveKey(bool isDevelopment)
    {
        if (!Enabled)
        {
            return (null, null);
        }
        if (SigningKey is not null && TryDecodeKey(SigningKey, out var key))
        {
            return (key, null);
        }
        return isDevelopment
            ? (DevelopmentKey, null)
            : (null, "Alerting:Links:SigningKey is required outside Development when Alerting:Links:PublicBaseUrl is set");
    }

    private static bool TryDecodeKey(string text, out byte[] key)
    {
        key = [];
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written))
        {
            return false;
        }
        key = buffer[..written];
        return true;
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
