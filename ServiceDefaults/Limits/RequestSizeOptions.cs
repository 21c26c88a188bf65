using Suite.ServiceDefaults.Grpc;

namespace Suite.ServiceDefaults.Limits;

/// <summary>
/// Configuration section "RequestLimits": the largest request a service reads. gRPC messages over
/// <see cref="MaxGrpcMessageBytes"/> are refused with RESOURCE_EXHAUSTED by grpc-dotnet before deserialization;
/// JSON-transcoded HTTP bodies over <see cref="MaxHttpBodyBytes"/> get 413 (Kestrel's per-request body limit).
/// </summary>
public sealed class RequestSizeOptions
{
    public const string Section = "RequestLimits";

    public const int MinBytes = 1024;
    public const int MaxBytes = 64 * 1024 * 1024;

    public int MaxGrpcMessageBytes { get; set; } = GrpcExtensions.MaxMessageBytes;

    // JSON is larger than protobuf for the same message, hence twice the gRPC limit.
    public int MaxHttpBodyBytes { get; set; } = 2 * GrpcExtensions.MaxMessageBytes;

    public IEnumerable<string> Validate()
    {
        if (MaxGrpcMessageBytes is < MinBytes or > MaxBytes)
        {
            yield return $"{Section}:MaxGrpcMessageBytes must be between {MinBytes} and {MaxBytes} (got {MaxGrpcMessageBytes})";
        }
        if (MaxHttpBodyBytes is < MinBytes or > MaxBytes)
        {
            yield return $"{Section}:MaxHttpBodyBytes must be between {MinBytes} and {MaxBytes} (got {MaxHttpBodyBytes})";
        }
    }
}
