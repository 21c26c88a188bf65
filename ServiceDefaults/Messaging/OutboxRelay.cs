using System.Diagnostics;
using System.Runtime.CompilerServices;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Suite.Contracts.Events;

namespace Suite.ServiceDefaults.Messaging;

/// <summary>
/// Publishes outbox rows. Rows are claimed with FOR UPDATE SKIP LOCKED (replicas share the work, never the same
/// row), published with the row id as MessageId, and marked in the same transaction. A failed publish backs off
/// exponentially (1 s … 5 min); nothing is dropped. Published rows are kept a day for diagnosis, then deleted.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    OutboxMetrics metrics,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A busy writer signals after every commit; relaying each one alone would cost a transaction (and a disk flush)
    /// per message. Cycles at most this often gather what arrived meanwhile, for a few ms of extra publish delay.
    /// </summary>
    private static readonly TimeSpan MinCycle = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan BacklogRefresh = TimeSpan.FromSeconds(1);
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;
    private DateTimeOffset _nextBacklogRefresh = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            var cycleStarted = Stopwatch.GetTimestamp();
            try
            {
                published = await RelayOnceAsync(stoppingToken);
                await RefreshBacklogAsync(stoppingToken);
                await CleanupAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox relay cycle failed; retrying");
            }
            if (published < BatchSize)
            {
                try
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                    if (MinCycle - Stopwatch.GetElapsedTime(cycleStarted) is { Ticks: > 0 } rest)
                    {
                        await Task.Delay(rest, stoppingToken);   // real time: a test clock may stand still
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <returns>How many rows were published in this cycle.</returns>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = new List<(Guid Id, string Type, byte[] Payload, int Attempts)>();
        await using (var select = new NpgsqlCommand(
            """
            select id, message_type, payload, attempts from outbox_messages
            where published_at is null and next_attempt_at <= now()
            order by created_at
            limit @n
            for update skip locked
            """, conn, tx))
        {
            select.Parameters.AddWithValue("n", BatchSize);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.GetInt32(3)));
            }
        }
        if (rows.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PublishTimeout);
        var results = await Task.WhenAll(rows.Select(r => PublishAsync(r.Id, r.Type, r.Payload, timeout.Token)));

        var ok = new List<Guid>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i] is null)
            {
                ok.Add(rows[i].Id);
                continue;
            }
            var delay = NextDelay(rows[i].Attempts + 1);
            await using var fail = new NpgsqlCommand(
                "update outbox_messages set attempts = attempts + 1, next_attempt_at = now() + @delay, last_error = @err where id = @id", conn, tx);
            fail.Parameters.AddWithValue("delay", delay);
            fail.Parameters.AddWithValue("err", results[i]!);
            fail.Parameters.AddWithValue("id", rows[i].Id);
            await fail.ExecuteNonQueryAsync(ct);
        }
        if (ok.Count > 0)
        {
            await using var mark = new NpgsqlCommand("update outbox_messages set published_at = now() where id = any(@ids)", conn, tx);
            mark.Parameters.AddWithValue("ids", ok.ToArray());
            await mark.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);

        metrics.Published.Add(ok.Count);
        if (ok.Count < rows.Count)
        {
            metrics.Failures.Add(rows.Count - ok.Count);
            logger.LogWarning("Outbox: {Failed} of {Total} messages failed to publish; will retry", rows.Count - ok.Count, rows.Count);
        }
        return ok.Count;
    }

    /// <summary>Exponential backoff for the n-th failed attempt: 1 s, 2 s, 4 s … capped at 5 min.</summary>
    public static TimeSpan NextDelay(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Clamp(attempt - 1, 0, 16))));

    /// <returns>null on success, else the error text.</returns>
    /// <remarks>
    /// The stored JSON goes out as it is (<see cref="PassThroughSerializer"/>): turning it into objects only for
    /// MassTransit to write them back was a quarter of ingestion's CPU. MassTransit routes by the published type, so it
    /// gets an empty instance of that type, which nothing reads.
    /// </remarks>
    private async Task<string?> PublishAsync(Guid id, string typeName, byte[] payload, CancellationToken ct)
    {
        try
        {
            var type = typeof(EventBatchIngested).Assembly.GetType(typeName)
                ?? throw new InvalidOperationException($"unknown message type {typeName}");
            var routing = RuntimeHelpers.GetUninitializedObject(type);
            await bus.Publish(routing, type, ctx =>
            {
                ctx.MessageId = id;
                ctx.Serializer = new PassThroughSerializer(payload);
            }, ct);
            return null;
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private async Task RefreshBacklogAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < _nextBacklogRefresh)
        {
            return;
        }
        _nextBacklogRefresh = now + BacklogRefresh;
        await using var cmd = dataSource.CreateCommand(
            "select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)::float8 from outbox_messages where published_at is null");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (await reader.ReadAsync(ct))
        {
            metrics.SetBacklog(reader.GetInt64(0), reader.GetDouble(1));
        }
    }

    private async Task CleanupAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < _nextCleanup)
        {
            return;
        }
        _nextCleanup = now.AddMinutes(5);
        await using var cmd = dataSource.CreateCommand("delete from outbox_messages where published_at < now() - interval '1 day'");
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
