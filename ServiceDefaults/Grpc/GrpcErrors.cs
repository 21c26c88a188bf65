using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Google.Rpc.Status;

namespace Suite.ServiceDefaults.Grpc;

/// <summary>Builders for the status codes the suite answers with, carrying google.rpc details.</summary>
public static class GrpcErrors
{
    public static RpcException InvalidArgument(IEnumerable<FieldViolation> violations)
    {
        var list = violations.ToList();
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(list.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var summary = list.Count == 0 ? "invalid argument" : string.Join("; ", list.Select(v => $"{v.Field}: {v.Description}"));
        return new Status
        {
            Code = (int)Code.InvalidArgument,
            Message = summary,
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string description) => InvalidArgument([new FieldViolation(field, description)]);

    /// <summary>The trailer that tells HTTP-minded clients and proxies when to retry, in whole seconds (rounded up).</summary>
    public const string RetryAfterTrailer = "retry-after";

    /// <summary>
    /// Over a rate: google.rpc.RetryInfo says when the same request will pass, QuotaFailure which quota (subject, e.g.
    /// "tenant:acme"), plus a retry-after trailer for clients that do not read rich statuses.
    /// </summary>
    public static RpcException RateLimited(string message, TimeSpan retryAfter, string subject, string quota)
    {
        var ex = new Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = message,
            Details =
            {
                Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }),
                Any.Pack(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = subject, Description = quota } } }),
            },
        }.ToRpcException();
        ex.Trailers.Add(RetryAfterTrailer, RetryAfterSeconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ex;
    }

    public static long RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));

    public static RpcException NotFound(string what) => new(new global::Grpc.Core.Status(StatusCode.NotFound, what));

    public static RpcException FailedPrecondition(string why) => new(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, why));

    /// <summary>Reads the field violations back out of an exception (clients and tests).</summary>
    public static IReadOnlyList<FieldViolation> FieldViolations(this RpcException ex)
    {
        var status = ex.GetRpcStatus();
        var badRequest = status?.GetDetail<BadRequest>();
        return badRequest is null
            ? []
            : badRequest.FieldViolations.Select(v => new FieldViolation(v.Field, v.Description)).ToList();
    }
}
