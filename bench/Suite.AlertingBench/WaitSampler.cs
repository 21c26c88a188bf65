using Npgsql;

namespace Suite.AlertingBench;

/// <summary>
/// Where the service's PostgreSQL sessions spend their time: samples pg_stat_activity every 20 ms and counts
/// (state, wait event) of the alerting database's other sessions. "idle in transaction/ClientRead" means PostgreSQL
/// waits for the service; "IO/WALSync" for the disk; "Lock/…" for another transaction.
/// </summary>
public sealed class WaitSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _samples;

    private WaitSampler(NpgsqlDataSource db) => _loop = LoopAsync(db);

    public static WaitSampler Start(NpgsqlDataSource db) => new(db);

    private async Task LoopAsync(NpgsqlDataSource db)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync(_stop.Token);
            await using var cmd = new NpgsqlCommand(
                """
                select coalesce(state, '?') || '/' || coalesce(wait_event_type || ':' || wait_event, 'cpu')
                from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
                """, conn);
            while (!_stop.IsCancellationRequested)
            {
                await using (var reader = await cmd.ExecuteReaderAsync(_stop.Token))
                {
                    while (await reader.ReadAsync(_stop.Token))
                    {
                        var key = reader.GetString(0);
                        _counts[key] = _counts.GetValueOrDefault(key) + 1;
                    }
                }
                _samples++;
                await Task.Delay(20, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Mean sessions per sample in each (state, wait), busiest first; plain "idle" (pooled) left out.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var samples = Math.Max(1, _samples);
        return string.Join(", ", _counts.Where(kv => !kv.Key.StartsWith("idle/Client:ClientRead", StringComparison.Ordinal))
            .OrderByDescending(kv => kv.Value).Take(8).Select(kv => $"{kv.Key} {kv.Value / (double)samples:F2}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}
