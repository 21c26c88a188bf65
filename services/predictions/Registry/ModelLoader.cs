using System.Text.Json;
using Suite.Predictions.CsvTraining;
using Suite.Predictions.Domain;
using Suite.Predictions.Models;

namespace Suite.Predictions.Registry;

/// <summary>Turns a stored version into a model ready to serve, by kind and source.</summary>
public static class ModelLoader
{
    public static LoadedModel Load(StoredModel stored)
    {
        var d = stored.Descriptor;
        var metadata = ModelMetadata.Parse(stored.Metadata);
        if (d.Source == ModelSources.Csv)
        {
            return new CsvModel(d, CsvModelScorer.Load(stored.Content, metadata.CsvSchema
                ?? throw new InvalidDataException($"{d.Kind} model {d.Version} has no CSV schema")));
        }
        return d.Kind switch
        {
            ModelKinds.Churn => new ChurnModel(d, ServingModel.Load(stored.Content), Means(metadata, ChurnFeatureVector.FieldNames.Count, d)),
            ModelKinds.Threat => new ThreatModel(d, ThreatServingModel.Load(stored.Content), Means(metadata, ThreatFactors.FieldNames.Count, d)),
            ModelKinds.Conversion => new ConversionModel(d, JsonSerializer.Deserialize<ConversionCoefficients>(stored.Content, ModelRegistry.Json)
                ?? throw new InvalidDataException($"conversion model {d.Version} has no coefficients")),
            _ => throw new InvalidDataException($"unknown model kind '{d.Kind}'"),
        };
    }

    private static IReadOnlyList<double> Means(ModelMetadata metadata, int count, ModelDescriptor d) =>
        metadata.FeatureMeans is { } means && means.Count == count
            ? means
            // Versions stored before explanations existed: explain against zeros rather than refuse to serve.
            : new double[count];
}
