using Microsoft.Extensions.Diagnostics.HealthChecks;
using Suite.Predictions.Domain;
using Suite.Predictions.Models;
using Suite.Predictions.Registry;

namespace Suite.Predictions.Tests;

public class ModelsReadyHealthCheckTests
{
    [Fact]
    public async Task Is_ready_only_once_every_kind_has_a_global_model()
    {
        var serving = new ServingModels();
        var check = new ModelsReadyHealthCheck(serving);

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("churn, conversion, threat", before.Description);

        var churn = ChurnTrainer.TrainOnGeneratedData(2_000, 0.2, ChurnTrainer.Lbfgs, 1);
        var threat = ThreatTrainer.TrainOnGeneratedData(2_000, 0.2, ThreatTrainer.Trainers[0], 1);
        serving.Activate(new ChurnModel(Descriptor("churn", ""), ServingModel.Load(churn.Content), churn.FeatureMeans));
        serving.Activate(new ThreatModel(Descriptor("threat", "tenant-a"), ThreatServingModel.Load(threat.Content), threat.FeatureMeans));
        serving.Activate(new ConversionModel(Descriptor("conversion", ""), ConversionCoefficients.Baseline));

        var partly = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, partly.Status);   // a tenant's own threat model is no global fallback
        Assert.Contains("threat", partly.Description);

        serving.Activate(new ThreatModel(Descriptor("threat", ""), ThreatServingModel.Load(threat.Content), threat.FeatureMeans));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    private static ModelDescriptor Descriptor(string kind, string tenant) =>
        new(tenant, kind, kind + "-v1", "lbfgs", ModelSources.Generated, ModelStatus.Active, DateTimeOffset.UnixEpoch,
            new ModelQuality(1, 1, 0.5, 0.5, 0.7, 0.25, []));
}
