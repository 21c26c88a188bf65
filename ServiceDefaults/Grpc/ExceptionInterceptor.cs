using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Suite.ServiceDefaults.Grpc;

/// <summary>Never sends a stack trace to a caller: unexpected failures become INTERNAL with a trace id; unparsable streamed messages, out-of-range times and text PostgreSQL cannot store INVALID_ARGUMENT.</summary>
public sealed class ExceptionInterceptor(ILogger<ExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        CheckTimes(request);
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException ex) when (Bounded.IsOversized(ex))
        {
            throw Bounded.Shorten(ex);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (RpcException ex) when (Bounded.IsOversized(ex))
        {
            throw Bounded.Shorten(ex);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        CheckTimes(request);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException ex) when (Bounded.IsOversized(ex))
        {
            throw Bounded.Shorten(ex);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (RpcException ex) when (Bounded.IsOversized(ex))
        {
            throw Bounded.Shorten(ex);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    private static void CheckTimes<TRequest>(TRequest request)
    {
        if (request is Google.Protobuf.IMessage message && WellFormed.InvalidTimeField(message) is { } field)
        {
            throw GrpcErrors.InvalidArgument(field, "is not a valid time (protobuf allows 0001-01-01 to 9999-12-31, nanos 0-999999999)");
        }
    }

    private RpcException Translate(Exception ex, ServerCallContext context)
    {
        if (ex is OperationCanceledException or IOException && context.CancellationToken.IsCancellationRequested)
        {
            // The caller went away (deadline, cancel, a reset stream: Kestrel then fails the request stream's read with
            // an IOException): nothing of ours failed, and nobody is left to read the status.
            logger.LogDebug("{Method} ended: the caller cancelled or reset the call ({Error})", context.Method, ex.Message);
            return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        if (ex is Google.Protobuf.InvalidProtocolBufferException invalid)
        {
            // A streamed request message that does not parse: the caller's error, not ours.
            return new RpcException(new Status(StatusCode.InvalidArgument, $"request: a streamed message is not valid ({invalid.Message})"));
        }
        if (ex is Npgsql.PostgresException { SqlState: "22021" or "22P05" })
        {
            // PostgreSQL cannot store NUL (U+0000) in text; nothing was written (the statement failed).
            return GrpcErrors.InvalidArgument("request", "text must not contain NUL (U+0000) characters");
        }
        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
        logger.LogError(ex, "Unhandled error in {Method} (trace {TraceId})", context.Method, traceId);
        return new RpcException(new Status(StatusCode.Internal, $"internal error (trace {traceId})"));
    }
}
