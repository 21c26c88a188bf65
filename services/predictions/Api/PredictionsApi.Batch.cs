using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Predictions.Api;

/// <summary>
/// Streaming batch scoring: each request message is a batch answered by one response with the scores in the same
/// order. An invalid item fails the stream with InvalidArgument naming it (items[i].field); batches answered before
/// stay answered. Batch churn scores leave out the per-feature explanation (ExplainPrediction has it): it costs
/// eight model evaluations per row.
/// </summary>
public sealed partial class PredictionsApi
{
    public override async Task ScoreChurnBatch(IAsyncStreamReader<ScoreChurnBatchRequest> requestStream, IServerStreamWriter<ScoreChurnBatchResponse> responseStream,
        ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            CheckSize(batch.Items.Count);
            var response = new ScoreChurnBatchResponse();
            response.Scores.AddRange(await ScoreAllAsync(batch.Items, item => item.Features is not null || item.Columns.Count > 0,
                (item, i) => ChurnAsync(tenant, item, $"items[{i}]", explain: false, context.CancellationToken)));
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    public override async Task ScoreConversionBatch(IAsyncStreamReader<ScoreConversionBatchRequest> requestStream,
        IServerStreamWriter<ScoreConversionBatchResponse> responseStream, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            CheckSize(batch.Items.Count);
            var response = new ScoreConversionBatchResponse();
            response.Scores.AddRange(await ScoreAllAsync(batch.Items, item => item.Features is not null,
                (item, i) => ConversionAsync(tenant, item, $"items[{i}]", context.CancellationToken)));
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    public override async Task ScoreThreatBatch(IAsyncStreamReader<ScoreThreatBatchRequest> requestStream, IServerStreamWriter<ScoreThreatBatchResponse> responseStream,
        ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            CheckSize(batch.Items.Count);
            var response = new ScoreThreatBatchResponse();
            var scores = await ScoreAllAsync(batch.Items, item => item.Factors is not null,
                (item, i) => ThreatAsync(tenant, item, $"items[{i}]", context.CancellationToken));
            foreach (var score in scores)
            {
                await PublishIfThreatAsync(tenant, score, context.CancellationToken);
            }
            response.Scores.AddRange(scores);
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    /// <summary>
    /// Scores a batch in order. When every item brings its own features, scoring is CPU only and runs on all cores
    /// (the async paths complete synchronously then); otherwise one by one, since items read the feature store.
    /// The first invalid item by index fails the batch, as in the sequential path.
    /// </summary>
    private static async Task<IReadOnlyList<TScore>> ScoreAllAsync<TItem, TScore>(IList<TItem> items, Func<TItem, bool> selfContained, Func<TItem, int, Task<TScore>> score)
    {
        var results = new TScore[items.Count];
        if (items.Count >= ParallelFrom && items.All(selfContained))
        {
            var errors = new Exception?[items.Count];
            Parallel.For(0, items.Count, i =>
            {
                try
                {
                    results[i] = score(items[i], i).GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    errors[i] = ex;
                }
            });
            if (Array.Find(errors, e => e is not null) is { } first)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            }
            return results;
        }
        for (var i = 0; i < items.Count; i++)
        {
            results[i] = await score(items[i], i);
        }
        return results;
    }

    private const int ParallelFrom = 64;

    private static void CheckSize(int items)
    {
        if (items > MaxBatchItems)
        {
            throw GrpcErrors.InvalidArgument("items", $"at most {MaxBatchItems} per message (got {items})");
        }
    }
}
