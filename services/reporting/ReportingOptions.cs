using Suite.ServiceDefaults.Configuration;

namespace Suite.Reporting;

/// <summary>Section "Reporting".</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";
    public const string MetricsAddressKey = "services:metrics:grpc:0";

    /// <summary>Deadline of one call to the metrics service, retries included.</summary>
    public TimeSpan MetricsTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public SchedulerOptions Scheduler { get; set; } = new();
    public EmailOptions Email { get; set; } = new();
    public LinkOptions Links { get; set; } = new();

    /// <summary>Section "Reporting:Scheduler".</summary>
    public sealed class SchedulerOptions
    {
        /// <summary>Off: this replica serves the API but runs no subscriptions (tests drive the scheduler themselves).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>How often due subscriptions and pending runs are looked for.</summary>
        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>A scheduled time at most this old runs on time; older ones are missed (catch-up policy).</summary>
        public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>Attempts of a run (generation and delivery) before it is recorded as failed.</summary>
        public int MaxAttempts { get; set; } = 3;

        /// <summary>Wait before a failed attempt is retried (doubling each time).</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);
    }

    /// <summary>Section "Reporting:Email"; the server is ConnectionStrings:smtp.</summary>
    public sealed class EmailOptions
    {
        public string From { get; set; } = "Suite reports <reports@suite.local>";
    }

    /// <summary>Section "Reporting:Links": signed download links in Slack messages.</summary>
    public sealed class LinkOptions
    {
        /// <summary>Base URL of this service as recipients reach it; links are left out without it.</summary>
        public string? PublicBaseUrl { get; set; }

        /// <summary>Base64 HMAC key, at least 32 bytes, the same on every replica; links are left out without it.</summary>
        public string? SigningKey { get; set; }

        public TimeSpan Expiry { get; set; } = TimeSpan.FromDays(7);
    }

    /// <summary>Binds and validates the section (unknown keys rejected) and checks that metrics can be found.</summary>
    public static ReportingOptions From(IConfiguration configuration) =>
        configuration.BindStrict<ReportingOptions>(Section, o => o.Validate(configuration[MetricsAddressKey]));

    public IEnumerable<string> Validate(string? metricsAddress)
    {
        if (MetricsTimeout < TimeSpan.FromMilliseconds(100) || MetricsTimeout > TimeSpan.FromMinutes(2))
        {
            yield return $"{Section}:MetricsTimeout must be between 00:00:00.1 and 00:02:00";
        }
        if (Scheduler.Interval < TimeSpan.FromMilliseconds(50) || Scheduler.Interval > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:Scheduler:Interval must be between 00:00:00.05 and 01:00:00";
        }
        if (Scheduler.Grace < TimeSpan.Zero || Scheduler.Grace > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:Scheduler:Grace must be between 00:00:00 and 1.00:00:00";
        }
        if (Scheduler.MaxAttempts is < 1 or > 20)
        {
            yield return $"{Section}:Scheduler:MaxAttempts must be between 1 and 20";
        }
        if (Scheduler.RetryDelay < TimeSpan.Zero || Scheduler.RetryDelay > TimeSpan.FromHours(6))
        {
            yield return $"{Section}:Scheduler:RetryDelay must be between 00:00:00 and 06:00:00";
        }
        if (!MimeKit.MailboxAddress.TryParse(Email.From, out _))
        {
            yield return $"{Section}:Email:From '{Email.From}' is not an email address";
        }
        if (Links.PublicBaseUrl is { Length: > 0 } baseUrl && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")))
        {
            yield return $"{Section}:Links:PublicBaseUrl must be an absolute http(s) URL";
        }
        if (Links.SigningKey is { Length: > 0 } key && Delivery.DownloadLinks.DecodeKey(key) is null)
        {
            yield return $"{Section}:Links:SigningKey must be base64 of at least 32 bytes";
        }
        if (Links.Expiry < TimeSpan.FromMinutes(1) || Links.Expiry > TimeSpan.FromDays(90))
        {
            yield return $"{Section}:Links:Expiry must be between 00:01:00 and 90.00:00:00";
        }
        if (string.IsNullOrWhiteSpace(metricsAddress) || !Uri.TryCreate(metricsAddress, UriKind.Absolute, out _))
        {
            yield return $"{MetricsAddressKey} must be the metrics service's gRPC address (e.g. http://127.0.0.1:5111)";
        }
    }
}
