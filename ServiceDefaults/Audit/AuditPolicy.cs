namespace Suite.ServiceDefaults.Audit;

/// <summary>Which gRPC methods leave an audit row: the one rule for every service (pure).</summary>
public static class AuditPolicy
{
    /// <summary>Method-name prefixes of calls that change state or start work.</summary>
    public static readonly IReadOnlyList<string> MutatingPrefixes =
    [
        "Create", "Update", "Delete", "Put", "Set", "Import", "Export", "Erase", "Train", "Promote", "Rollback", "Run", "Generate",
    ];

    /// <summary>Mutations without a telling prefix, and reads that are privileged (configuration, operations, the audit log itself).</summary>
    public static readonly IReadOnlySet<string> ExactMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "Acknowledge", "Resolve", "TestNotification", "GetIngestionStats", "ListAuditEntries",
    };

    /// <summary>
    /// Ingestion's data plane is never audited per call: thousands of batches a second would bury the log, and each
    /// accepted event is already kept (with its idempotency key) in the events table.
    /// </summary>
    public static readonly IReadOnlySet<string> NotAudited = new HashSet<string>(StringComparer.Ordinal)
    {
        "suite.ingestion.v1.Ingestion/Track",
        "suite.ingestion.v1.Ingestion/TrackBatch",
        "suite.ingestion.v1.Ingestion/Ingest",
    };

    /// <param name="method">As ServerCallContext.Method gives it: "/package.Service/Method".</param>
    public static bool IsAudited(string method)
    {
        var full = method.TrimStart('/');
        if (NotAudited.Contains(full) || full.StartsWith("grpc.", StringComparison.Ordinal))
        {
            return false;
        }
        var name = full[(full.LastIndexOf('/') + 1)..];
        return ExactMethods.Contains(name) || MutatingPrefixes.Any(p => StartsWithWord(name, p));
    }

    // "Resolve" must not make "Reset"/"Runbook" audited by accident: a prefix counts only at a word boundary
    // ("RunEtl", "Run" — not "Running").
    private static bool StartsWithWord(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || char.IsUpper(name[prefix.Length]));
}
