using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Suite.EndToEnd.Tests.Fuzz;

/// <summary>Calls any RPC with raw request bytes (no client-side parsing) and returns how the call ended.</summary>
public static class RawCall
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static Method<byte[], byte[]> MethodFor(MethodDescriptor method) => new(
        (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        },
        method.Service.FullName, method.Name, Bytes, Bytes);

    /// <summary>Sends the payloads (one for unary and server streaming) and reads every response until the status (with its detail, to diagnose).</summary>
    public static async Task<Status> InvokeAsync(CallInvoker invoker, Method<byte[], byte[]> method, IReadOnlyList<byte[]> payloads, Metadata headers, TimeSpan timeout)
    {
        var options = new CallOptions(headers, DateTime.UtcNow + timeout);
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, payloads[0]);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, payloads[0]))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await SendAndReceiveAsync(call.RequestStream, payloads, async () => await call.ResponseAsync);
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await SendAndReceiveAsync(call.RequestStream, payloads, async () =>
                        {
                            while (await call.ResponseStream.MoveNext(CancellationToken.None))
                            {
                            }
                        });
                    }
                    break;
            }
            return Status.DefaultSuccess;
        }
        catch (RpcException ex) when (CalmDown(ex.Status.DebugException) || CalmDown(ex.InnerException))
        {
            return new Status(StatusCode.ResourceExhausted, "ENHANCE_YOUR_CALM");
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
        catch (Exception ex) when (CalmDown(ex))
        {
            return new Status(StatusCode.ResourceExhausted, "ENHANCE_YOUR_CALM");
        }
    }

    /// <summary>
    /// Kestrel resets streams with ENHANCE_YOUR_CALM when a client keeps many streams open that the server has
    /// answered already (its HTTP/2 abuse protection): a deliberate "slow down", counted as RESOURCE_EXHAUSTED.
    /// </summary>
    private static bool CalmDown(Exception? ex) =>
        ex is not null && (ex is System.Net.Http.HttpProtocolException { ErrorCode: 0xb } || CalmDown(ex.InnerException));

    /// <summary>
    /// Writes while the response is read, and gives up writing once the response has ended. grpc-dotnet stops
    /// enforcing the deadline when the response has ended, so a write still waiting for HTTP/2 flow control (the
    /// server refused a message over its size limit and read no further) would otherwise wait for ever.
    /// </summary>
    private static async Task SendAndReceiveAsync(IClientStreamWriter<byte[]> requests, IReadOnlyList<byte[]> payloads, Func<Task> receive)
    {
        using var responseEnded = new CancellationTokenSource();
        var writing = WriteAllAsync(requests, payloads, responseEnded.Token);
        try
        {
            await receive();
        }
        finally
        {
            await responseEnded.CancelAsync();
            await writing;
        }
    }

    private static async Task WriteAllAsync(IClientStreamWriter<byte[]> requests, IReadOnlyList<byte[]> payloads, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var payload in payloads)
            {
                await requests.WriteAsync(payload, cancellationToken);
            }
            await requests.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or OperationCanceledException or System.Net.Http.HttpRequestException)
        {
            // The server ended the call early (e.g. a refused message): the status is read from the response side.
        }
    }
}
