using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Suite.ServiceDefaults.Auth;

/// <summary>
/// Enforces <see cref="AccessTable"/> on every gRPC call, JSON-transcoded ones included (they run the same handler
/// pipeline): PERMISSION_DENIED when none of the caller's roles may call the method, or when a reader-only caller asks
/// for more than <see cref="ReaderWindow"/> allows. Authentication has already run (fallback policy), so an anonymous
/// caller never gets here, except on the anonymous health and reflection services.
/// </summary>
public sealed class RoleInterceptor(TimeProvider clock) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context, request);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context, request: null);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context, request);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context, request: null);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context, object? request)
    {
        if (AccessTable.AnonymousServices.Contains(ServiceOf(context.Method)))
        {
            return;
        }
        var roles = context.GetHttpContext().User.FindAll(SuiteClaims.Role).Select(c => c.Value).Distinct().ToList();
        var decision = AccessTable.Decide(context.Method, roles);
        if (!decision.Allowed)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, decision.Reason!));
        }
        // Streamed requests are not inspected: the reader role is allowed no streaming method.
        if (request is not null && decision.OnlyAs(SuiteRoles.Reader) && ReaderWindow.Check(request, clock.GetUtcNow()) is { } violation)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, violation));
        }
    }

    /// <summary>"package.Service" of "/package.Service/Method".</summary>
    private static string ServiceOf(string method)
    {
        var slash = method.IndexOf('/', 1);
        return slash > 1 ? method[1..slash] : method;
    }
}
