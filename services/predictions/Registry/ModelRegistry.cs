using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Suite.Predictions.Domain;
using Suite.ServiceDefaults.Data;

namespace Suite.Predictions.Registry;

/// <summary>
/// The model registry (<c>models</c>, <c>model_promotions</c>): candidates, one active version per (tenant, kind),
/// promotion and rollback. Changes to a (tenant, kind) take a transaction-scoped advisory lock, so two replicas
/// promoting at once serialise instead of leaving two active rows (the partial unique index would refuse that anyway).
/// System scope (docs/tenant-isolation.md): global models (tenant '') serve every tenant next to its own, and the
/// registry sync loads the active versions of all; every query here names its tenant.
/// </summary>
public sealed class ModelRegistry([FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>Tenant of the built-in models shared by every tenant.</summary>
    public const string Global = "";

    private const string Columns = "tenant, kind, version, trainer, source, status, trained_at, rows, holdout_rows, auc, metrics::text, content, metadata::text";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The active model of (tenant, kind); for <see cref="Global"/> trains and stores one first when there is none.</summary>
    public async Task<(StoredModel Model, bool Trained)> GetOrTrainGlobalAsync(string kind, Func<ModelArtifact> train, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, Global, kind, ct);
        var existing = await ReadAsync(conn, tx, "tenant = @tenant and kind = @kind and status = 'active'", Global, kind, null, ct);
        if (existing.Count > 0)
        {
            await tx.CommitAsync(ct);
            return (existing[0], false);
        }
        var stored = await InsertAsync(conn, tx, Global, train(), ModelStatus.Active, ct);
        await RecordPromotionAsync(conn, tx, Global, kind, null, stored.Descriptor.Version, rollback: false, ct);
        await tx.CommitAsync(ct);
        return (stored, true);
    }

    /// <summary>Stores a trained model as a candidate of the tenant; it serves nothing until promoted.</summary>
    public async Task<StoredModel> AddCandidateAsync(string tenant, ModelArtifact artifact, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, tenant, artifact.Kind, ct);
        var stored = await InsertAsync(conn, tx, tenant, artifact, ModelStatus.Candidate, ct);
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>Versions the tenant can see: its own and the global ones, newest first.</summary>
    public async Task<IReadOnlyList<ModelDescriptor>> ListAsync(string tenant, string? kind, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var filter = "tenant in (@tenant, '')" + (kind is null ? "" : " and kind = @kind");
        var rows = await ReadAsync(conn, null, filter + " order by kind, tenant desc, id desc", tenant, kind, null, ct, withContent: false);
        return rows.Select(r => r.Descriptor).ToList();
    }

    /// <summary>One version of the tenant's own (or, for <see cref="Global"/>, a global one); null when unknown.</summary>
    public async Task<StoredModel?> GetAsync(string tenant, string kind, string version, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await ReadAsync(conn, null, "tenant = @tenant and kind = @kind and version = @version", tenant, kind, version, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The active version of (tenant, kind) exactly (no fallback to the global one); null when none.</summary>
    public async Task<StoredModel?> ActiveAsync(string tenant, string kind, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await ReadAsync(conn, null, "tenant = @tenant and kind = @kind and status = 'active'", tenant, kind, null, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Every active (tenant, kind, version): what the serving cache compares itself with.</summary>
    public async Task<IReadOnlyList<(string Tenant, string Kind, string Version)>> ActiveVersionsAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select tenant, kind, version from models where status = 'active'", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new List<(string, string, string)>();
        while (await reader.ReadAsync(ct))
        {
            result.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return result;
    }

    /// <summary>Makes <paramref name="version"/> the active one; the previous active version is retired. Null when unknown.</summary>
    public async Task<StoredModel?> PromoteAsync(string tenant, string kind, string version, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, tenant, kind, ct);
        var target = await ReadAsync(conn, tx, "tenant = @tenant and kind = @kind and version = @version", tenant, kind, version, ct);
        if (target.Count == 0)
        {
            return null;
        }
        var current = await ReadAsync(conn, tx, "tenant = @tenant and kind = @kind and status = 'active'", tenant, kind, null, ct, withContent: false);
        var from = current.Count == 0 ? null : current[0].Descriptor.Version;
        if (from != version)
        {
            await ActivateAsync(conn, tx, tenant, kind, version, ct);
            await RecordPromotionAsync(conn, tx, tenant, kind, from, version, rollback: false, ct);
        }
        await tx.CommitAsync(ct);
        return target[0] with { Descriptor = target[0].Descriptor with { Status = ModelStatus.Active } };
    }

    /// <summary>
    /// Re-activates the version that was active before the current one. Null when there is nothing to go back to
    /// (no active version, or it was the first).
    /// </summary>
    public async Task<StoredModel?> RollbackAsync(string tenant, string kind, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, tenant, kind, ct);
        string? previous = null;
        string? current = null;
        await using (var cmd = new NpgsqlCommand(
            """
            select p.from_version, p.to_version from model_promotions p
            join models m on m.tenant = p.tenant and m.kind = p.kind and m.version = p.to_version and m.status = 'active'
            where p.tenant = @tenant and p.kind = @kind
            order by p.id desc limit 1
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("tenant", tenant);
            cmd.Parameters.AddWithValue("kind", kind);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                previous = reader.IsDBNull(0) ? null : reader.GetString(0);
                current = reader.GetString(1);
            }
        }
        if (previous is null || current is null)
        {
            return null;
        }
        await ActivateAsync(conn, tx, tenant, kind, previous, ct);
        await RecordPromotionAsync(conn, tx, tenant, kind, current, previous, rollback: true, ct);
        var restored = await ReadAsync(conn, tx, "tenant = @tenant and kind = @kind and version = @version", tenant, kind, previous, ct);
        await tx.CommitAsync(ct);
        return restored[0];
    }

    private static async Task ActivateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, string kind, string version, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            update models set status = 'retired' where tenant = @tenant and kind = @kind and status = 'active';
            update models set status = 'active' where tenant = @tenant and kind = @kind and version = @version;
            """, conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.AddWithValue("version", version);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task RecordPromotionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, string kind, string? from, string to, bool rollback, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "insert into model_promotions (tenant, kind, from_version, to_version, rollback) values (@tenant, @kind, @from, @to, @rollback)", conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Text) { Value = (object?)from ?? DBNull.Value });
        cmd.Parameters.AddWithValue("to", to);
        cmd.Parameters.AddWithValue("rollback", rollback);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, string kind, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended('suite.models.' || @tenant || '/' || @kind, 0))", conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("kind", kind);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<StoredModel> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, ModelArtifact artifact, string status, CancellationToken ct)
    {
        long next;
        await using (var count = new NpgsqlCommand("select count(*) + 1 from models where tenant = @tenant and kind = @kind", conn, tx))
        {
            count.Parameters.AddWithValue("tenant", tenant);
            count.Parameters.AddWithValue("kind", artifact.Kind);
            next = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var descriptor = new ModelDescriptor(tenant, artifact.Kind, $"{artifact.Kind}-v{next}", artifact.Trainer, artifact.Source, status,
            clock.GetUtcNow(), artifact.Quality);
        await using var insert = new NpgsqlCommand(
            """
            insert into models (tenant, kind, version, trainer, source, status, trained_at, rows, holdout_rows, auc, metrics, content, metadata)
            values (@tenant, @kind, @version, @trainer, @source, @status, @trained_at, @rows, @holdout_rows, @auc, @metrics::jsonb, @content, @metadata::jsonb)
            """, conn, tx);
        insert.Parameters.AddWithValue("tenant", tenant);
        insert.Parameters.AddWithValue("kind", descriptor.Kind);
        insert.Parameters.AddWithValue("version", descriptor.Version);
        insert.Parameters.AddWithValue("trainer", descriptor.Trainer);
        insert.Parameters.AddWithValue("source", descriptor.Source);
        insert.Parameters.AddWithValue("status", status);
        insert.Parameters.AddWithValue("trained_at", descriptor.TrainedAt);
        insert.Parameters.AddWithValue("rows", Math.Max(1, descriptor.Rows));
        insert.Parameters.AddWithValue("holdout_rows", descriptor.HoldoutRows);
        insert.Parameters.AddWithValue("auc", descriptor.Auc);
        insert.Parameters.AddWithValue("metrics", JsonSerializer.Serialize(artifact.Quality, Json));
        insert.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = artifact.Content });
        insert.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Text) { Value = (object?)artifact.Metadata ?? DBNull.Value });
        await insert.ExecuteNonQueryAsync(ct);
        return new StoredModel(descriptor, artifact.Content, artifact.Metadata);
    }

    private static async Task<List<StoredModel>> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string where, string tenant, string? kind, string? version,
        CancellationToken ct, bool withContent = true)
    {
        var columns = withContent ? Columns : Columns.Replace("content", "''::bytea", StringComparison.Ordinal);
        await using var cmd = new NpgsqlCommand($"select {columns} from models where {where}", conn, tx);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("kind", (object?)kind ?? DBNull.Value);
        cmd.Parameters.AddWithValue("version", (object?)version ?? DBNull.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new List<StoredModel>();
        while (await reader.ReadAsync(ct))
        {
            var rows = reader.GetInt64(7);
            var holdout = reader.GetInt64(8);
            var auc = reader.GetDouble(9);
            // Versions stored before 0003 have only the AUC.
            var quality = reader.IsDBNull(10)
                ? new ModelQuality(rows, holdout, auc, double.NaN, double.NaN, double.NaN, [])
                : JsonSerializer.Deserialize<ModelQuality>(reader.GetString(10), Json)!;
            var descriptor = new ModelDescriptor(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), quality);
            result.Add(new StoredModel(descriptor, reader.GetFieldValue<byte[]>(11), reader.IsDBNull(12) ? null : reader.GetString(12)));
        }
        return result;
    }
}
