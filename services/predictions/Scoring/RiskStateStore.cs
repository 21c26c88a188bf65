using Npgsql;
using Suite.Contracts.Events;
using Suite.Predictions.Domain;
using Suite.ServiceDefaults.Messaging;
using Suite.ServiceDefaults.Data;

namespace Suite.Predictions.Scoring;

/// <summary>
/// Keeps the last churn risk level per account (account_risk) and, in the same transaction, puts ChurnRiskChanged
/// into the outbox when an account moves up a level; ThreatDetected goes through the outbox the same way.
/// </summary>
public sealed class RiskStateStore(NpgsqlDataSource dataSource, OutboxSignal outboxSignal, TimeProvider clock)
{
    /// <summary>Records the scores; returns how many ChurnRiskChanged were published.</summary>
    public async Task<int> RecordChurnAsync(string tenant, IReadOnlyList<(string AccountId, double Probability)> scores, CancellationToken ct)
    {
        if (scores.Count == 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var ordered = scores.DistinctBy(s => s.AccountId).OrderBy(s => s.AccountId, StringComparer.Ordinal).ToList();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTenantTransactionAsync(tenant, ct);
        var previous = new Dictionary<string, ChurnRiskLevel>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(
            "select account_id, level from account_risk where tenant = @tenant and account_id = any(@ids) order by account_id for update", conn, tx))
        {
            cmd.Parameters.AddWithValue("tenant", tenant);
            cmd.Parameters.AddWithValue("ids", ordered.Select(s => s.AccountId).ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                previous[reader.GetString(0)] = (ChurnRiskLevel)reader.GetInt16(1);
            }
        }
        await using (var upsert = new NpgsqlCommand(
            """
            insert into account_risk (tenant, account_id, level, probability, scored_at, level_since)
            select @tenant, s.* , @now, @now from unnest(@ids, @levels, @probabilities) as s(account_id, level, probability)
            on conflict (tenant, account_id) do update set level = excluded.level, probability = excluded.probability, scored_at = excluded.scored_at,
                level_since = case when account_risk.level = excluded.level then account_risk.level_since else excluded.scored_at end
            """, conn, tx))
        {
            upsert.Parameters.AddWithValue("tenant", tenant);
            upsert.Parameters.AddWithValue("now", now);
            upsert.Parameters.AddWithValue("ids", ordered.Select(s => s.AccountId).ToArray());
            upsert.Parameters.AddWithValue("levels", ordered.Select(s => (short)RiskLevels.For(s.Probability)).ToArray());
            upsert.Parameters.AddWithValue("probabilities", ordered.Select(s => s.Probability).ToArray());
            await upsert.ExecuteNonQueryAsync(ct);
        }
        var published = 0;
        foreach (var (accountId, probability) in ordered)
        {
            var level = RiskLevels.For(probability);
            ChurnRiskLevel? before = previous.TryGetValue(accountId, out var p) ? p : null;
            if (RiskTransitions.IsEscalation(before, level))
            {
                await Outbox.EnqueueAsync(conn, tx,
                    new ChurnRiskChanged(tenant, accountId, (before ?? ChurnRiskLevel.Low).Name(), level.Name(), probability, now), Guid.NewGuid(), ct);
                published++;
            }
        }
        await tx.CommitAsync(ct);
        if (published > 0)
        {
            outboxSignal.Notify();
        }
        return published;
    }

    public Task PublishThreatAsync(ThreatDetected threat, CancellationToken ct) => PublishThreatsAsync([threat], ct);

    public async Task PublishThreatsAsync(IReadOnlyList<ThreatDetected> threats, CancellationToken ct)
    {
        if (threats.Count == 0)
        {
            return;
        }
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);   // the outbox only: no tenant table
        foreach (var threat in threats)
        {
            await Outbox.EnqueueAsync(conn, tx, threat, Guid.NewGuid(), ct);
        }
        await tx.CommitAsync(ct);
        outboxSignal.Notify();
    }
}
