using Google.Rpc;
using Grpc.Core;
using Suite.Contracts.Ingestion.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using Outcome = Suite.Contracts.Ingestion.V1.EventResult.Types.Outcome;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>The bidirectional Ingest call: one ack per committed batch, in order; a refused batch ends the call.</summary>
[Collection(InfraCollection.Name)]
public class IngestStreamTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    [Fact]
    public async Task Every_batch_is_acknowledged_in_order_with_per_event_results()
    {
        var tenant = TestEvents.NewTenant();
        var first = TestEvents.Batch("b1", 300);
        var second = TestEvents.Batch("b2", 2);
        var bad = TestEvents.New();
        bad.Type = "not valid";
        second.Events.Add(bad);
        second.Events.Add(first.Events[0]);                      // a retry of an event acknowledged before
        var third = TestEvents.Batch("b3", 1000);

        using var call = host.Client.Ingest(host.AuthFor(tenant));
        foreach (var batch in new[] { first, second, third })
        {
            await call.RequestStream.WriteAsync(batch);
        }
        await call.RequestStream.CompleteAsync();
        var acks = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(["b1", "b2", "b3"], acks.Select(a => a.BatchId));
        Assert.Equal((300, 0, 0), (acks[0].Accepted, acks[0].Duplicates, acks[0].Rejected));
        Assert.Equal((2, 1, 1), (acks[1].Accepted, acks[1].Duplicates, acks[1].Rejected));
        Assert.Equal([Outcome.Accepted, Outcome.Accepted, Outcome.Rejected, Outcome.Duplicate], acks[1].Results.Select(r => r.Outcome));
        Assert.Equal("type", acks[1].Results[2].Field);
        Assert.Equal(second.Events.Select(e => e.EventId), acks[1].Results.Select(r => r.EventId));
        Assert.Equal(1000, acks[2].Accepted);
        Assert.Equal(1302, await host.Database.CountEventsAsync(tenant));
        // Announced exactly once each (batches that queue during a commit share a transaction and its announcement).
        Assert.Equal(1302, await host.Database.ScalarAsync(
            "select count(*) from outbox_messages, json_array_elements(payload->'events') e where payload->>'tenant' = @t", ("t", tenant)));
        Assert.Equal(1302, await host.Database.ScalarAsync(
            "select count(distinct e->>'eventId') from outbox_messages, json_array_elements(payload->'events') e where payload->>'tenant' = @t", ("t", tenant)));
    }

    [Fact]
    public async Task A_refused_batch_ends_the_call_after_acknowledging_the_batches_before_it()
    {
        var tenant = TestEvents.NewTenant();
        using var call = host.Client.Ingest(host.AuthFor(tenant));
        await call.RequestStream.WriteAsync(TestEvents.Batch("ok-1", 10));
        await call.RequestStream.WriteAsync(TestEvents.Batch("ok-2", 10));
        await call.RequestStream.WriteAsync(new EventBatch { BatchId = "empty" });
        await call.RequestStream.WriteAsync(TestEvents.Batch("never", 10));

        var acks = new List<BatchAck>();
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var ack in call.ResponseStream.ReadAllAsync())
            {
                acks.Add(ack);
            }
        });

        Assert.Equal(["ok-1", "ok-2"], acks.Select(a => a.BatchId));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("events", Assert.Single(ex.FieldViolations()).Field);
        Assert.Equal(20, await host.Database.CountEventsAsync(tenant));
    }

    [Fact]
    public async Task A_batch_over_the_byte_limit_is_ResourceExhausted()
    {
        var tenant = TestEvents.NewTenant();
        // 1000 events of ~1.2 KB: over the default 1 MiB per batch.
        var huge = TestEvents.Batch("huge", 1000);
        foreach (var e in huge.Events)
        {
            e.Properties["text"] = new string('x', 1000);
        }

        using var call = host.Client.Ingest(host.AuthFor(tenant));
        await call.RequestStream.WriteAsync(huge);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("events", Assert.Single(ex.FieldViolations()).Field);
        Assert.Equal(0, await host.Database.CountEventsAsync(tenant));

        var unary = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackBatchAsync(huge, host.AuthFor(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, unary.StatusCode);
        Assert.Null(unary.GetRpcStatus()!.GetDetail<RetryInfo>());   // resending the same batch will not help
    }

    [Fact]
    public async Task The_stream_needs_a_token()
    {
        using var call = host.Client.Ingest();
        // The server may refuse before the first write completes: either step may surface the status.
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(TestEvents.Batch("b", 1));
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }
}
