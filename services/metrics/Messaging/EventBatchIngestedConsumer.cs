using MassTransit;
using Suite.Contracts.Events;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Messaging;
using Npgsql;
using Suite.ServiceDefaults.Data;

namespace Suite.Metrics.Messaging;

/// <summary>
/// Rolls ingested batches into the minute/hour/day rollups (with duration sketches), daily_users, subscription_events,
/// user_first_seen, user_events and account_daily. Messages are taken in MassTransit batches (up to
/// <see cref="MessageLimit"/> or <see cref="TimeLimit"/>) and applied in ONE transaction: one upsert per table for all
/// of them instead of one transaction per message, which under load queued on the same hot rollup rows and fell behind.
/// Idempotent: the inbox rows and the increments commit together, and a redelivered message (same MessageId) is left
/// out. Failures throw, so MassTransit retries the batch and finally moves its messages to the error queue.
/// </summary>
public sealed class EventBatchIngestedConsumer(
    NpgsqlDataSource dataSource,
    MetricsTelemetry telemetry,
    TimeProvider clock,
    ILogger<EventBatchIngestedConsumer> logger) : IConsumer<Batch<EventBatchIngested>>
{
    /// <summary>Kept from the first version (minute_counts) so messages applied before 0002 stay applied.</summary>
    public const string InboxName = "metrics.minute_counts";
    public const int MessageLimit = 50;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(50);

    public async Task Consume(ConsumeContext<Batch<EventBatchIngested>> context)
    {
        // The outbox relay publishes with MessageId = BatchId; fall back to it if a transport dropped the header.
        var messages = context.Message.Select(m => (Id: m.MessageId ?? m.Message.BatchId, m.Message)).ToList();
        foreach (var (_, message) in messages)
        {
            if (!TenantContext.IsValidTenant(message.Tenant))
            {
                throw new InvalidOperationException($"EventBatchIngested {message.BatchId} has an invalid tenant");
            }
        }

        var ct = context.CancellationToken;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var fresh = await Inbox.MarkNewAsync(conn, tx, InboxName, messages.Select(m => m.Id), ct);
        var applied = messages.Where(m => fresh.Contains(m.Id)).DistinctBy(m => m.Id).ToList();
        if (applied.Count < messages.Count)
        {
            logger.LogDebug("{Skipped} EventBatchIngested message(s) already applied; skipping the redelivery", messages.Count - applied.Count);
        }
        // Tenants in one order and rows in key order within each: concurrent transactions lock alike (no deadlocks).
        foreach (var tenant in applied.GroupBy(m => m.Message.Tenant).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            await tx.SetTenantAsync(tenant.Key, ct);   // row-level security: this tenant's rows only, until the next
            await ApplyAsync(conn, tx, tenant.Key, tenant.SelectMany(m => m.Message.Events).ToList(), ct);
        }
        await tx.CommitAsync(ct);

        var now = clock.GetUtcNow();
        foreach (var (_, message) in applied)
        {
            telemetry.EventsConsumed.Add(message.Events.Count);
            telemetry.ConsumeLag.Record(Math.Max(0, (now - message.CommittedAt).TotalSeconds));
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IReadOnlyList<IngestedEvent> events, CancellationToken ct)
    {
        foreach (var table in RollupTable.All)
        {
            await RollupStore.AddEventsAsync(conn, tx, tenant, table, events, ct);
        }
        await SubscriptionEventStore.AddAsync(conn, tx, tenant, Revenue.Select(events), ct);
        await UserActivityStore.AddFirstSeenAsync(conn, tx, tenant, UserActivity.FirstSeen(events), ct);
        await UserActivityStore.AddEventsAsync(conn, tx, tenant, UserActivity.Events(events), ct);
        await AccountActivityStore.AddAsync(conn, tx, tenant, AccountHealth.Aggregate(events), ct);
        await AccountActivityStore.AddUsersAsync(conn, tx, tenant, AccountHealth.AccountUsers(events), ct);
        // Last: it takes the tenant's daily_users lock (WAU/MAU are incremental), held only until the commit.
        await RollupStore.AddActiveUsersAsync(conn, tx, tenant, Rollup.ActiveUsers(events), ct);
    }
}
