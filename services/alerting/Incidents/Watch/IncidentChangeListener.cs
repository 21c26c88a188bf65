using Npgsql;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Incidents.Watch;

/// <summary>
/// One LISTEN connection per replica on <see cref="IncidentChange.Channel"/>: every incident change committed by any
/// replica reaches this replica's watchers through <see cref="IncidentWatchHub"/>. When the connection breaks,
/// watchers are ended (they may have missed changes) and the listener reconnects. System scope: it reads back the
/// changed incidents of every tenant (the hub hands each to its own tenant's watchers).
/// </summary>
public sealed class IncidentChangeListener([FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource db, IncidentWatchHub hub, ILogger<IncidentChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan Keepalive = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Incident change listener lost its connection; reconnecting in {Backoff}", backoff);
                hub.Disconnected("database connection lost");
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
                continue;
            }
        }
        hub.Disconnected("the service is stopping");
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var pending = new List<IncidentChange.Announcement>();
        conn.Notification += (_, e) =>
        {
            try
            {
                pending.Add(IncidentChange.Parse(e.Payload));
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                logger.LogError(ex, "Unreadable incident change notification: {Payload}", e.Payload);
            }
        };
        await using (var listen = new NpgsqlCommand($"listen {IncidentChange.Channel}", conn))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }
        hub.Connected();
        while (true)
        {
            // Notifications are raised inside WaitAsync; a timeout just checks the connection is alive.
            if (!await conn.WaitAsync(Keepalive, ct))
            {
                await using var ping = new NpgsqlCommand("select 1", conn);
                await ping.ExecuteScalarAsync(ct);
            }
            var batch = pending.ToArray();
            pending.Clear();
            foreach (var announcement in batch)
            {
                if (announcement.Change is { } change)
                {
                    hub.Publish(change);
                }
                else if (await IncidentStore.GetWithSeqAsync(db, announcement.Id, ct) is { } row)
                {
                    // Too big for a payload: the row as it is now (at least as new as the announced change).
                    hub.Publish(new IncidentChange(row.Incident, row.Seq));
                }
            }
        }
    }
}
