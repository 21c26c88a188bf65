using Grpc.Core;
using Suite.Contracts.Events;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Domain;
using Suite.Predictions.Registry;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using static Suite.Predictions.Api.ProtoMapping;

namespace Suite.Predictions.Api;

public sealed partial class PredictionsApi
{
    public override async Task<ChurnScore> ScoreChurn(ScoreChurnRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var score = await ChurnAsync(tenant, request, "", explain: true, context.CancellationToken);
        // Scores of the account as it is (feature store) are tracked; explicit features are a what-if.
        if (request.Features is null && request.Columns.Count == 0)
        {
            await riskState.RecordChurnAsync(tenant, [(score.AccountId, score.Probability)], context.CancellationToken);
        }
        return score;
    }

    public override async Task<ConversionScore> ScoreConversion(ScoreConversionRequest request, ServerCallContext context) =>
        await ConversionAsync(context.RequireTenant(), request, "", context.CancellationToken);

    public override async Task<ThreatScore> ScoreThreat(ScoreThreatRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var score = await ThreatAsync(tenant, request, "", context.CancellationToken);
        await PublishIfThreatAsync(tenant, score, context.CancellationToken);
        return score;
    }

    private async Task<ChurnScore> ChurnAsync(string tenant, ScoreChurnRequest request, string prefix, bool explain, CancellationToken ct)
    {
        var violations = new List<FieldViolation>();
        RequireId(violations, Prefixed(prefix, "account_id"), request.AccountId);
        if (request.Features is not null && request.Columns.Count > 0)
        {
            violations.Add(new FieldViolation(Prefixed(prefix, "columns"), "give either features or columns, not both"));
        }
        ChurnFeatureVector? given = null;
        if (request.Features is not null)
        {
            given = ToDomain(request.Features);
            violations.AddRange(ChurnFeatureRules.Validate(given.Value).Select(v => v with { Field = Prefixed(prefix, v.Field) }));
        }
        ThrowIfAny(violations);

        if (request.Columns.Count > 0)
        {
            var csv = serving.TryResolve(tenant, ModelKinds.Churn, out var m) && m is CsvModel c
                ? c
                : throw GrpcErrors.FailedPrecondition("columns need a churn model trained from a CSV; the active churn model uses the built-in features");
            return scorer.Csv(csv, request.AccountId, request.Columns.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        }
        var model = Serving<ChurnModel>(tenant, ModelKinds.Churn);
        var features = given
            ?? await lookup.ChurnFeaturesAsync(tenant, request.AccountId, clock.GetUtcNow(), ct)
            ?? throw GrpcErrors.NotFound($"account '{request.AccountId}' is not in the feature store; send features instead");
        return scorer.Churn(model, request.AccountId, features, explain);
    }

    private async Task<ConversionScore> ConversionAsync(string tenant, ScoreConversionRequest request, string prefix, CancellationToken ct)
    {
        var violations = new List<FieldViolation>();
        RequireId(violations, Prefixed(prefix, "quote_id"), request.QuoteId);
        ConversionFeatureVector? given = null;
        if (request.Features is not null)
        {
            given = ToDomain(request.Features);
            violations.AddRange(NonNegative(Prefixed(prefix, "features"), ConversionFeatureVector.FieldNames, given.Value.ToArray()));
        }
        ThrowIfAny(violations);
        var model = Serving<ConversionModel>(tenant, ModelKinds.Conversion);
        var features = given
            ?? await lookup.QuoteFeaturesAsync(tenant, request.QuoteId, clock.GetUtcNow(), ct)
            ?? throw GrpcErrors.NotFound($"quote '{request.QuoteId}' is not in the feature store; send features instead");
        return scorer.Conversion(model, request.QuoteId, features);
    }

    private async Task<ThreatScore> ThreatAsync(string tenant, ScoreThreatRequest request, string prefix, CancellationToken ct)
    {
        var violations = new List<FieldViolation>();
        RequireId(violations, Prefixed(prefix, "user_id"), request.UserId);
        Domain.ThreatFactors? given = null;
        if (request.Factors is not null)
        {
            given = ToDomain(request.Factors);
            violations.AddRange(NonNegative(Prefixed(prefix, "factors"), ["failed_attempts_1h"], [given.Value.FailedAttempts1h]));
        }
        ThrowIfAny(violations);
        var model = Serving<ThreatModel>(tenant, ModelKinds.Threat);
        var factors = given
            ?? await lookup.LatestLoginFactorsAsync(tenant, request.UserId, ct)
            ?? throw GrpcErrors.NotFound($"user '{request.UserId}' has no login attempt in the feature store; send factors instead");
        return scorer.Threat(model, request.UserId, factors);
    }

    /// <summary>MFA or stronger is worth an alert: ThreatDetected through the outbox.</summary>
    private async Task PublishIfThreatAsync(string tenant, ThreatScore score, CancellationToken ct)
    {
        if (score.Action is Contracts.Predictions.V1.ThreatAction.Allow)
        {
            return;
        }
        var action = ThreatActions.For(score.Probability);
        await riskState.PublishThreatAsync(new ThreatDetected(tenant, score.UserId, score.Probability, action.Name(), clock.GetUtcNow()), ct);
    }

    private static IEnumerable<FieldViolation> NonNegative(string prefix, IReadOnlyList<string> names, double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                yield return new FieldViolation($"{prefix}.{names[i]}", "must be a finite number");
            }
            else if (values[i] < 0)
            {
                yield return new FieldViolation($"{prefix}.{names[i]}", "must not be negative");
            }
        }
    }
}
