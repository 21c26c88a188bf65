using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Suite.ServiceDefaults.Data;

namespace Suite.Ingestion.Data;

public sealed record ErasureResult(Guid AuditId, long EventsErased, DateTimeOffset ErasedAt);

/// <summary>
/// GDPR erasure of one user's events within one tenant, in one transaction with its audit entry. The idempotency
/// keys stay (they hold no personal data): a client that resends an erased event gets DUPLICATE, so a retry can
/// never bring the data back. The user id is also removed from this tenant's outbox messages (pending ones, and the
/// published ones kept for a day), so nothing about the user leaves ingestion after the erasure.
/// </summary>
public sealed class ErasureStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<ErasureResult> EraseUserAsync(string tenant, string userId, string requestedBy, string? reason, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTenantTransactionAsync(tenant, ct);

        long erased;
        await using (var delete = new NpgsqlCommand("delete from events_raw where tenant = $1 and user_id = $2", conn, tx))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = tenant });
            delete.Parameters.Add(new NpgsqlParameter { Value = userId });
            erased = await delete.ExecuteNonQueryAsync(ct);
        }

        await using (var scrub = new NpgsqlCommand(
            """
            update outbox_messages o
            set payload = jsonb_set(o.payload::jsonb, '{events}', (
                select jsonb_agg(case when e->>'userId' = $2 then jsonb_set(e, '{userId}', 'null'::jsonb) else e end order by n)
                from jsonb_array_elements(o.payload::jsonb->'events') with ordinality as x(e, n)))::json
            where o.message_type = 'Suite.Contracts.Events.EventBatchIngested'
              and o.payload->>'tenant' = $1
              and o.payload::jsonb->'events' @> jsonb_build_array(jsonb_build_object('userId', $2::text))
            """, conn, tx))
        {
            scrub.Parameters.Add(new NpgsqlParameter { Value = tenant });
            scrub.Parameters.Add(new NpgsqlParameter { Value = userId });
            await scrub.ExecuteNonQueryAsync(ct);
        }

        var auditId = Guid.CreateVersion7();
        var erasedAt = clock.GetUtcNow();
        await using (var audit = new NpgsqlCommand(
            "insert into erasure_audit (id, tenant, user_id_sha256, requested_by, reason, events_erased, erased_at) values ($1, $2, $3, $4, $5, $6, $7)", conn, tx))
        {
            audit.Parameters.Add(new NpgsqlParameter { Value = auditId });
            audit.Parameters.Add(new NpgsqlParameter { Value = tenant });
            audit.Parameters.Add(new NpgsqlParameter { Value = UserHash(tenant, userId) });
            audit.Parameters.Add(new NpgsqlParameter { Value = requestedBy });
            audit.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            audit.Parameters.Add(new NpgsqlParameter { Value = erased });
            audit.Parameters.Add(new NpgsqlParameter { Value = erasedAt });
            await audit.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new ErasureResult(auditId, erased, erasedAt);
    }

    /// <summary>Hex SHA-256 of "tenant/user_id": lets the audit answer "was this user erased?" without keeping the id.</summary>
    public static string UserHash(string tenant, string userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant + "/" + userId)));
}
