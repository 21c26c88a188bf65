using System.Threading.Channels;
using Grpc.Core;
using Suite.Contracts.Ingestion.V1;

namespace Suite.Ingestion.Api;

/// <summary>
/// The bidirectional Ingest call as a two-stage pipeline: a reader prepares (checks, validates) the batches while the
/// committer stores them, and the committer acks each batch after its commit, in order. Batches that arrived while
/// the previous commit ran are stored together in the next one (one request to the store, so within it an event sent
/// twice belongs to the earlier batch, as if committed one by one). A refused batch (limits, rate, bad request) ends
/// the call with its status only after every earlier batch is committed and acked, so the acks tell the client
/// exactly which batches to resend.
/// </summary>
internal static class IngestStream
{
    /// <summary>Prepared batches waiting for the committer: bounded so a fast client is held back by HTTP/2 flow control.</summary>
    private const int Lookahead = 4;

    private readonly record struct Step(PreparedBatch? Batch, RpcException? Refusal);

    public static async Task RunAsync(IngestionPipeline pipeline, string tenant, IAsyncStreamReader<EventBatch> requests, IServerStreamWriter<BatchAck> responses, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var steps = Channel.CreateBounded<Step>(new BoundedChannelOptions(Lookahead) { SingleReader = true, SingleWriter = true });
        var reading = ReadAsync(pipeline, tenant, requests, steps.Writer, stop.Token);
        try
        {
            var batches = new List<PreparedBatch>(Lookahead);
            while (await steps.Reader.WaitToReadAsync(stop.Token))
            {
                RpcException? refusal = null;
                var events = 0;
                while (refusal is null && steps.Reader.TryPeek(out var next)
                       && (batches.Count == 0 || next.Batch is null || events + next.Batch.Triage.Candidates.Count <= pipeline.MaxCommitEvents))
                {
                    steps.Reader.TryRead(out _);
                    if (next.Batch is { } batch)
                    {
                        batches.Add(batch);
                        events += batch.Triage.Candidates.Count;
                    }
                    refusal = next.Refusal;
                }
                if (batches.Count > 0)
                {
                    foreach (var ack in await pipeline.CommitAsync(batches, stop.Token))
                    {
                        await responses.WriteAsync(ack, stop.Token);
                    }
                    batches.Clear();
                }
                if (refusal is not null)
                {
                    throw refusal;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reading;   // never throws: its failures travel through the channel
        }
    }

    private static async Task ReadAsync(IngestionPipeline pipeline, string tenant, IAsyncStreamReader<EventBatch> requests, ChannelWriter<Step> steps, CancellationToken ct)
    {
        try
        {
            while (await requests.MoveNext(ct))
            {
                Step step;
                try
                {
                    step = new Step(pipeline.Prepare(tenant, requests.Current, "ingest"), null);
                }
                catch (RpcException refusal)
                {
                    step = new Step(null, refusal);
                }
                await steps.WriteAsync(step, ct);
                if (step.Refusal is not null)
                {
                    break;
                }
            }
            steps.TryComplete();
        }
        catch (Exception ex)
        {
            steps.TryComplete(ex);
        }
    }
}
