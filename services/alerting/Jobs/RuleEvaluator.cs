using Suite.Alerting.Configuration;
using Suite.Alerting.Jobs.DocumentRules;

namespace Suite.Alerting.Jobs;

/// <summary>
/// Every Alerting:EvaluationInterval: an <see cref="EvaluationCycle"/> over the rules table (CreateRule), then a
/// <see cref="KpiRuleCycle"/> over the KPI rules of the configuration documents.
/// </summary>
public sealed class RuleEvaluator(EvaluationCycle cycle, KpiRuleCycle documentRules, AlertingOptions options, TimeProvider clock, ILogger<RuleEvaluator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.EvaluationInterval, clock);
        do
        {
            try
            {
                await cycle.RunOnceAsync(stoppingToken);
                await documentRules.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Typically the database is unreachable; the next tick tries again.
                logger.LogError(ex, "Evaluation cycle failed");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
