using Suite.Predictions.Domain;
using Suite.Predictions.Features;
using Suite.Predictions.Registry;
using Suite.Predictions.Scoring;

namespace Suite.Predictions.Jobs;

/// <summary>
/// Scores every account in the feature store with the churn model serving its tenant and records the levels, so an
/// account moving up a risk level publishes ChurnRiskChanged even when nobody asked for its score.
/// </summary>
public sealed class RiskScanJob(
    IFeatureLookup features,
    ServingModels serving,
    RiskStateStore riskState,
    PredictionsOptions options,
    TimeProvider clock,
    ILogger<RiskScanJob> logger) : CronJob(options.RiskScanCron, options.Zone, clock, logger)
{
    public override async Task RunOnceAsync(CancellationToken ct)
    {
        foreach (var tenant in await features.TenantsAsync(ct))
        {
            if (!serving.TryResolve(tenant, ModelKinds.Churn, out var model) || model is not ChurnModel churn)
            {
                continue;   // a CSV churn model needs columns the feature store does not have
            }
            var accounts = await features.AccountsAsync(tenant, [], Clock.GetUtcNow(), ct);
            var published = await riskState.RecordChurnAsync(tenant, accounts.Select(a => (a.AccountId, churn.Score(a.Features))).ToList(), ct);
            logger.LogInformation("Risk scan for {Tenant}: {Accounts} accounts, {Published} moved up a level", tenant, accounts.Count, published);
        }
    }
}
