using MassTransit;
using Npgsql;
using Suite.Contracts.Events;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Messaging;
using Suite.ServiceDefaults.Data;

namespace Suite.Predictions.Features;

/// <summary>
/// Feeds the feature store from ingested batches: MassTransit batches of messages applied in one transaction with
/// their inbox rows (a redelivery is skipped), then the successful logins they brought are scored for threats.
/// </summary>
public sealed class FeatureStoreConsumer(NpgsqlDataSource dataSource, LoginThreatWatch threats, ILogger<FeatureStoreConsumer> logger)
    : IConsumer<Batch<EventBatchIngested>>
{
    public const string InboxName = "predictions.feature_store";
    public const int MessageLimit = 50;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(100);

    public async Task Consume(ConsumeContext<Batch<EventBatchIngested>> context)
    {
        var messages = context.Message.Select(m => (Id: m.MessageId ?? m.Message.BatchId, m.Message)).ToList();
        if (messages.FirstOrDefault(m => !TenantContext.IsValidTenant(m.Message.Tenant)) is { Message: not null } bad)
        {
            throw new InvalidOperationException($"EventBatchIngested {bad.Message.BatchId} has an invalid tenant");
        }
        var ct = context.CancellationToken;
        var logins = new List<(string Tenant, IReadOnlyList<Guid> EventIds)>();
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var fresh = await Inbox.MarkNewAsync(conn, tx, InboxName, messages.Select(m => m.Id), ct);
            var applied = messages.Where(m => fresh.Contains(m.Id)).DistinctBy(m => m.Id).ToList();
            if (applied.Count < messages.Count)
            {
                logger.LogDebug("{Skipped} EventBatchIngested message(s) already in the feature store; skipping", messages.Count - applied.Count);
            }
            foreach (var tenant in applied.GroupBy(m => m.Message.Tenant).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                await tx.SetTenantAsync(tenant.Key, ct);   // row-level security: this tenant's rows only, until the next
                var facts = FeatureFacts.From(tenant.SelectMany(m => m.Message.Events).ToList());
                await FeatureStoreWriter.WriteAsync(conn, tx, tenant.Key, facts, ct);
                logins.Add((tenant.Key, facts.Logins.Where(l => l.Success).Select(l => l.EventId).ToList()));
            }
            await tx.CommitAsync(ct);
        }
        foreach (var (tenant, eventIds) in logins.Where(l => l.EventIds.Count > 0))
        {
            await threats.ScoreAsync(tenant, eventIds, ct);
        }
    }
}
