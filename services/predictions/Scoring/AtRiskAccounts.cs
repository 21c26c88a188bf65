using Npgsql;
using Suite.Predictions.Domain;
using Suite.ServiceDefaults.Data;

namespace Suite.Predictions.Scoring;

/// <summary>One account's churn risk as last recorded in account_risk.</summary>
public sealed record RecordedRisk(string AccountId, double Probability, ChurnRiskLevel Level, DateTimeOffset LevelSince, DateTimeOffset ScoredAt);

/// <summary>The tenant's accounts at a risk level or above (riskiest first), with the count per level before the limit.</summary>
public sealed record AtRiskList(IReadOnlyList<RecordedRisk> Accounts, IReadOnlyDictionary<ChurnRiskLevel, long> Counts);

/// <summary>
/// Reads account_risk (written by <see cref="RiskStateStore"/>): what ListAtRiskAccounts answers from. An account that has
/// cancelled is lost, not at risk: it is left out, as the risk scan leaves it out (its last recorded level stays in
/// account_risk, so a cancellation after a high score would otherwise keep it in digests for good).
/// </summary>
public sealed class AtRiskAccounts(NpgsqlDataSource dataSource)
{
    internal const string NotCancelled =
        "not exists (select 1 from fs_cancellations c where c.tenant = r.tenant and c.account_id = r.account_id)";

    public async Task<AtRiskList> ListAsync(string tenant, ChurnRiskLevel minLevel, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        var accounts = new List<RecordedRisk>();
        await using (var cmd = new NpgsqlCommand(
            $"""
            select account_id, probability, level, level_since, scored_at from account_risk r
            where tenant = @tenant and level >= @level and {NotCancelled}
            order by probability desc, account_id
            limit @limit
            """, conn))
        {
            cmd.Parameters.AddWithValue("tenant", tenant);
            cmd.Parameters.AddWithValue("level", (short)minLevel);
            cmd.Parameters.AddWithValue("limit", limit);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                accounts.Add(new RecordedRisk(reader.GetString(0), reader.GetDouble(1), (ChurnRiskLevel)reader.GetInt16(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }
        var counts = new Dictionary<ChurnRiskLevel, long>();
        await using (var cmd = new NpgsqlCommand(
            $"select level, count(*) from account_risk r where tenant = @tenant and level >= @level and {NotCancelled} group by level", conn))
        {
            cmd.Parameters.AddWithValue("tenant", tenant);
            cmd.Parameters.AddWithValue("level", (short)minLevel);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counts[(ChurnRiskLevel)reader.GetInt16(0)] = reader.GetInt64(1);
            }
        }
        return new AtRiskList(accounts, counts);
    }
}
