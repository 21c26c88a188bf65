using Suite.Predictions.Domain;
using Suite.Predictions.Features;
using Suite.Predictions.Models;
using Suite.Predictions.Training;

namespace Suite.Predictions.Jobs;

/// <summary>
/// Scheduled retraining: for every tenant in the feature store and every kind, trains a candidate from the tenant's
/// own rows and promotes it only when it beats the model serving that tenant on the candidate's holdout. Tenants
/// with too little data are skipped (logged). Two replicas may both train; promotion is serialised by the registry.
/// </summary>
public sealed class RetrainingJob(
    IFeatureLookup features,
    ITrainingData data,
    TrainingService training,
    PredictionsOptions options,
    TimeProvider clock,
    ILogger<RetrainingJob> logger) : CronJob(options.RetrainCron, options.Zone, clock, logger)
{
    public const int WindowDays = 180;

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        foreach (var tenant in await features.TenantsAsync(ct))
        {
            foreach (var kind in ModelKinds.All)
            {
                var snapshot = kind == ModelKinds.Churn ? today.AddDays(-90) : today;
                var candidate = await FeatureStoreTraining.TrainAsync(data, tenant, kind, snapshot, WindowDays, ChurnTrainer.Auto, options, ct);
                if (candidate.Candidate is null)
                {
                    logger.LogInformation("Retraining {Kind} for {Tenant} skipped: {Problem}", kind, tenant, candidate.Problem);
                    continue;
                }
                var outcome = await training.RegisterAsync(tenant, candidate.Candidate, promoteIfBetter: true, ct);
                logger.LogInformation("Retrained {Kind} for {Tenant}: {Version} {Decision}", kind, tenant, outcome.Candidate.Descriptor.Version,
                    outcome.Promoted ? "promoted" : "kept as candidate");
            }
        }
    }
}
