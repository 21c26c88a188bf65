using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Suite.ServiceDefaults.Grpc;
using Status = Google.Rpc.Status;

namespace Suite.Ingestion.Api;

/// <summary>RESOURCE_EXHAUSTED answers (HTTP 429 through JSON transcoding) with google.rpc details.</summary>
internal static class LimitErrors
{
    /// <summary>A size or count limit: google.rpc.BadRequest names the field, so the caller knows what to shrink.</summary>
    public static RpcException TooLarge(IEnumerable<FieldViolation> violations)
    {
        var list = violations.ToList();
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(list.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return new Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = string.Join("; ", list.Select(v => $"{v.Field}: {v.Description}")),
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }

    public static RpcException TooLarge(string field, string description) => TooLarge([new FieldViolation(field, description)]);

    /// <summary>Over the tenant's rate: google.rpc.RetryInfo says when the same request will pass, QuotaFailure which quota.</summary>
    public static RpcException RateLimited(string tenant, int events, TimeSpan retryAfter, double eventsPerSecond) => GrpcErrors.RateLimited(
        $"tenant {tenant} is over its rate limit of {eventsPerSecond:0.##} events/s; retry this request of {events} event(s) after {retryAfter.TotalMilliseconds:0} ms",
        retryAfter, $"tenant:{tenant}", $"events per second ({eventsPerSecond:0.##})");
}
