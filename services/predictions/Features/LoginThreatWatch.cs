using Suite.Contracts.Events;
using Suite.Predictions.Domain;
using Suite.Predictions.Registry;
using Suite.Predictions.Scoring;

namespace Suite.Predictions.Features;

/// <summary>
/// Scores logins as they arrive with the tenant's threat model and publishes ThreatDetected for every one whose
/// action is MFA or stronger. Runs after the facts commit, so a redelivered batch (skipped by the inbox) is not
/// scored twice; a crash between the two loses that batch's alerts, never its facts.
/// </summary>
public sealed class LoginThreatWatch(FeatureStore store, ServingModels serving, RiskStateStore riskState, PredictionsMetrics metrics, TimeProvider clock, ILogger<LoginThreatWatch> logger)
{
    public async Task ScoreAsync(string tenant, IReadOnlyList<Guid> loginEventIds, CancellationToken ct)
    {
        if (!serving.TryResolve(tenant, ModelKinds.Threat, out var loaded) || loaded is not ThreatModel model)
        {
            return;   // no model loaded yet (start-up), or a CSV model that needs other columns
        }
        var now = clock.GetUtcNow();
        var threats = new List<ThreatDetected>();
        foreach (var (_, userId, factors) in await store.LoginFactorsAsync(tenant, loginEventIds, ct))
        {
            var probability = model.Score(factors);
            var action = ThreatActions.For(probability);
            metrics.ThreatAssessed(action);
            if (action != ThreatAction.Allow)
            {
                threats.Add(new ThreatDetected(tenant, userId, probability, action.Name(), now));
            }
        }
        await riskState.PublishThreatsAsync(threats, ct);
        if (threats.Count > 0)
        {
            logger.LogDebug("{Threats} of {Logins} new logins for {Tenant} need MFA or stronger", threats.Count, loginEventIds.Count, tenant);
        }
    }
}
