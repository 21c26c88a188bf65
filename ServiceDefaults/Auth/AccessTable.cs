using System.Collections.Frozen;

namespace Suite.ServiceDefaults.Auth;

/// <summary>Who may call one RPC: its full gRPC name ("/package.Service/Method") and the roles allowed.</summary>
public sealed record MethodAccess(string Package, string Service, string Method, IReadOnlySet<string> Roles)
{
    public string FullName => $"/{Package}.{Service}/{Method}";

    /// <summary>"Service/Method": unique across the suite, used in messages and docs/security.md.</summary>
    public string ShortName => $"{Service}/{Method}";
}

/// <summary>
/// Roles per RPC for every suite service, enforced by <see cref="RoleInterceptor"/>. A method missing here is denied
/// (fail closed); docs/security.md renders this table and a test keeps the two equal. Why each role gets what it gets
/// is written there.
/// </summary>
public static class AccessTable
{
    private const string A = SuiteRoles.Admin, E = SuiteRoles.Executive, M = SuiteRoles.Monitor, R = SuiteRoles.Reader,
        C = SuiteRoles.Client, S = SuiteRoles.Service;

    /// <summary>gRPC health and reflection stay anonymous (mapped with AllowAnonymous); the interceptor lets them pass.</summary>
    public static readonly IReadOnlySet<string> AnonymousServices = new HashSet<string>(StringComparer.Ordinal)
    {
        "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection",
    };

    public static readonly IReadOnlyList<MethodAccess> Methods =
    [
        .. Service("suite.ingestion.v1", "Ingestion",
            ("Track", [A, C]),
            ("TrackBatch", [A, C]),
            ("Ingest", [A, C]),
            ("EraseUser", [A]),
            ("GetIngestionStats", [A, M])),
        .. Service("suite.metrics.v1", "Metrics",
            ("GetKpiSeries", [A, E, M, R, S]),
            ("GetKpiSeriesBatch", [A, E, M, R, S]),
            ("ListKpis", [A, E, M, R]),
            ("CreateKpi", [A]),
            ("DeleteKpi", [A]),
            ("GetOverview", [A, E, M]),
            ("WatchKpis", [A, M]),
            ("GetAccountHealth", [A, E, M, S]),
            ("RunEtl", [A]),
            ("GetEtlStatus", [A, M]),
            ("GetRevenueMetrics", [A, E, S]),
            ("GetCohortRetention", [A, E, S]),
            ("GetFunnel", [A, E])),
        .. Service("suite.predictions.v1", "Predictions",
            ("ScoreChurn", [A]),
            ("ScoreConversion", [A]),
            ("ScoreThreat", [A, M]),
            ("ScoreChurnBatch", [A]),
            ("ScoreConversionBatch", [A]),
            ("ScoreThreatBatch", [A, M]),
            ("ExplainPrediction", [A]),
            ("ListAtRiskAccounts", [A, E, S]),
            ("ForecastSeries", [A, E, S]),
            ("ForecastAdoption", [A, E]),
            ("SegmentAccounts", [A, E]),
            ("TrainModel", [A]),
            ("TrainModelFromCsv", [A]),
            ("ListModels", [A, M]),
            ("PromoteModel", [A]),
            ("RollbackModel", [A]),
            ("GetActiveModel", [A, M])),
        .. Service("suite.alerting.v1", "Alerting",
            ("CreateRule", [A]),
            ("ListRules", [A, M]),
            ("DeleteRule", [A]),
            ("ListAlerts", [A, M]),
            ("Acknowledge", [A, M]),
            ("Resolve", [A, M]),
            ("ListIncidents", [A, M]),
            ("TestNotification", [A]),
            ("WatchAlerts", [A, M])),
        .. Service("suite.alerting.v1", "AlertConfig",
            ("ImportConfig", [A]),
            ("ExportConfig", [A]),
            ("GetConfigItem", [A]),
            ("ListConfigItems", [A]),
            ("PutConfigItem", [A]),
            ("DeleteConfigItem", [A]),
            ("SetRoutes", [A])),
        .. Service("suite.reporting.v1", "Reporting",
            ("GenerateReport", [A, E]),
            ("GetReport", [A, E]),
            ("CreateSubscription", [A]),
            ("UpdateSubscription", [A]),
            ("DeleteSubscription", [A]),
            ("GetSubscription", [A, E]),
            ("ListSubscriptions", [A, E]),
            ("ListRuns", [A, E])),
        // Served by every service (its own audit rows).
        .. Service("suite.audit.v1", "Audit",
            ("ListAuditEntries", [A])),
    ];

    private static readonly FrozenDictionary<string, MethodAccess> ByFullName = Methods.ToFrozenDictionary(m => m.FullName, StringComparer.Ordinal);

    public static MethodAccess? Find(string fullMethod) => ByFullName.GetValueOrDefault(fullMethod);

    /// <summary>Allows a caller with at least one of the method's roles; anything not in the table is denied.</summary>
    public static AccessDecision Decide(string fullMethod, IReadOnlyCollection<string> callerRoles)
    {
        if (Find(fullMethod) is not { } access)
        {
            return AccessDecision.Deny($"{fullMethod} is not in the access table: denied");
        }
        var granting = SuiteRoles.All.Where(r => callerRoles.Contains(r) && access.Roles.Contains(r)).ToList();
        return granting.Count > 0
            ? AccessDecision.Allow(granting)
            : AccessDecision.Deny($"{Describe(callerRoles)} may not call {access.ShortName} (allowed: {string.Join(", ", SuiteRoles.All.Where(access.Roles.Contains))})");
    }

    private static string Describe(IReadOnlyCollection<string> roles) => roles.Count switch
    {
        0 => "a token without a role",
        1 => $"role '{roles.First()}'",
        _ => $"roles '{string.Join(", ", roles)}'",
    };

    private static IEnumerable<MethodAccess> Service(string package, string service, params (string Method, string[] Roles)[] methods) =>
        methods.Select(m => new MethodAccess(package, service, m.Method, m.Roles.ToFrozenSet(StringComparer.Ordinal)));
}

/// <summary>The outcome of <see cref="AccessTable.Decide"/>: the caller's roles that grant the call, or why it is denied.</summary>
public sealed record AccessDecision(bool Allowed, IReadOnlyList<string> GrantedBy, string? Reason)
{
    public static AccessDecision Allow(IReadOnlyList<string> grantedBy) => new(true, grantedBy, null);
    public static AccessDecision Deny(string reason) => new(false, [], reason);

    /// <summary>True when <paramref name="role"/> is the only role granting the call (its limits then apply).</summary>
    public bool OnlyAs(string role) => GrantedBy is [var only] && only == role;
}
