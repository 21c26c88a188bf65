using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Limits;
using Suite.Ingestion.Domain.Privacy;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Ingestion;

/// <summary>Section "Ingestion"; validated at start-up (unknown keys fail too).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>How old an event may be when it arrives; partitions older than this are dropped.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How far an event's corrected occurred_at may lie ahead of its arrival.</summary>
    public int MaxFutureMinutes { get; set; } = 60;

    /// <summary>Encoded size of one event.</summary>
    public int MaxEventBytes { get; set; } = EventLimits.DefaultMaxEventBytes;

    /// <summary>Encoded size of one batch (TrackBatch, or one message of Ingest).</summary>
    public int MaxBatchBytes { get; set; } = EventLimits.DefaultMaxBatchBytes;

    public int MaxProperties { get; set; } = EventLimits.MaxProperties;

    /// <summary>
    /// Store transactions in flight at once (each holds one database connection); requests arriving while all are busy
    /// are grouped into the next (group commit). About the database's cores: more transactions only queue inside it,
    /// fewer, larger ones share per-transaction costs (docs/benchmarks.md, 2 beat 4 and 8 on two cores).
    /// </summary>
    public int MaxConcurrentCommits { get; set; } = 2;

    /// <summary>Events one transaction may gather from queued requests (group commit); a single larger request still commits alone.</summary>
    public int MaxCommitGroupEvents { get; set; } = 4000;

    public RateLimitOptions RateLimit { get; set; } = new();

    public PrivacyOptions Privacy { get; set; } = new();

    /// <summary>Errors of the settings; a batch may not exceed the service's gRPC message limit (RequestLimits:MaxGrpcMessageBytes).</summary>
    public IEnumerable<string> Validate(int maxGrpcMessageBytes = GrpcExtensions.MaxMessageBytes)
    {
        if (RetentionDays is < 1 or > 3660)
        {
            yield return $"Ingestion:RetentionDays must be between 1 and 3660 (got {RetentionDays})";
        }
        if (MaxFutureMinutes is < 0 or > 1440)
        {
            yield return $"Ingestion:MaxFutureMinutes must be between 0 and 1440 (got {MaxFutureMinutes})";
        }
        if (MaxBatchBytes < 1024 || MaxBatchBytes > maxGrpcMessageBytes)
        {
            yield return $"Ingestion:MaxBatchBytes must be between 1024 and {maxGrpcMessageBytes} (the gRPC message limit, RequestLimits:MaxGrpcMessageBytes) (got {MaxBatchBytes})";
        }
        if (MaxEventBytes < 256 || MaxEventBytes > MaxBatchBytes)
        {
            yield return $"Ingestion:MaxEventBytes must be between 256 and Ingestion:MaxBatchBytes ({MaxBatchBytes}) (got {MaxEventBytes})";
        }
        if (MaxProperties is < 0 or > 1024)
        {
            yield return $"Ingestion:MaxProperties must be between 0 and 1024 (got {MaxProperties})";
        }
        if (MaxConcurrentCommits is < 1 or > 256)
        {
            yield return $"Ingestion:MaxConcurrentCommits must be between 1 and 256 (got {MaxConcurrentCommits})";
        }
        if (MaxCommitGroupEvents is < 1 or > 100_000)
        {
            yield return $"Ingestion:MaxCommitGroupEvents must be between 1 and 100000 (got {MaxCommitGroupEvents})";
        }
        foreach (var error in RateLimit.Validate("Ingestion:RateLimit"))
        {
            yield return error;
        }
        foreach (var (tenant, limit) in RateLimit.Tenants)
        {
            if (!TenantContext.IsValidTenant(tenant))
            {
                yield return $"Ingestion:RateLimit:Tenants: '{tenant}' is not a valid tenant id (1-64 of a-z 0-9 _ -)";
            }
            foreach (var error in limit.Validate($"Ingestion:RateLimit:Tenants:{tenant}"))
            {
                yield return error;
            }
        }
        if (PrivacyOptions.Parse(Privacy.Mode) is null)
        {
            yield return $"Ingestion:Privacy:Mode must be 'redact' or 'reject' (got '{Privacy.Mode}')";
        }
        foreach (var (tenant, mode) in Privacy.Tenants)
        {
            if (!TenantContext.IsValidTenant(tenant))
            {
                yield return $"Ingestion:Privacy:Tenants: '{tenant}' is not a valid tenant id (1-64 of a-z 0-9 _ -)";
            }
            if (PrivacyOptions.Parse(mode) is null)
            {
                yield return $"Ingestion:Privacy:Tenants:{tenant} must be 'redact' or 'reject' (got '{mode}')";
            }
        }
    }

    public IngestionPolicy ToPolicy() => new(TimeSpan.FromDays(RetentionDays), TimeSpan.FromMinutes(MaxFutureMinutes))
    {
        MaxEventBytes = MaxEventBytes,
        MaxProperties = MaxProperties,
    };

    public RequestLimits ToRequestLimits() => new(MaxEventBytes, MaxBatchBytes);

    public TenantPolicies ToTenantPolicies() => new(
        RateLimit.ToRateLimit(),
        RateLimit.Tenants.ToDictionary(t => t.Key, t => t.Value.ToRateLimit(), StringComparer.Ordinal),
        PrivacyOptions.Parse(Privacy.Mode)!.Value,
        Privacy.Tenants.ToDictionary(t => t.Key, t => PrivacyOptions.Parse(t.Value)!.Value, StringComparer.Ordinal));
}

/// <summary>Token bucket per tenant: a sustained rate and a burst, in events.</summary>
public class RateLimitSetting
{
    public double EventsPerSecond { get; set; } = 20_000;

    /// <summary>Default: twice the rate, at least one full batch.</summary>
    public double? Burst { get; set; }

    public IEnumerable<string> Validate(string path)
    {
        if (EventsPerSecond is <= 0 or > 100_000_000 || double.IsNaN(EventsPerSecond))
        {
            yield return $"{path}:EventsPerSecond must be > 0 and at most 100000000 (got {EventsPerSecond})";
        }
        if (Burst is { } burst && (burst < EventLimits.MaxBatchEvents || burst > 1_000_000_000 || double.IsNaN(burst)))
        {
            yield return $"{path}:Burst must be at least {EventLimits.MaxBatchEvents} (one full batch) and at most 1000000000 (got {burst})";
        }
    }

    public RateLimit ToRateLimit() => new(EventsPerSecond, Burst ?? Math.Max(2 * EventsPerSecond, EventLimits.MaxBatchEvents));
}

public sealed class RateLimitOptions : RateLimitSetting
{
    /// <summary>Per-tenant overrides: Ingestion:RateLimit:Tenants:&lt;tenant&gt;:EventsPerSecond / :Burst.</summary>
    public Dictionary<string, RateLimitSetting> Tenants { get; set; } = new(StringComparer.Ordinal);
}

public sealed class PrivacyOptions
{
    /// <summary>What to do with personal data in properties and code fields: redact (default) or reject.</summary>
    public string Mode { get; set; } = "redact";

    /// <summary>Per-tenant overrides: Ingestion:Privacy:Tenants:&lt;tenant&gt; = redact | reject.</summary>
    public Dictionary<string, string> Tenants { get; set; } = new(StringComparer.Ordinal);

    public static PrivacyMode? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "redact" => PrivacyMode.Redact,
        "reject" => PrivacyMode.Reject,
        _ => null,
    };
}
