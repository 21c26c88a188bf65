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
            for (var i = 0; i < batch.Items.Count; i++)
            {
                response.Scores.Add(await ChurnAsync(tenant, batch.Items[i], $"items[{i}]", explain: false, context.CancellationToken));
            }
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
            for (var i = 0; i < batch.Items.Count; i++)
            {
                response.Scores.Add(await ConversionAsync(tenant, batch.Items[i], $"items[{i}]", context.CancellationToken));
            }
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
            for (var i = 0; i < batch.Items.Count; i++)
            {
                var score = await ThreatAsync(tenant, batch.Items[i], $"items[{i}]", context.CancellationToken);
                await PublishIfThreatAsync(tenant, score, context.CancellationToken);
                response.Scores.Add(score);
            }
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    private static void CheckSize(int items)
    {
        if (items > MaxBatchItems)
        {
            throw GrpcErrors.InvalidArgument("items", $"at most {MaxBatchItems} per message (got {items})");
        }
    }
}
