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
    public EventValidation? CheckEvent(Event e)
    {
        var size = e.CalculateSize();
        return size <= MaxEventBytes
            ? null
            : EventValidation.Reject("event", $"is {size} bytes encoded; at most {MaxEventBytes} are allowed", "event_too_large", exceedsLimit: true);
    }

    /// <returns>The encoded size when the batch is too large, else null.</returns>
    public int? BatchTooLarge(EventBatch batch)
    {
        var size = batch.CalculateSize();
        return size <= MaxBatchBytes ? null : size;
    }
}
