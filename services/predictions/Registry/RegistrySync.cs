using Suite.Predictions.Domain;
using Suite.Predictions.Training;

namespace Suite.Predictions.Registry;

/// <summary>
/// Runs <see cref="RegistrySync"/>: at start-up the global models (until then calls answer Unavailable), then a poll
/// every <see cref="PredictionsOptions.RegistryPollSeconds"/>, so a promotion on one replica reaches the others.
/// Retries with back-off while the database is unreachable.
/// </summary>
public sealed class RegistrySyncService(RegistrySync sync, ServingModels serving, PredictionsOptions options, ILogger<RegistrySyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                if (!serving.IsReady)
                {
                    await sync.LoadGlobalModelsAsync(stoppingToken);
                }
                await sync.SyncAsync(stoppingToken);
                attempt = 0;
                await Task.Delay(TimeSpan.FromSeconds(options.RegistryPollSeconds), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(30, attempt * 2));
                logger.LogError(ex, "Could not load models from the registry (attempt {Attempt}); retrying in {Delay}", attempt, delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }
}

/// <summary>
/// Keeps <see cref="ServingModels"/> equal to the registry's active versions. The global model of every kind is
/// trained and stored first when there is none (replicas starting together train once: the registry's lock makes
/// the others wait and load it).
/// </summary>
public sealed class RegistrySync(
    ModelRegistry registry,
    ServingModels serving,
    PredictionsOptions options,
    ILogger<RegistrySync> logger)
{
    /// <summary>Loads every active version this replica does not serve yet and drops deactivated tenant models.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        var active = await registry.ActiveVersionsAsync(ct);
        var loaded = serving.Loaded().ToHashSet();
        foreach (var (tenant, kind, version) in active.Where(a => !loaded.Contains(a)))
        {
            if (await registry.ActiveAsync(tenant, kind, ct) is { } stored)
            {
                serving.Activate(ModelLoader.Load(stored));
                logger.LogInformation("Serving {Kind} model {Version} for {Tenant}", kind, stored.Descriptor.Version, tenant.Length == 0 ? "every tenant" : tenant);
            }
        }
        var activeKeys = active.Select(a => (a.Tenant, a.Kind)).ToHashSet();
        foreach (var (tenant, kind, _) in loaded.Where(l => !activeKeys.Contains((l.Tenant, l.Kind))))
        {
            serving.Remove(tenant, kind);
        }
    }

    public async Task LoadGlobalModelsAsync(CancellationToken ct)
    {
        foreach (var kind in ModelKinds.All)
        {
            var (stored, trained) = await registry.GetOrTrainGlobalAsync(kind, () => TrainGlobal(kind), ct);
            serving.Activate(ModelLoader.Load(stored));
            var d = stored.Descriptor;
            logger.LogInformation("{Action} global {Kind} model {Version} ({Trainer}, {Rows} rows, holdout AUC {Auc:F4})",
                trained ? "Trained and stored" : "Loaded", kind, d.Version, d.Trainer, d.Rows, d.Auc);
        }
    }

    private ModelArtifact TrainGlobal(string kind)
    {
        logger.LogInformation("No global {Kind} model stored: training one on {Rows} generated rows ({Trainer})", kind, options.TrainingRows, options.Trainer);
        return GeneratedTraining.Train(kind, options.TrainingRows, options.HoldoutFraction, options.Trainer, options.Seed).Artifact;
    }
}
