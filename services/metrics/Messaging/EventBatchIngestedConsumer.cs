using MassTransit;
using Suite.Contracts.Events;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Messaging;
using Npgsql;

namespace Suite.Metrics.Messaging;

/// <summary>
/// Rolls a batch of ingested events into the minute/hour/day rollups (with duration sketches), daily_users, subscription_events, user_first_seen, user_events and account_daily. Idempotent: the inbox row and the increments commit
/// in one transaction, so a redelivered message (same MessageId) changes nothing. Failures throw, so MassTransit
/// retries and finally moves the message to the error queue.
/// </summary>
public sealed class EventBatchIngestedConsumer(
    NpgsqlDataSource dataSource,
    MetricsTelemetry telemetry,
    TimeProvider clock,
    ILogger<EventBatchIngestedConsumer> logger) : IConsumer<EventBatchIngested>
{
    /// <summary>Kept from the first version (minute_counts) so messages applied before 0002 stay applied.</summary>
    public const string InboxName = "metrics.minute_counts";

    public async Task Consume(ConsumeContext<EventBatchIngested> context)
    {
        var message = context.Message;
        if (!TenantContext.IsValidTenant(message.Tenant))
        {
            throw new InvalidOperationException($"EventBatchIngested {message.BatchId} has an invalid tenant");
        }
        // The outbox relay publishes with MessageId = BatchId; fall back to it if a transport dropped the header.
        var messageId = context.MessageId ?? message.BatchId;
        var rollups = RollupTable.All.Select(t => (Table: t, Rows: Rollup.Aggregate(message.Events, t), Sketches: Rollup.DurationSketches(message.Events, t))).ToList();
        var users = Rollup.ActiveUsers(message.Events);
        var subscriptions = Revenue.Select(message.Events);
        var firstSeen = UserActivity.FirstSeen(message.Events);
        var userEvents = UserActivity.Events(message.Events);
        var accounts = AccountHealth.Aggregate(message.Events);

        var ct = context.CancellationToken;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await Inbox.TryMarkProcessedAsync(conn, tx, InboxName, messageId, ct))
        {
            await tx.RollbackAsync(ct);
            logger.LogDebug("EventBatchIngested {MessageId} already applied; skipping redelivery", messageId);
            return;
        }
        foreach (var (table, rows, sketches) in rollups)
        {
            await RollupStore.AddAsync(conn, tx, message.Tenant, table, rows, sketches, ct);
        }
        await RollupStore.AddActiveUsersAsync(conn, tx, message.Tenant, users, ct);
        await SubscriptionEventStore.AddAsync(conn, tx, message.Tenant, subscriptions, ct);
        await UserActivityStore.AddFirstSeenAsync(conn, tx, message.Tenant, firstSeen, ct);
        await UserActivityStore.AddEventsAsync(conn, tx, message.Tenant, userEvents, ct);
        await AccountActivityStore.AddAsync(conn, tx, message.Tenant, accounts, ct);
        await tx.CommitAsync(ct);

        telemetry.EventsConsumed.Add(message.Events.Count);
        telemetry.ConsumeLag.Record(Math.Max(0, (clock.GetUtcNow() - message.CommittedAt).TotalSeconds));
    }
}
