using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Audit.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.ServiceDefaults.Audit;

/// <summary>suite.audit.v1.Audit on every service: its own audit rows, for the caller's tenant, to admins only.</summary>
public sealed class AuditApi(AuditStore store) : Contracts.Audit.V1.Audit.AuditBase
{
    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        // Admins only: enforced by the access table (RoleInterceptor), like every RPC.
        var (query, violations) = AuditQueryRules.Validate(request, tenant);
        if (query is null)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var rows = await store.PageAsync(query, context.CancellationToken);
        var response = new ListAuditEntriesResponse();
        response.Entries.AddRange(rows.Take(query.PageSize).Select(ToEntry));
        if (rows.Count > query.PageSize)
        {
            response.NextPageToken = AuditQueryRules.PageToken(rows[query.PageSize - 1].Id);
        }
        return response;
    }

    private static AuditEntry ToEntry(StoredAuditRecord row) => new()
    {
        Id = row.Id,
        Time = Timestamp.FromDateTimeOffset(row.Record.At),
        Tenant = row.Record.Tenant,
        Subject = row.Record.Subject,
        Roles = { row.Record.Roles },
        Method = row.Record.Method,
        Summary = row.Record.Summary,
        Status = row.Record.Status,
        DurationMs = row.Record.DurationMs,
    };
}
