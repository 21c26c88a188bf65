using Suite.Predictions.Data;
using Suite.Predictions.Domain;
using Suite.Predictions.Models;

namespace Suite.Predictions.Jobs;

/// <summary>
/// At start-up: loads the active churn model from the registry, or trains and stores the first one when there is
/// none. Until it is done the service answers Unavailable and /health is not ready. Retries while the database is
/// unreachable.
/// </summary>
public sealed class ModelBootstrapper(
    ModelStore store,
    ActiveModels active,
    ChurnTrainingOptions options,
    ILogger<ModelBootstrapper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var (stored, trained) = await store.GetOrTrainAsync(ModelKinds.Churn, TrainChurn, stoppingToken);
                active.Activate(ServingModel.Load(stored.Descriptor, stored.Content));
                var d = stored.Descriptor;
                logger.LogInformation("{Action} churn model {Version} ({Trainer}, {Rows} rows, holdout AUC {Auc:F4})",
                    trained ? "Trained and stored" : "Loaded", d.Version, d.Trainer, d.Rows, d.Auc);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(30, attempt * 2));
                logger.LogError(ex, "Could not load or train the churn model (attempt {Attempt}); retrying in {Delay}", attempt, delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    private TrainedModel TrainChurn()
    {
        logger.LogInformation("No churn model stored: training one on {Rows} generated rows with {Trainer}", options.TrainingRows, options.Trainer);
        return ChurnTrainer.TrainOnGeneratedData(options.TrainingRows, options.HoldoutFraction, options.Trainer, options.Seed);
    }
}
