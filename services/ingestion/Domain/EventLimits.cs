namespace Suite.Ingestion.Domain;

/// <summary>Hard limits on one event and one batch. They keep rows, messages and rollup keys bounded.</summary>
public static class EventLimits
{
    public const int MaxBatchEvents = 1000;
    /// <summary>Defaults of the configurable size limits (Ingestion:MaxEventBytes, Ingestion:MaxBatchBytes).</summary>
    public const int DefaultMaxEventBytes = 32 * 1024;
    public const int DefaultMaxBatchBytes = 1024 * 1024;
    public const int MaxBatchIdLength = 128;

    public const int MaxDomainLength = 64;
    public const int MaxTypeLength = 64;
    /// <summary>user_id, account_id, entity_id, session_id.</summary>
    public const int MaxIdLength = 128;
    /// <summary>entity_type, status, provider, service_code.</summary>
    public const int MaxCodeLength = 64;

    /// <summary>Default of Ingestion:MaxProperties.</summary>
    public const int MaxProperties = 64;
    public const int MaxPropertyKeyLength = 64;
    public const int MaxPropertyValueLength = 1024;
}
