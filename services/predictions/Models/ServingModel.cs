using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>
/// A loaded model ready to score. PredictionEngine is not thread-safe, so engines come from a pool owned by this
/// model: swapping the active model swaps the pool with it, and calls in flight finish on the engine they hold.
/// </summary>
public sealed class ServingModel
{
    private readonly ObjectPool<PredictionEngine<ChurnModelRow, ChurnModelOutput>> _engines;

    public ServingModel(ITransformer transformer)
    {
        var ml = new MLContext();
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(ml, transformer));
    }

    public static ServingModel Load(byte[] content)
    {
        var ml = new MLContext();
        using var stream = new MemoryStream(content, writable: false);
        var transformer = ml.Model.Load(stream, out _);
        return new ServingModel(transformer);
    }

    /// <summary>Churn probability in [0, 1].</summary>
    public double ScoreChurn(ChurnFeatureVector features)
    {
        var engine = _engines.Get();
        try
        {
            var output = engine.Predict(ChurnModelRow.From(features));
            return Math.Clamp((double)output.Probability, 0, 1);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>
    /// Churn probabilities of several vectors on one engine, reusing one input and one output row (an explanation
    /// scores the account and seven variants of it on every explained call).
    /// </summary>
    public void ScoreChurnMany(ReadOnlySpan<ChurnFeatureVector> rows, Span<double> probabilities)
    {
        var engine = _engines.Get();
        try
        {
            var input = new ChurnModelRow();
            var output = new ChurnModelOutput();
            for (var i = 0; i < rows.Length; i++)
            {
                input.Set(rows[i]);
                engine.Predict(input, ref output);
                probabilities[i] = Math.Clamp((double)output.Probability, 0, 1);
            }
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer transformer) : PooledObjectPolicy<PredictionEngine<ChurnModelRow, ChurnModelOutput>>
    {
        private readonly Lock _create = new();

        public override PredictionEngine<ChurnModelRow, ChurnModelOutput> Create()
        {
            // Engines are created rarely (pool misses); serialise creation since MLContext is shared.
            lock (_create)
            {
                return ml.Model.CreatePredictionEngine<ChurnModelRow, ChurnModelOutput>(transformer);
            }
        }

        public override bool Return(PredictionEngine<ChurnModelRow, ChurnModelOutput> obj) => true;
    }
}
