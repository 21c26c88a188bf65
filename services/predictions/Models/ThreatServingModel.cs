using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>
/// A loaded threat model ready to score. As in <see cref="ServingModel"/>, PredictionEngine is not thread-safe, so
/// engines come from a pool owned by this model and swapping models swaps the pool with it.
/// </summary>
public sealed class ThreatServingModel
{
    private readonly ObjectPool<PredictionEngine<ThreatModelRow, ThreatModelOutput>> _engines;

    public ThreatServingModel(ITransformer transformer)
    {
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(new MLContext(), transformer));
    }

    public static ThreatServingModel Load(byte[] content)
    {
        var ml = new MLContext();
        using var stream = new MemoryStream(content, writable: false);
        return new ThreatServingModel(ml.Model.Load(stream, out _));
    }

    /// <summary>Probability in [0, 1] that the account behind this login is compromised.</summary>
    public double ScoreThreat(ThreatFactors factors)
    {
        var engine = _engines.Get();
        try
        {
            return Math.Clamp((double)engine.Predict(ThreatModelRow.From(factors)).Probability, 0, 1);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer transformer) : PooledObjectPolicy<PredictionEngine<ThreatModelRow, ThreatModelOutput>>
    {
        private readonly Lock _create = new();

        public override PredictionEngine<ThreatModelRow, ThreatModelOutput> Create()
        {
            // Pool misses are rare; creation is serialised because the MLContext is shared.
            lock (_create)
            {
                return ml.Model.CreatePredictionEngine<ThreatModelRow, ThreatModelOutput>(transformer);
            }
        }

        public override bool Return(PredictionEngine<ThreatModelRow, ThreatModelOutput> obj) => true;
    }
}
