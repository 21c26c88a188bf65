using Npgsql;
using NpgsqlTypes;
using Suite.Predictions.Models;

namespace Suite.Predictions.Data;

/// <summary>A model as stored in the registry: its description and the bytes of mlContext.Model.Save.</summary>
public sealed record StoredModel(ModelDescriptor Descriptor, byte[] Content);

/// <summary>The model registry table (<c>models</c>).</summary>
public sealed class ModelStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = "kind, version, trainer, trained_at, rows, holdout_rows, auc, content";

    /// <summary>
    /// The active model of a kind; when there is none, trains one with <paramref name="train"/> and stores it as the
    /// first active version. A per-kind advisory lock makes replicas that start together train once: the others wait
    /// and then load what the first stored.
    /// </summary>
    public async Task<(StoredModel Model, bool Trained)> GetOrTrainAsync(string kind, Func<TrainedModel> train, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('suite.models.' || @kind))", conn, tx))
        {
            lockCmd.Parameters.AddWithValue("kind", kind);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        var existing = await ReadActiveAsync(conn, tx, kind, ct);
        if (existing is not null)
        {
            await tx.CommitAsync(ct);
            return (existing, false);
        }

        var trained = train();
        long next;
        await using (var count = new NpgsqlCommand("select count(*) + 1 from models where kind = @kind", conn, tx))
        {
            count.Parameters.AddWithValue("kind", kind);
            next = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var descriptor = new ModelDescriptor(kind, $"{kind}-v{next}", trained.Trainer, clock.GetUtcNow(), trained.Rows, trained.HoldoutRows, trained.Auc);
        await using (var insert = new NpgsqlCommand(
            $"insert into models ({Columns}, is_active) values (@kind, @version, @trainer, @trained_at, @rows, @holdout_rows, @auc, @content, true)", conn, tx))
        {
            insert.Parameters.AddWithValue("kind", descriptor.Kind);
            insert.Parameters.AddWithValue("version", descriptor.Version);
            insert.Parameters.AddWithValue("trainer", descriptor.Trainer);
            insert.Parameters.AddWithValue("trained_at", descriptor.TrainedAt);
            insert.Parameters.AddWithValue("rows", descriptor.Rows);
            insert.Parameters.AddWithValue("holdout_rows", descriptor.HoldoutRows);
            insert.Parameters.AddWithValue("auc", descriptor.Auc);
            insert.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = trained.Content });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (new StoredModel(descriptor, trained.Content), true);
    }

    private static async Task<StoredModel?> ReadActiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string kind, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select {Columns} from models where kind = @kind and is_active", conn, tx);
        cmd.Parameters.AddWithValue("kind", kind);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        var descriptor = new ModelDescriptor(
            Kind: reader.GetString(0),
            Version: reader.GetString(1),
            Trainer: reader.GetString(2),
            TrainedAt: reader.GetFieldValue<DateTimeOffset>(3),
            Rows: reader.GetInt64(4),
            HoldoutRows: reader.GetInt64(5),
            Auc: reader.GetDouble(6));
        return new StoredModel(descriptor, reader.GetFieldValue<byte[]>(7));
    }
}
