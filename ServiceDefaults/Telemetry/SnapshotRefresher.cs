using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Suite.ServiceDefaults.Telemetry;

/// <summary>
/// Refreshes what observable gauges report from the database every <see cref="Interval"/>: a scrape then reads a
/// cached snapshot (no query per scrape), and every replica reports the same database-wide numbers. A failed refresh
/// keeps the last snapshot and is logged; the next one tries again. <c>Telemetry:GaugeRefresh</c> sets the interval
/// (default 30 s, at least 1 s).
/// </summary>
public abstract class SnapshotRefresher(TimeProvider clock, ILogger logger, IConfiguration configuration) : BackgroundService
{
    public TimeSpan Interval { get; } = IntervalFrom(configuration);

    public static TimeSpan IntervalFrom(IConfiguration configuration)
    {
        var interval = configuration.GetValue("Telemetry:GaugeRefresh", TimeSpan.FromSeconds(30));
        return interval >= TimeSpan.FromSeconds(1)
            ? interval
            : throw new InvalidOperationException($"Telemetry:GaugeRefresh must be at least 00:00:01 (was {interval})");
    }

    protected abstract Task RefreshAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refreshing the {Gauges} gauges failed; the last values stay", GetType().Name);
            }
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
