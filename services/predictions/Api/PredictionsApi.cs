using System.Diagnostics;
using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Domain;
using Suite.Predictions.Models;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Predictions.Api;

/// <summary>suite.predictions.v1.Predictions: maps proto messages to the domain and back.</summary>
public sealed class PredictionsApi(ActiveModels active, PredictionsMetrics metrics) : Contracts.Predictions.V1.Predictions.PredictionsBase
{
    public const int MaxAccountIdLength = 200;

    public override Task<ChurnScore> ScoreChurn(ScoreChurnRequest request, ServerCallContext context)
    {
        context.RequireTenant();
        var violations = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(request.AccountId))
        {
            violations.Add(new FieldViolation("account_id", "is required"));
        }
        else if (request.AccountId.Length > MaxAccountIdLength)
        {
            violations.Add(new FieldViolation("account_id", $"must be at most {MaxAccountIdLength} characters"));
        }
        ChurnFeatureVector features = default;
        if (request.Features is null)
        {
            violations.Add(new FieldViolation("features", "is required"));
        }
        else
        {
            features = ToDomain(request.Features);
            violations.AddRange(ChurnFeatureRules.Validate(features));
        }
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        var model = Serving(ModelKinds.Churn);
        var started = Stopwatch.GetTimestamp();
        var probability = model.ScoreChurn(features);
        var risk = RiskLevels.For(probability);
        metrics.Scored(ModelKinds.Churn, risk.Name(), Stopwatch.GetElapsedTime(started));
        return Task.FromResult(new ChurnScore
        {
            AccountId = request.AccountId,
            Probability = probability,
            RiskLevel = ToProto(risk),
            ModelVersion = model.Descriptor.Version,
        });
    }

    public override Task<ModelInfo> GetActiveModel(GetActiveModelRequest request, ServerCallContext context)
    {
        context.RequireTenant();
        if (string.IsNullOrWhiteSpace(request.Kind))
        {
            throw GrpcErrors.InvalidArgument("kind", "is required");
        }
        if (!ModelKinds.IsKnown(request.Kind))
        {
            throw GrpcErrors.InvalidArgument("kind", $"unknown model kind; known: {string.Join(", ", ModelKinds.All)}");
        }
        var d = Serving(request.Kind).Descriptor;
        return Task.FromResult(new ModelInfo
        {
            Kind = d.Kind,
            Version = d.Version,
            TrainedAt = d.TrainedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            Rows = d.Rows,
            Auc = d.Auc,
        });
    }

    private ServingModel Serving(string kind) =>
        active.TryGet(kind, out var model)
            ? model
            : throw new RpcException(new Status(StatusCode.Unavailable, $"the {kind} model is not loaded yet; retry shortly"));

    private static ChurnFeatureVector ToDomain(ChurnFeatures f) => new(
        f.DaysSinceLastLogin, f.Logins30D, f.Sessions7D, f.OpenTickets, f.EmailEngagement, f.TenureDays, f.FeatureAdoption);

    private static RiskLevel ToProto(ChurnRiskLevel level) => level switch
    {
        ChurnRiskLevel.Low => RiskLevel.Low,
        ChurnRiskLevel.Medium => RiskLevel.Medium,
        ChurnRiskLevel.High => RiskLevel.High,
        ChurnRiskLevel.Critical => RiskLevel.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };
}
