using Microsoft.Extensions.Diagnostics.HealthChecks;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>Ready only once every kind of model is loaded (tag "ready").</summary>
public sealed class ModelsReadyHealthCheck(ActiveModels active) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = ModelKinds.All.Where(kind => !active.TryGet(kind, out _)).ToList();
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"model not loaded yet: {string.Join(", ", missing)}"));
    }
}
