using Grpc.Core;
using Suite.Predictions.Domain;
using Suite.Predictions.Features;
using Suite.Predictions.Registry;
using Suite.Predictions.Scoring;
using Suite.Predictions.Training;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Predictions.Api;

/// <summary>
/// suite.predictions.v1.Predictions: validation and proto mapping at the edge; scoring in <see cref="Scorer"/>,
/// training in <see cref="TrainingService"/>, analytics in Analytics/. Split by theme over partial files.
/// </summary>
public sealed partial class PredictionsApi(
    ServingModels serving,
    Scorer scorer,
    IFeatureLookup lookup,
    ITrainingData trainingData,
    RiskStateStore riskState,
    AtRiskAccounts atRisk,
    TrainingService training,
    ModelRegistry registry,
    PredictionsOptions options,
    TimeProvider clock,
    ILogger<PredictionsApi> logger) : Contracts.Predictions.V1.Predictions.PredictionsBase
{
    public const int MaxIdLength = 200;
    public const int MaxBatchItems = 10_000;

    private T Serving<T>(string tenant, string kind) where T : LoadedModel =>
        serving.TryResolve(tenant, kind, out var model)
            ? model as T ?? throw GrpcErrors.FailedPrecondition(
                $"the active {kind} model ({model.Descriptor.Version}) was trained from a CSV: send the row as 'columns'")
            : throw new RpcException(new Status(StatusCode.Unavailable, $"the {kind} model is not loaded yet; retry shortly"));

    private static void RequireId(List<FieldViolation> violations, string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(new FieldViolation(field, "is required"));
        }
        else if (value.Length > MaxIdLength)
        {
            violations.Add(new FieldViolation(field, $"must be at most {MaxIdLength} characters"));
        }
    }

    private static string Kind(string field, string kind)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            throw GrpcErrors.InvalidArgument(field, "is required");
        }
        return ModelKinds.IsKnown(kind)
            ? kind
            : throw GrpcErrors.InvalidArgument(field, $"unknown model kind; known: {string.Join(", ", ModelKinds.All)}");
    }

    private static void ThrowIfAny(List<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
    }

    private static string Prefixed(string prefix, string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";
}
