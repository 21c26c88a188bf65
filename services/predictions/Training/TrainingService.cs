using Suite.Predictions.Registry;

namespace Suite.Predictions.Training;

/// <summary>What happened to a registered candidate.</summary>
/// <param name="ActiveAuc">The serving model's AUC on the candidate's holdout; null when not compared or not comparable.</param>
public sealed record TrainingOutcome(StoredModel Candidate, bool Promoted, double? ActiveAuc);

/// <summary>Registers candidates for a tenant and, when asked, promotes one that beats the serving model on the same holdout.</summary>
public sealed class TrainingService(ModelRegistry registry, ServingModels serving, RegistrySync sync, ILogger<TrainingService> logger)
{
    public async Task<TrainingOutcome> RegisterAsync(string tenant, Candidate candidate, bool promoteIfBetter, CancellationToken ct)
    {
        var stored = await registry.AddCandidateAsync(tenant, candidate.Artifact, ct);
        if (!promoteIfBetter)
        {
            return new TrainingOutcome(stored, false, null);
        }
        double? activeAuc = serving.TryResolve(tenant, candidate.Artifact.Kind, out var current) ? candidate.HoldoutAucOf(current) : null;
        var better = activeAuc is null
            ? !serving.TryResolve(tenant, candidate.Artifact.Kind, out _)
            : stored.Descriptor.Auc > activeAuc.Value;
        logger.LogInformation("{Kind} candidate {Version} for {Tenant}: holdout AUC {Auc:F4} vs serving {ActiveAuc}; {Decision}",
            stored.Descriptor.Kind, stored.Descriptor.Version, tenant, stored.Descriptor.Auc, activeAuc?.ToString("F4") ?? "not comparable",
            better ? "promoting" : "kept as candidate");
        if (!better)
        {
            return new TrainingOutcome(stored, false, activeAuc);
        }
        var promoted = await PromoteAsync(tenant, stored.Descriptor.Kind, stored.Descriptor.Version, ct);
        return new TrainingOutcome(promoted ?? stored, promoted is not null, activeAuc);
    }

    /// <summary>Promotes and serves the version on this replica at once (others follow on their next registry poll).</summary>
    public async Task<StoredModel?> PromoteAsync(string tenant, string kind, string version, CancellationToken ct)
    {
        var promoted = await registry.PromoteAsync(tenant, kind, version, ct);
        if (promoted is not null)
        {
            await sync.SyncAsync(ct);
        }
        return promoted;
    }

    public async Task<StoredModel?> RollbackAsync(string tenant, string kind, CancellationToken ct)
    {
        var restored = await registry.RollbackAsync(tenant, kind, ct);
        if (restored is not null)
        {
            await sync.SyncAsync(ct);
        }
        return restored;
    }
}
