using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Transforms;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>
/// A trained conversion model: raw-unit coefficients (what serves and explains), their holdout quality, and the ML.NET
/// transformer they were read from (kept to check the two agree).
/// </summary>
public sealed record TrainedConversion(ConversionCoefficients Coefficients, ModelQuality Quality, ITransformer Transformer);

/// <summary>
/// Fits quote conversion with ML.NET (features standardised, then L-BFGS logistic regression) and converts the
/// learned weights back to raw units, so the result is a plain <see cref="ConversionCoefficients"/>.
/// </summary>
public static class ConversionTrainer
{
    /// <summary>Below this many labelled quotes a trained model is too noisy to replace the baseline.</summary>
    public const int MinimumLabelledQuotes = 500;

    public static bool CanReplaceBaseline(long labelledQuotes) => labelledQuotes >= MinimumLabelledQuotes;

    /// <summary>Labelled quotes only: real quotes have no known true probability.</summary>
    public static TrainedConversion Train(
        IReadOnlyList<(ConversionFeatureVector Features, bool Converted)> training,
        IReadOnlyList<(ConversionFeatureVector Features, bool Converted)> holdout,
        int seed)
    {
        var ml = new MLContext(seed);
        var view = ml.Data.LoadFromEnumerable(training.Select(q => ConversionModelRow.From(q.Features, q.Converted)));
        // Centred as well as scaled (fixZero: false) so the optimiser sees well-conditioned features; no L1, and an
        // L2 penalty negligible next to the summed log-loss of hundreds of quotes, so the estimates are not shrunk.
        var model = ml.Transforms.Concatenate("Features", ConversionModelRow.FeatureColumns)
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                labelColumnName: "Label", featureColumnName: "Features", l1Regularization: 0, l2Regularization: 0.01f))
            .Fit(view);

        var normaliser = model.OfType<NormalizingTransformer>().Single();
        var affine = (NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>>)normaliser.GetNormalizerModelParameters(0);
        var linear = model.LastTransformer.Model.SubModel;
        var coefficients = ToRawUnits(linear.Weights, linear.Bias, affine.Scale, affine.Offset);

        var quality = HoldoutMetrics.Compute(
            training.Count, holdout.Select(q => coefficients.Probability(q.Features)).ToList(), holdout.Select(q => q.Converted).ToList());
        return new TrainedConversion(coefficients, quality, model);
    }

    /// <summary>
    /// The model scores w·((x − offset)·scale) + b, which is Σ (w·scale)·x + (b − Σ w·scale·offset) in raw units.
    /// ML.NET leaves the offsets empty when they are all zero.
    /// </summary>
    private static ConversionCoefficients ToRawUnits(IReadOnlyList<float> weights, float bias, ImmutableArray<float> scale, ImmutableArray<float> offset)
    {
        var raw = new double[weights.Count];
        var intercept = (double)bias;
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = (double)weights[i] * scale[i];
            intercept -= raw[i] * (offset.IsDefaultOrEmpty ? 0 : offset[i]);
        }
        return new ConversionCoefficients(intercept, raw[0], raw[1], raw[2], raw[3], raw[4]);
    }
}
