using Suite.Contracts.Ingestion.V1;

namespace Suite.Ingestion.Domain.Limits;

/// <summary>
/// Size limits on the encoded (protobuf) form, the same for gRPC and JSON callers: one event (Ingestion:MaxEventBytes,
/// 32 KiB) and one batch (Ingestion:MaxBatchBytes, 1 MiB). An oversized event inside a batch is rejected alone.
/// </summary>
public sealed record RequestLimits(int MaxEventBytes, int MaxBatchBytes)
{
    public static readonly RequestLimits Default = new(EventLimits.DefaultMaxEventBytes, EventLimits.DefaultMaxBatchBytes);

    /// <returns>A rejection when the event is too large, else null.</returns>
    public EventValidation? CheckEvent(Event e) => CheckEventSize(e.CalculateSize());

    /// <param name="size">The event's encoded size (<see cref="Google.Protobuf.IMessage.CalculateSize"/>).</param>
    public EventValidation? CheckEventSize(int size) =>
        size <= MaxEventBytes
            ? null
            : EventValidation.Reject("event", $"is {size} bytes encoded; at most {MaxEventBytes} are allowed", "event_too_large", exceedsLimit: true);

    /// <returns>The encoded size when the batch is too large, else null.</returns>
    public int? BatchTooLarge(EventBatch batch) => BatchTooLarge(batch.CalculateSize());

    public int? BatchTooLarge(int size) => size <= MaxBatchBytes ? null : size;

    /// <summary>The encoded size of a batch from its events' sizes (each event: a tag byte and a length prefix).</summary>
    public static int BatchSize(string batchId, ReadOnlySpan<int> eventSizes)
    {
        var size = batchId.Length == 0 ? 0 : 1 + Google.Protobuf.CodedOutputStream.ComputeStringSize(batchId);
        foreach (var s in eventSizes)
        {
            size += 1 + Google.Protobuf.CodedOutputStream.ComputeLengthSize(s) + s;
        }
        return size;
    }
}
