using System.Globalization;
using Suite.Contracts.Audit.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.ServiceDefaults.Audit;

/// <summary>Validates a ListAuditEntries request into an <see cref="AuditQuery"/> for the caller's tenant (pure).</summary>
public static class AuditQueryRules
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static (AuditQuery? Query, IReadOnlyList<FieldViolation> Violations) Validate(ListAuditEntriesRequest request, string tenant)
    {
        var violations = new List<FieldViolation>();
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            violations.Add(new("page_size", $"must be between 0 and {MaxPageSize} (0 = {DefaultPageSize})"));
        }
        long? beforeId = null;
        if (request.PageToken.Length > 0)
        {
            if (long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                beforeId = id;
            }
            else
            {
                violations.Add(new("page_token", "is not a token this service issued"));
            }
        }
        var from = request.From?.ToDateTimeOffset();
        var to = request.To?.ToDateTimeOffset();
        if (from is not null && to is not null && from > to)
        {
            violations.Add(new("from", "must not be after to"));
        }
        if (violations.Count > 0)
        {
            return (null, violations);
        }
        var query = new AuditQuery(tenant, from, to, NullIfEmpty(request.Subject), NullIfEmpty(MethodFilter(request.Method)),
            request.PageSize == 0 ? DefaultPageSize : request.PageSize, beforeId);
        return (query, []);
    }

    /// <summary>The token for the page after one ending at <paramref name="lastId"/>.</summary>
    public static string PageToken(long lastId) => lastId.ToString(CultureInfo.InvariantCulture);

    // Stored methods are "/package.Service/Method": accept the path with or without its leading slash, or the bare name.
    private static string MethodFilter(string method) => method.Contains('/') ? "/" + method.TrimStart('/') : method;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
