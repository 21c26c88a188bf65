using Suite.Predictions.CsvTraining;
using Suite.Predictions.Domain;
using Suite.Predictions.Models;

namespace Suite.Predictions.Registry;

/// <summary>An active model version loaded for serving. Swapped as a whole: calls in flight keep the one they hold.</summary>
public abstract class LoadedModel(ModelDescriptor descriptor)
{
    public ModelDescriptor Descriptor { get; } = descriptor;
}

/// <summary>The built-in churn model over the seven features (generated data or the feature store).</summary>
public sealed class ChurnModel(ModelDescriptor descriptor, ServingModel model, IReadOnlyList<double> featureMeans) : LoadedModel(descriptor)
{
    public double Score(ChurnFeatureVector features) => model.ScoreChurn(features);

    public IReadOnlyList<FeatureContribution> Explain(ChurnFeatureVector features, int top) =>
        ChurnExplainer.Explain(model.ScoreChurnMany, features, featureMeans, top);
}

/// <summary>Conversion as interpretable coefficients (the published baseline or a trained logistic regression).</summary>
public sealed class ConversionModel(ModelDescriptor descriptor, ConversionCoefficients coefficients) : LoadedModel(descriptor)
{
    public ConversionCoefficients Coefficients { get; } = coefficients;
}

/// <summary>The threat classifier over the login risk factors.</summary>
public sealed class ThreatModel(ModelDescriptor descriptor, ThreatServingModel model, IReadOnlyList<double> featureMeans) : LoadedModel(descriptor)
{
    public double Score(ThreatFactors factors) => model.ScoreThreat(factors);

    public IReadOnlyList<FeatureContribution> Explain(ThreatFactors factors, int top) =>
        OneAtATime.Explain(v => model.ScoreThreat(ToFactors(v)), factors.ToArray(), ThreatFactors.FieldNames, featureMeans, top);

    private static ThreatFactors ToFactors(double[] v) => new(v[0] >= 0.5, v[1] >= 0.5, v[2] >= 0.5, v[3] >= 0.5, v[4] >= 0.5, v[5] >= 0.5, v[6]);
}

/// <summary>A tenant's model trained from an uploaded CSV: scores rows given as column name → value.</summary>
public sealed class CsvModel(ModelDescriptor descriptor, CsvModelScorer scorer) : LoadedModel(descriptor)
{
    public double Score(IReadOnlyDictionary<string, string?> row) => scorer.Score(row);
}
