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

    /// <summary>Sends the payloads (one for unary and server streaming) and reads every response until the status.</summary>
    public static async Task<StatusCode> InvokeAsync(CallInvoker invoker, Method<byte[], byte[]> method, IReadOnlyList<byte[]> payloads, Metadata headers, TimeSpan timeout)
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
                        await WriteAllAsync(call.RequestStream, payloads);
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        var reading = Task.Run(async () =>
                        {
                            while (await call.ResponseStream.MoveNext(CancellationToken.None))
                            {
                            }
                        });
                        await WriteAllAsync(call.RequestStream, payloads);
                        await reading;
                    }
                    break;
            }
            return StatusCode.OK;
        }
        catch (RpcException ex) when (CalmDown(ex.Status.DebugException) || CalmDown(ex.InnerException))
        {
            return StatusCode.ResourceExhausted;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
        catch (Exception ex) when (CalmDown(ex))
        {
            return StatusCode.ResourceExhausted;
        }
    }

    /// <summary>
    /// Kestrel resets streams with ENHANCE_YOUR_CALM when a client keeps many streams open that the server has
    /// answered already (its HTTP/2 abuse protection): a deliberate "slow down", counted as RESOURCE_EXHAUSTED.
    /// </summary>
    private static bool CalmDown(Exception? ex) =>
        ex is not null && (ex is System.Net.Http.HttpProtocolException { ErrorCode: 0xb } || CalmDown(ex.InnerException));

    private static async Task WriteAllAsync(IClientStreamWriter<byte[]> requests, IReadOnlyList<byte[]> payloads)
    {
        try
        {
            foreach (var payload in payloads)
            {
                await requests.WriteAsync(payload);
            }
            await requests.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or System.Net.Http.HttpRequestException)
        {
            // The server ended the call early (e.g. a refused message): the status is read from the response side.
        }
    }
}
