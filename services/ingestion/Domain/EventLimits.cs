namespace Suite.Ingestion.Domain;

/// <summary>Hard limits on one event and one batch. They keep rows, messages and rollup keys bounded.</summary>
public static class EventLimits
{
    public const int MaxBatchEvents = 1000;
    public const int MaxBatchIdLength = 128;

    public const int MaxDomainLength = 64;
    public const int MaxTypeLength = 64;
    /// <summary>user_id, account_id, entity_id, session_id.</summary>
    public const int MaxIdLength = 128;
    /// <summary>entity_type, status, provider, service_code.</summary>
    public const int MaxCodeLength = 64;

    public const int MaxProperties = 64;
    public const int MaxPropertyKeyLength = 64;
    public const int MaxPropertyValueLength = 1024;
}
