using System.Diagnostics;
using System.Globalization;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Domain;
using Suite.Predictions.Registry;
using static Suite.Predictions.Api.ProtoMapping;

namespace Suite.Predictions.Api;

/// <summary>Scores one subject with a loaded model and builds the answer (shared by unary, batch and explain).</summary>
public sealed class Scorer(PredictionsMetrics metrics, TimeProvider clock)
{
    public const int TopFeatures = 3;

    public ChurnScore Churn(ChurnModel model, string accountId, ChurnFeatureVector features, bool explain)
    {
        var started = Stopwatch.GetTimestamp();
        var probability = model.Score(features);
        var risk = RiskLevels.For(probability);
        var score = new ChurnScore
        {
            AccountId = accountId,
            Probability = probability,
            RiskLevel = ToProto(risk),
            ModelVersion = model.Descriptor.Version,
            Features = ToProto(features),
            PredictedChurnDate = ChurnDate.Predict(probability, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))?
                .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        };
        score.Interventions.AddRange(ChurnInterventions.Recommend(features, probability).Select(i => new Intervention { Code = i.Code, Text = i.Text }));
        if (explain)
        {
            score.TopFeatures.AddRange(model.Explain(features, TopFeatures).Select(ToProto));
        }
        metrics.Scored(ModelKinds.Churn, risk.Name(), Stopwatch.GetElapsedTime(started));
        return score;
    }

    public ChurnScore Csv(CsvModel model, string id, IReadOnlyDictionary<string, string?> columns)
    {
        var started = Stopwatch.GetTimestamp();
        var probability = model.Score(columns);
        var risk = RiskLevels.For(probability);
        metrics.Scored(model.Descriptor.Kind, risk.Name(), Stopwatch.GetElapsedTime(started));
        return new ChurnScore { AccountId = id, Probability = probability, RiskLevel = ToProto(risk), ModelVersion = model.Descriptor.Version };
    }

    public ConversionScore Conversion(ConversionModel model, string quoteId, ConversionFeatureVector features)
    {
        var started = Stopwatch.GetTimestamp();
        var c = model.Coefficients;
        var probability = c.Probability(features);
        var score = new ConversionScore
        {
            QuoteId = quoteId,
            Probability = probability,
            Logit = c.Logit(features),
            ModelVersion = model.Descriptor.Version,
            Features = ToProto(features),
        };
        score.Contributions.AddRange(c.Contributions(features).Select(ToProto));
        metrics.Scored(ModelKinds.Conversion, probability >= 0.5 ? "likely" : "unlikely", Stopwatch.GetElapsedTime(started));
        return score;
    }

    public ThreatScore Threat(ThreatModel model, string userId, Domain.ThreatFactors factors)
    {
        var started = Stopwatch.GetTimestamp();
        var probability = model.Score(factors);
        var action = ThreatActions.For(probability);
        metrics.Scored(ModelKinds.Threat, action.Name(), Stopwatch.GetElapsedTime(started));
        metrics.ThreatAssessed(action);
        return new ThreatScore
        {
            UserId = userId,
            RiskScore = factors.RiskScore,
            Level = ToProto(ThreatLevels.For(factors.RiskScore)),
            Probability = probability,
            Action = ToProto(action),
            ModelVersion = model.Descriptor.Version,
            Factors = ToProto(factors),
        };
    }
}
