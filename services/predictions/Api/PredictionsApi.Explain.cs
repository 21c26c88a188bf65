using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Domain;
using Suite.Predictions.Registry;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using static Suite.Predictions.Api.ProtoMapping;

namespace Suite.Predictions.Api;

public sealed partial class PredictionsApi
{
    public const int DefaultTop = 5;

    private const string OneAtATimeMethod =
        "log-odds change when the feature is replaced by its training mean (exact for logistic regression, one at a time for trees)";

    public override async Task<Explanation> ExplainPrediction(ExplainPredictionRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        if (request.Top is < 0 or > 20)
        {
            throw GrpcErrors.InvalidArgument("top", "must be between 0 (default 5) and 20");
        }
        var top = request.Top == 0 ? DefaultTop : request.Top;
        var ct = context.CancellationToken;
        switch (request.SubjectCase)
        {
            case ExplainPredictionRequest.SubjectOneofCase.Churn:
            {
                if (request.Churn.Columns.Count > 0)
                {
                    throw GrpcErrors.InvalidArgument("churn.columns", "explanations cover the built-in churn features only");
                }
                var score = await ChurnAsync(tenant, request.Churn, "churn", explain: false, ct);
                var model = Serving<ChurnModel>(tenant, ModelKinds.Churn);
                return Explained(ModelKinds.Churn, score.Probability, score.ModelVersion, OneAtATimeMethod,
                    model.Explain(ToDomain(score.Features), ChurnFeatureVector.FieldNames.Count).Take(top));
            }
            case ExplainPredictionRequest.SubjectOneofCase.Conversion:
            {
                var score = await ConversionAsync(tenant, request.Conversion, "conversion", ct);
                return Explained(ModelKinds.Conversion, score.Probability, score.ModelVersion, "coefficient x value (log-odds) of the logistic regression",
                    score.Contributions.Select(c => new Domain.FeatureContribution(c.Feature, c.Value, c.Contribution))
                        .OrderByDescending(c => Math.Abs(c.Contribution)).Take(top));
            }
            case ExplainPredictionRequest.SubjectOneofCase.Threat:
            {
                var score = await ThreatAsync(tenant, request.Threat, "threat", ct);
                var model = Serving<ThreatModel>(tenant, ModelKinds.Threat);
                return Explained(ModelKinds.Threat, score.Probability, score.ModelVersion, OneAtATimeMethod, model.Explain(ToDomain(score.Factors), top));
            }
            default:
                throw GrpcErrors.InvalidArgument("subject", "give one of churn, conversion or threat");
        }
    }

    private static Explanation Explained(string kind, double probability, string version, string method, IEnumerable<Domain.FeatureContribution> contributions)
    {
        var explanation = new Explanation { Kind = kind, Probability = probability, ModelVersion = version, Method = method };
        explanation.Contributions.AddRange(contributions.Select(ToProto));
        return explanation;
    }
}
