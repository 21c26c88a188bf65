using Microsoft.Extensions.Diagnostics.HealthChecks;
using Suite.Predictions.Models;

namespace Suite.Predictions.Tests;

public class ModelsReadyHealthCheckTests
{
    [Fact]
    public async Task Is_ready_only_once_the_churn_model_is_active()
    {
        var active = new ActiveModels();
        var check = new ModelsReadyHealthCheck(active);

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("churn", before.Description);

        var trained = ChurnTrainer.TrainOnGeneratedData(2_000, 0.2, ChurnTrainer.Lbfgs, 1);
        active.Activate(ServingModel.Load(new ModelDescriptor("churn", "churn-v1", trained.Trainer, DateTimeOffset.UnixEpoch, trained.Rows, trained.HoldoutRows, trained.Auc), trained.Content));

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }
}
