using Microsoft.Extensions.Diagnostics.HealthChecks;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Registry;

/// <summary>Ready only once every kind has a global model loaded (tag "ready").</summary>
public sealed class ModelsReadyHealthCheck(ServingModels serving) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = ModelKinds.All.Where(kind => !serving.TryResolve(ModelRegistry.Global, kind, out _)).ToList();
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"model not loaded yet: {string.Join(", ", missing)}"));
    }
}
