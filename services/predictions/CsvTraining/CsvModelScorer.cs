using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Suite.Predictions.CsvTraining;

/// <summary>
/// Scores rows with a model trained by <see cref="CsvModelTrainer"/>. PredictionEngine is not thread-safe, so engines
/// come from a pool owned by the scorer (as in <see cref="Models.ServingModel"/>); the encoder is stateless.
/// </summary>
public sealed class CsvModelScorer
{
    private readonly CsvFeatureEncoder _encoder;
    private readonly ObjectPool<PredictionEngine<CsvModelRow, CsvModelOutput>> _engines;

    private CsvModelScorer(CsvSchema schema, ITransformer transformer)
    {
        _encoder = new CsvFeatureEncoder(schema);
        var inputSchema = CsvModelRow.SchemaFor(_encoder.FeatureCount);
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(new MLContext(), transformer, inputSchema));
    }

    public CsvSchema Schema => _encoder.Schema;

    public IReadOnlyList<string> FeatureNames => _encoder.FeatureNames;

    public static CsvModelScorer Load(byte[] modelContent, string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(modelContent);
        ArgumentNullException.ThrowIfNull(schemaJson);
        var schema = CsvSchema.FromJson(schemaJson);
        var ml = new MLContext();
        using var stream = new MemoryStream(modelContent, writable: false);
        var transformer = ml.Model.Load(stream, out var inputSchema);
        // A schema stored with another model would silently shift every feature: refuse it.
        var expected = new CsvFeatureEncoder(schema).FeatureCount;
        var column = inputSchema.GetColumnOrNull(CsvModelRow.FeaturesColumn);
        if (column?.Type is not VectorDataViewType { Size: var size } || size != expected)
        {
            throw new ArgumentException($"the model does not take the {expected} features the schema describes", nameof(schemaJson));
        }
        return new CsvModelScorer(schema, transformer);
    }

    /// <summary>Probability of the positive label (e.g. churned) in [0, 1].</summary>
    public double Score(IReadOnlyDictionary<string, string?> row)
    {
        var input = new CsvModelRow { Features = _encoder.Encode(row) };
        var engine = _engines.Get();
        try
        {
            return Math.Clamp((double)engine.Predict(input).Probability, 0, 1);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer transformer, SchemaDefinition inputSchema)
        : PooledObjectPolicy<PredictionEngine<CsvModelRow, CsvModelOutput>>
    {
        private readonly Lock _create = new();

        public override PredictionEngine<CsvModelRow, CsvModelOutput> Create()
        {
            // Engines are created rarely (pool misses); serialise creation since MLContext is shared.
            lock (_create)
            {
                return ml.Model.CreatePredictionEngine<CsvModelRow, CsvModelOutput>(transformer, inputSchemaDefinition: inputSchema);
            }
        }

        public override bool Return(PredictionEngine<CsvModelRow, CsvModelOutput> obj) => true;
    }
}
